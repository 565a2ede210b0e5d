// The council's protocol: a preset from the domain package (OPENPORTAGE_PROTOCOL), or the
// council's own JSON file (OPENPORTAGE_PROTOCOL_FILE), validated by the domain package. The same
// pair of variables, read the same way, chooses the council for the public site and the admin
// app (@openportage/council).
import { PRESETS } from "@openportage/council";

export { loadProtocol, ProtocolSettingError } from "@openportage/council";

/** The presets' names, for validating OPENPORTAGE_PROTOCOL. */
export const PRESET_NAMES = Object.keys(PRESETS) as [string, ...string[]];

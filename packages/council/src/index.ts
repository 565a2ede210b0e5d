/**
 * @openportage/council: which council a deployment is for, in one place. The protocol comes from
 * OPENPORTAGE_PROTOCOL (a preset) or OPENPORTAGE_PROTOCOL_FILE (the council's JSON, validated by
 * @openportage/domain); the council's name, contact details and colours come from its entry here,
 * or a default made from the protocol. The API, the public site and the admin app all use it.
 */
export * from "./caseload.js";
export * from "./deployment.js";
export * from "./presentation.js";
export * from "./protocol.js";
export * from "./styles.js";

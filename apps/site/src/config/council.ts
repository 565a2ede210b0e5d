// The council the site is built for. Its protocol is chosen by OPENPORTAGE_PROTOCOL (a preset)
// or OPENPORTAGE_PROTOCOL_FILE (the council's own JSON); its name, contact details and colours
// come from @openportage/council (packages/council/src/presentation.ts), the one place the site
// and the admin app both read. See docs/site.md, "Rebranding for another council".
export {
  type Council,
  type CouncilColours,
  type CouncilContact,
  type CouncilPresentation,
  councilFor,
  DEFAULT_PROTOCOL,
  loadCouncil,
  PRESETS,
  presentations,
} from "@openportage/council";

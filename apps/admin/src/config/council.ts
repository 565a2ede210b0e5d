// The council whose staff use this app: its name and brand colours. The council is chosen at
// build time by the same variables as the API and the public site: OPENPORTAGE_PROTOCOL (a
// preset) or OPENPORTAGE_PROTOCOL_FILE (the council's own protocol JSON). Its name and colours
// come from @openportage/council, the one place the site and this app both read; a protocol id
// with no entry there gets the protocol's council name and the default colours.
import { type CouncilColours, loadCouncil } from "@openportage/council";

/** The service's name in the admin app's header, the same for every council. */
export const ADMIN_SERVICE_NAME = "Portage case work";

/** What the admin app shows of the council. */
export interface CouncilBrand {
  readonly name: string;
  /** The service's name in the admin app's header. */
  readonly serviceName: string;
  /** The colours of the council's brand; brand, link and visited link have at least 4.5:1 contrast on white. */
  readonly colours: CouncilColours;
}

/** The brand for the council an environment chooses. Throws, naming the variable, when the protocol is bad. */
export function readCouncilBrand(env: Readonly<Record<string, string | undefined>>): CouncilBrand {
  const council = loadCouncil(env);
  return { name: council.name, serviceName: ADMIN_SERVICE_NAME, colours: council.colours };
}

// Fixed at build time by astro.config.ts (Vite `define`), so the pages show the council the
// stylesheet's colours were compiled for.
declare const __OPENPORTAGE_COUNCIL_BRAND__: CouncilBrand | undefined;

/** The council this build is for; read from the environment where no build fixed it (unit tests). */
export const councilBrand: CouncilBrand =
  typeof __OPENPORTAGE_COUNCIL_BRAND__ !== "undefined" ? __OPENPORTAGE_COUNCIL_BRAND__ : readCouncilBrand(process.env);

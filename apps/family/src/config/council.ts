// The council whose families use this app: its name, the service's name, how to reach the team and
// the brand colours. Chosen at build time by the same variables as the API, the public site and the
// admin app (OPENPORTAGE_PROTOCOL or OPENPORTAGE_PROTOCOL_FILE), read from @openportage/council.
import { type CouncilColours, type CouncilContact, loadCouncil } from "@openportage/council";

/** What the family app shows of the council. */
export interface CouncilBrand {
  readonly name: string;
  /** The service's name as families know it ("Lancashire Portage Service"), in the header. */
  readonly serviceName: string;
  /** How families reach the Portage team when they cannot reach their home visitor. */
  readonly contact: CouncilContact;
  /** The colours of the council's brand; brand, link and visited link have at least 4.5:1 contrast on white. */
  readonly colours: CouncilColours;
}

/** The brand for the council an environment chooses. Throws, naming the variable, when the protocol is bad. */
export function readCouncilBrand(env: Readonly<Record<string, string | undefined>>): CouncilBrand {
  const council = loadCouncil(env);
  return { name: council.name, serviceName: council.serviceName, contact: council.contact, colours: council.colours };
}

// Fixed at build time by astro.config.ts (Vite `define`), so the pages show the council the
// stylesheet's colours were compiled for.
declare const __OPENPORTAGE_COUNCIL_BRAND__: CouncilBrand | undefined;

/** The council this build is for; read from the environment where no build fixed it (unit tests). */
export const councilBrand: CouncilBrand =
  typeof __OPENPORTAGE_COUNCIL_BRAND__ !== "undefined" ? __OPENPORTAGE_COUNCIL_BRAND__ : readCouncilBrand(process.env);

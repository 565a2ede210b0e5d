// Whether a build or a server is the demonstration or a council's real service, and what that
// changes for the public: the demo fills the contact details a council has not given with clearly
// fictional ones and shows one notice for the protocol's unconfirmed values; a production build
// refuses to go out while any value is unconfirmed.
import type { Protocol } from "@openportage/domain";
import type { CouncilContact } from "./presentation.js";

/** `demo` (the default: fictional data, demo accounts) or `production` (a council's real service). */
export type DeploymentMode = "demo" | "production";

/** The variable the API, the site build and the admin app read. */
export const MODE_VARIABLE = "OPENPORTAGE_MODE";

/** Reads OPENPORTAGE_MODE: `demo` when unset or empty; anything but demo or production throws. */
export function readMode(env: Readonly<Record<string, string | undefined>>): DeploymentMode {
  const value = env[MODE_VARIABLE]?.trim() || "demo";
  if (value !== "demo" && value !== "production") {
    throw new Error(`${MODE_VARIABLE} must be demo or production, not "${value}"`);
  }
  return value;
}

/**
 * Contact details for the demonstration: a phone number from Ofcom's range for drama (never a
 * real line), an address at the reserved `.invalid` domain and a made-up street, each saying
 * it is a demo.
 */
export const DEMO_CONTACT = {
  phone: "01632 960 000",
  email: "portage@demo.openportage.invalid",
  address: ["Portage team (demo address)", "1 Example Street", "Exampletown", "EX1 1AA"],
  hours: "Monday to Friday, 9am to 5pm (demo opening hours)",
} as const;

/** A council's contact details with the demo's filling each one the council has not given. */
export function withDemoContact(contact: CouncilContact): CouncilContact {
  return {
    ...contact,
    phone: contact.phone ?? DEMO_CONTACT.phone,
    email: contact.email ?? DEMO_CONTACT.email,
    address: contact.address ?? DEMO_CONTACT.address,
    hours: contact.hours ?? DEMO_CONTACT.hours,
  };
}

/** A value in the protocol the council has not published yet (`councilDefault`). */
export interface UnconfirmedValue {
  /** The clause's id. */
  readonly id: string;
  /** Where it is in the protocol, e.g. `priority.criteria[2]`. */
  readonly path: string;
  readonly description: string;
}

/** Every clause of the protocol marked `councilDefault`: Open Portage's starting values, not the council's. */
export function unconfirmedValues(protocol: Protocol): UnconfirmedValue[] {
  const found: UnconfirmedValue[] = [];
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        walk(item, `${path}[${index}]`);
      });
      return;
    }
    if (value === null || typeof value !== "object") return;
    const record = value as Record<string, unknown>;
    if (record.councilDefault === true && typeof record.id === "string") {
      found.push({
        id: record.id,
        path,
        description: typeof record.description === "string" ? record.description : "",
      });
    }
    for (const [key, inner] of Object.entries(record)) walk(inner, path ? `${path}.${key}` : key);
  };
  walk(protocol, "");
  return found;
}

/** The message a production build stops with while values are unconfirmed. */
export function unconfirmedMessage(protocol: Protocol, values: readonly UnconfirmedValue[]): string {
  return [
    `${MODE_VARIABLE}=production: the protocol "${protocol.id}" has ${values.length} ${values.length === 1 ? "value" : "values"} the council has not confirmed (marked councilDefault).`,
    "The public site must not show Open Portage's starting values as the council's. Set each one in the protocol file and remove its councilDefault:",
    ...values.map((value) => `- ${value.path} (${value.id}): ${value.description}`),
  ].join("\n");
}

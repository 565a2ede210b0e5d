// The server's configuration, read from the environment and validated once at start-up. A bad
// value stops the process with a message naming the variable.
import { fileURLToPath } from "node:url";
import type { Protocol } from "@openportage/domain";
import * as v from "valibot";
import { displayUrl, hasTokenInUrl, isLocalFile, isLoopback, isPlainText, isServerUrl } from "./db/url.js";
import { loadProtocol, PRESET_NAMES, ProtocolSettingError } from "./lib/protocol.js";

/** The embedded default database: a file beside the package, in `data/`. */
export const DEFAULT_DATABASE_URL = `file:${fileURLToPath(new URL("../data/openportage.db", import.meta.url))}`;

const Bool = v.pipe(
  v.picklist(["true", "false", "1", "0", "yes", "no"], "must be true or false"),
  v.transform((value) => value === "true" || value === "1" || value === "yes"),
);
function int(min: number, max: number) {
  return v.pipe(
    v.string(),
    v.regex(/^\d+$/, `must be a whole number from ${min} to ${max}`),
    v.transform(Number),
    v.minValue(min, `must be a whole number from ${min} to ${max}`),
    v.maxValue(max, `must be a whole number from ${min} to ${max}`),
  );
}
const Origin = v.pipe(
  v.string(),
  v.url("must be a list of origins like https://portage.example.gov.uk"),
  v.check((value) => new URL(value).origin === value, "must be origins only (scheme, host and port, no path)"),
);
const OriginList = v.pipe(
  v.string(),
  v.transform((value) =>
    value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  ),
  v.array(Origin),
);
const Text = v.pipe(v.string(), v.trim(), v.nonEmpty("must not be empty"));

/**
 * Public referrals allowed from one address in {@link REFERRAL_WINDOW_SECONDS}: 20 an hour. A
 * children's centre or council office sends several from one address in a busy hour (the whole
 * service gets a few a day), so the limit sits well above that; what it stops is one address
 * flooding the inbox, held to 20 an hour (each refusal audited). Why: docs/adr/0047.
 */
export const REFERRALS_PER_ADDRESS = 20;
/** The window of {@link REFERRALS_PER_ADDRESS}, in seconds: an hour. */
export const REFERRAL_WINDOW_SECONDS = 3600;

/** The most API processes `API_PROCESSES` may ask for: far more than a council's machine has cores. */
export const MAX_API_PROCESSES = 16;

/** The environment variables the server reads, with their defaults. See docs/operations.md. */
export const EnvSchema = v.object({
  OPENPORTAGE_MODE: v.optional(v.picklist(["demo", "production"], "must be demo or production"), "demo"),
  HOST: v.optional(Text, "127.0.0.1"),
  PORT: v.optional(int(0, 65535), "3000"),
  /** API processes serving PORT together on one database (node:cluster when more than 1). See docs/adr/0053. */
  API_PROCESSES: v.optional(int(1, MAX_API_PROCESSES), "1"),
  DATABASE_URL: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^(file|libsql|https?|wss?):/, "must be a file:, libsql:, http(s): or ws(s): URL"),
      v.check(
        (value) => isLocalFile(value) || URL.canParse(value),
        "must be a libSQL server URL with a host, like libsql://portage-db.example.internal",
      ),
      v.check((value) => !isServerUrl(value) || new URL(value).host !== "", "must name the server's host"),
    ),
    DEFAULT_DATABASE_URL,
  ),
  DATABASE_AUTH_TOKEN: v.optional(Text),
  OPENPORTAGE_PROTOCOL: v.optional(v.picklist(PRESET_NAMES, `must be ${PRESET_NAMES.join(" or ")}`), "lancashire"),
  OPENPORTAGE_PROTOCOL_FILE: v.optional(Text),
  PUBLIC_ORIGIN: v.optional(Origin),
  SITE_ORIGINS: v.optional(OriginList, ""),
  ADMIN_ORIGINS: v.optional(OriginList, ""),
  TRUST_PROXY: v.optional(Bool, "false"),
  /** Children a home visitor holds before allocating one more needs a reason (@openportage/council). */
  OPENPORTAGE_CASELOAD_LIMIT: v.optional(int(1, 500)),
  REFERRAL_RATE_LIMIT: v.optional(int(1, 1_000_000), String(REFERRALS_PER_ADDRESS)),
  REFERRAL_RATE_WINDOW_SECONDS: v.optional(int(1, 86_400), String(REFERRAL_WINDOW_SECONDS)),
  SESSION_IDLE_MINUTES: v.optional(int(1, 24 * 60), "30"),
  SESSION_ABSOLUTE_HOURS: v.optional(int(1, 24), "12"),
  NOTIFY_API_KEY: v.optional(Text),
  NOTIFY_BASE_URL: v.optional(v.pipe(v.string(), v.url("must be a URL"))),
  NOTIFY_TEMPLATE_PARENT_CONFIRMATION: v.optional(Text),
  NOTIFY_TEMPLATE_TEAM_ALERT: v.optional(Text),
  /** A report sent to a professional, as a document (`link_to_file`). */
  NOTIFY_TEMPLATE_REPORT: v.optional(Text),
  /** The routine notice to a service the protocol informs of every family (`informedRoutinely`). */
  NOTIFY_TEMPLATE_ROUTINE_NOTICE: v.optional(Text),
  /** A family member's invitation to the family app (`link`, `expires_on`). */
  NOTIFY_TEMPLATE_FAMILY_INVITATION: v.optional(Text),
  /** A family member's one-time sign-in code (`code`, `minutes`). */
  NOTIFY_TEMPLATE_FAMILY_CODE: v.optional(Text),
  /** Telling family members the case closed (`name`, `child_first_name`, `reports_until`, `link`). */
  NOTIFY_TEMPLATE_FAMILY_ACCESS_ENDED: v.optional(Text),
  /** A member of staff's forgotten-password link (`service_name`, `name`, `link`, `minutes`). */
  NOTIFY_TEMPLATE_PASSWORD_RESET: v.optional(Text),
  NOTIFY_TIMEOUT_SECONDS: v.optional(int(1, 300), "15"),
  /** Where routine notices go: `recipient-id=address` pairs, comma-separated. */
  ROUTINE_NOTICE_EMAILS: v.optional(
    v.pipe(
      v.string(),
      v.transform((value) =>
        value
          .split(",")
          .map((pair) => pair.trim())
          .filter(Boolean)
          .map((pair) => {
            const at = pair.indexOf("=");
            return { recipientId: pair.slice(0, at).trim(), email: pair.slice(at + 1).trim() };
          }),
      ),
      v.array(
        v.object({
          recipientId: v.pipe(v.string(), v.nonEmpty("must be recipient-id=address pairs")),
          email: v.pipe(v.string(), v.email("must be recipient-id=address pairs with email addresses")),
        }),
      ),
    ),
    "",
  ),
  TEAM_EMAIL: v.optional(v.pipe(v.string(), v.email("must be an email address"))),
  SEED_DEMO: v.optional(Bool),
  LOG_LEVEL: v.optional(
    v.picklist(["debug", "info", "warn", "error", "silent"], "must be debug, info, warn, error or silent"),
    "info",
  ),
});

/** Settings whose values are never shown in an error: they are secrets. */
const SECRET_SETTINGS = new Set(["DATABASE_AUTH_TOKEN", "NOTIFY_API_KEY"]);

/** Old names still read when the new one is unset: deprecated, to be removed. */
export const DEPRECATED_ALIASES = {
  PROTOCOL: "OPENPORTAGE_PROTOCOL",
  PROTOCOL_FILE: "OPENPORTAGE_PROTOCOL_FILE",
} as const;

/** The validated configuration, with the protocol it chooses (a preset, or the council's file, validated). */
export type Config = v.InferOutput<typeof EnvSchema> & { readonly protocol: Protocol };

/** Thrown when the environment holds a bad value; the message names every bad variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads and validates the configuration from an environment (usually `process.env`). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const known = Object.keys(EnvSchema.entries);
  // Empty variables count as unset, as shells and .env files often leave them.
  const input: Record<string, string> = Object.fromEntries(known.flatMap((key) => (env[key] ? [[key, env[key]]] : [])));
  for (const [old, current] of Object.entries(DEPRECATED_ALIASES)) {
    const value = env[old];
    if (value && !input[current]) input[current] = value;
  }
  const result = v.safeParse(EnvSchema, input, { abortEarly: false });
  if (!result.success) {
    const lines = result.issues.map((issue) => {
      const key = String(issue.path?.[0]?.key ?? "?");
      // Never a secret in the message: a token or key is not shown, a URL without its token.
      const shown = SECRET_SETTINGS.has(key)
        ? "[hidden]"
        : key === "DATABASE_URL"
          ? JSON.stringify(displayUrl(input[key] ?? ""))
          : JSON.stringify(input[key]);
      return `- ${key} ${issue.message} (got ${shown})`;
    });
    throw new ConfigError(`configuration error:\n${lines.join("\n")}`);
  }
  const settings = result.output;
  const server = isServerUrl(settings.DATABASE_URL);
  if (settings.OPENPORTAGE_MODE === "production" && server && !isLoopback(settings.DATABASE_URL)) {
    const lines = [];
    if (!settings.DATABASE_AUTH_TOKEN && !hasTokenInUrl(settings.DATABASE_URL)) {
      lines.push(
        "- DATABASE_AUTH_TOKEN must be set in production mode when DATABASE_URL is a libSQL server: a server that answers without a token gives every family's record to anyone who reaches it",
      );
    }
    if (isPlainText(settings.DATABASE_URL)) {
      lines.push(
        `- DATABASE_URL must use TLS in production mode (libsql:, https: or wss:; got ${JSON.stringify(displayUrl(settings.DATABASE_URL))}): without it the token and the families' records cross the network readable`,
      );
    }
    if (lines.length > 0) throw new ConfigError(`configuration error:\n${lines.join("\n")}`);
  }
  const templates = [
    "NOTIFY_TEMPLATE_PARENT_CONFIRMATION",
    "NOTIFY_TEMPLATE_TEAM_ALERT",
    "NOTIFY_TEMPLATE_REPORT",
    "NOTIFY_TEMPLATE_ROUTINE_NOTICE",
    "NOTIFY_TEMPLATE_FAMILY_INVITATION",
    "NOTIFY_TEMPLATE_FAMILY_CODE",
    "NOTIFY_TEMPLATE_FAMILY_ACCESS_ENDED",
    "NOTIFY_TEMPLATE_PASSWORD_RESET",
  ] as const;
  const unset = templates.filter((key) => !settings[key]);
  if (settings.NOTIFY_API_KEY && unset.length > 0) {
    throw new ConfigError(`configuration error:\n- ${unset.join(", ")} must be set when NOTIFY_API_KEY is`);
  }
  let protocol: Protocol;
  try {
    protocol = loadProtocol({ preset: settings.OPENPORTAGE_PROTOCOL, file: settings.OPENPORTAGE_PROTOCOL_FILE });
  } catch (error) {
    if (error instanceof ProtocolSettingError) throw new ConfigError(`configuration error:\n${error.message}`);
    throw error;
  }
  const routine = protocol.sharing.recipients.filter((r) => r.informedRoutinely).map((r) => r.id);
  const strays = settings.ROUTINE_NOTICE_EMAILS.filter((pair) => !routine.includes(pair.recipientId));
  if (strays.length > 0) {
    throw new ConfigError(
      `configuration error:\n- ROUTINE_NOTICE_EMAILS names ${strays.map((p) => `"${p.recipientId}"`).join(", ")}: the protocol informs ${routine.length > 0 ? routine.map((id) => `"${id}"`).join(", ") : "no one"} routinely`,
    );
  }
  const unaddressed = routine.filter((id) => !settings.ROUTINE_NOTICE_EMAILS.some((pair) => pair.recipientId === id));
  if (settings.OPENPORTAGE_MODE === "production" && unaddressed.length > 0) {
    throw new ConfigError(
      `configuration error:\n- ROUTINE_NOTICE_EMAILS must give an address for ${unaddressed.map((id) => `"${id}"`).join(", ")}: the protocol tells ${unaddressed.length === 1 ? "this service" : "these services"} of every family who starts, once their consent allows it`,
    );
  }
  return { ...settings, protocol };
}

/**
 * Where the routine notice to a recipient goes: the configured address (production mode needs
 * one for each), or in demo mode an address that cannot be delivered to.
 */
export function routineNoticeEmail(config: Config, recipientId: string): string | undefined {
  const configured = config.ROUTINE_NOTICE_EMAILS.find((pair) => pair.recipientId === recipientId)?.email;
  if (configured) return configured;
  return config.OPENPORTAGE_MODE === "demo" ? `${recipientId}@demo.openportage.invalid` : undefined;
}

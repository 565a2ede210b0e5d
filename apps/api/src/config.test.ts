import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cheshireEast } from "@openportage/domain";
import { expect, it } from "vitest";
import { ConfigError, DEFAULT_DATABASE_URL, loadConfig, routineNoticeEmail } from "./config.js";

it("has defaults for the embedded database", () => {
  const config = loadConfig({});
  expect(config).toMatchObject({
    PORT: 3000,
    OPENPORTAGE_MODE: "demo",
    OPENPORTAGE_PROTOCOL: "lancashire",
    SITE_ORIGINS: [],
  });
  expect(config.protocol.id).toBe("lancashire");
  expect(config.DATABASE_URL).toBe(DEFAULT_DATABASE_URL);
  expect(DEFAULT_DATABASE_URL).toMatch(/apps\/api\/data\/openportage\.db$/);
});

it("names every bad variable", () => {
  try {
    loadConfig({
      PORT: "eighty",
      SITE_ORIGINS: "https://ok.example, https://bad.example/path",
      OPENPORTAGE_MODE: "prod",
    });
    expect.unreachable();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain("PORT must be a whole number");
    expect(message).toContain("SITE_ORIGINS");
    expect(message).toContain("OPENPORTAGE_MODE must be demo or production");
  }
});

it("needs every Notify template with a Notify key, naming the ones missing", () => {
  expect(() => loadConfig({ NOTIFY_API_KEY: "key" })).toThrow(/NOTIFY_TEMPLATE_PARENT_CONFIRMATION/);
  expect(() =>
    loadConfig({
      NOTIFY_API_KEY: "key",
      NOTIFY_TEMPLATE_PARENT_CONFIRMATION: "a",
      NOTIFY_TEMPLATE_TEAM_ALERT: "b",
      NOTIFY_TEMPLATE_REPORT: "c",
    }),
  ).toThrow(
    /- NOTIFY_TEMPLATE_ROUTINE_NOTICE, NOTIFY_TEMPLATE_FAMILY_INVITATION, NOTIFY_TEMPLATE_FAMILY_CODE, NOTIFY_TEMPLATE_FAMILY_ACCESS_ENDED, NOTIFY_TEMPLATE_PASSWORD_RESET must be set/,
  );
  const all = {
    NOTIFY_API_KEY: "key",
    NOTIFY_TEMPLATE_PARENT_CONFIRMATION: "a",
    NOTIFY_TEMPLATE_TEAM_ALERT: "b",
    NOTIFY_TEMPLATE_REPORT: "c",
    NOTIFY_TEMPLATE_ROUTINE_NOTICE: "d",
    NOTIFY_TEMPLATE_FAMILY_INVITATION: "e",
    NOTIFY_TEMPLATE_FAMILY_CODE: "f",
    NOTIFY_TEMPLATE_FAMILY_ACCESS_ENDED: "g",
    NOTIFY_TEMPLATE_PASSWORD_RESET: "h",
  };
  expect(loadConfig(all)).toMatchObject({ NOTIFY_TEMPLATE_FAMILY_INVITATION: "e", NOTIFY_TEMPLATE_FAMILY_CODE: "f" });
  // The family app's templates are needed as much as the others: an invitation or a code that
  // cannot be sent leaves a family with no way in.
  expect(() => loadConfig({ ...all, NOTIFY_TEMPLATE_FAMILY_INVITATION: undefined })).toThrow(
    /- NOTIFY_TEMPLATE_FAMILY_INVITATION must be set when NOTIFY_API_KEY is/,
  );
  expect(() => loadConfig({ ...all, NOTIFY_TEMPLATE_FAMILY_CODE: undefined })).toThrow(
    /- NOTIFY_TEMPLATE_FAMILY_CODE must be set when NOTIFY_API_KEY is/,
  );
});

it("reads where routine notices go, and refuses a recipient the protocol does not inform routinely", () => {
  const config = loadConfig({ ROUTINE_NOTICE_EMAILS: " family-wellbeing-service = cfws@council.example " });
  expect(config.ROUTINE_NOTICE_EMAILS).toEqual([
    { recipientId: "family-wellbeing-service", email: "cfws@council.example" },
  ]);
  expect(routineNoticeEmail(config, "family-wellbeing-service")).toBe("cfws@council.example");
  expect(() => loadConfig({ ROUTINE_NOTICE_EMAILS: "health-visitor=hv@council.example" })).toThrow(
    /ROUTINE_NOTICE_EMAILS names "health-visitor": the protocol informs "family-wellbeing-service" routinely/,
  );
  expect(() => loadConfig({ ROUTINE_NOTICE_EMAILS: "family-wellbeing-service=not-an-address" })).toThrow(
    /ROUTINE_NOTICE_EMAILS must be recipient-id=address pairs with email addresses/,
  );
  // Demo mode has an address nothing is delivered to; production needs one configured.
  expect(routineNoticeEmail(loadConfig({}), "family-wellbeing-service")).toBe(
    "family-wellbeing-service@demo.openportage.invalid",
  );
  expect(() => loadConfig({ OPENPORTAGE_MODE: "production" })).toThrow(
    /ROUTINE_NOTICE_EMAILS must give an address for "family-wellbeing-service"/,
  );
  // Cheshire East's protocol informs no one routinely: nothing to configure.
  expect(() => loadConfig({ OPENPORTAGE_MODE: "production", OPENPORTAGE_PROTOCOL: "cheshire-east" })).not.toThrow();
});

function protocolFile(value: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), "openportage-config-")), "protocol.json");
  writeFileSync(file, JSON.stringify(value));
  return file;
}

it("chooses the protocol with OPENPORTAGE_PROTOCOL or OPENPORTAGE_PROTOCOL_FILE, the file winning", () => {
  expect(loadConfig({ OPENPORTAGE_PROTOCOL: "cheshire-east" }).protocol).toBe(cheshireEast);
  const file = protocolFile({ ...cheshireEast, id: "example-borough" });
  const config = loadConfig({ OPENPORTAGE_PROTOCOL: "lancashire", OPENPORTAGE_PROTOCOL_FILE: file });
  expect(config.protocol.id).toBe("example-borough");
  expect(config.protocol.eligibility.routes).toEqual(cheshireEast.eligibility.routes);
});

it("still reads the deprecated PROTOCOL and PROTOCOL_FILE when the new names are unset", () => {
  expect(loadConfig({ PROTOCOL: "cheshire-east" }).protocol.id).toBe("cheshire-east");
  expect(loadConfig({ PROTOCOL: "cheshire-east", OPENPORTAGE_PROTOCOL: "lancashire" }).protocol.id).toBe("lancashire");
  const file = protocolFile({ ...cheshireEast, id: "old-name" });
  expect(loadConfig({ PROTOCOL_FILE: file }).protocol.id).toBe("old-name");
});

it("refuses an unknown preset, naming the variable", () => {
  expect(() => loadConfig({ OPENPORTAGE_PROTOCOL: "atlantis" })).toThrow(
    /OPENPORTAGE_PROTOCOL must be lancashire or cheshire-east/,
  );
});

it("refuses a protocol file that is not valid, naming the path of each problem", () => {
  const { retention: _retention, ...withoutRetention } = cheshireEast;
  const file = protocolFile({
    ...withoutRetention,
    council: { ...cheshireEast.council, contact: { email: "nobody" } },
    visits: { ...cheshireEast.visits, blocks: { ...cheshireEast.visits.blocks, frequencies: [] } },
  });
  let message = "";
  try {
    loadConfig({ OPENPORTAGE_PROTOCOL_FILE: file });
    expect.unreachable();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    message = (error as Error).message;
  }
  expect(message).toContain(`OPENPORTAGE_PROTOCOL_FILE: ${file} is not a valid protocol (3 problems):`);
  expect(message).toContain("- council.contact.email: must be an email address");
  expect(message).toContain("- visits.blocks.frequencies: must allow at least one frequency");
  expect(message).toContain("- retention: is required");
  expect(() => loadConfig({ OPENPORTAGE_PROTOCOL_FILE: "/no/such/protocol.json" })).toThrow(
    /OPENPORTAGE_PROTOCOL_FILE: cannot read \/no\/such\/protocol\.json: ENOENT/,
  );
});

it("runs API_PROCESSES processes, 1 unless set, from 1 to 16", () => {
  expect(loadConfig({}).API_PROCESSES).toBe(1);
  expect(loadConfig({ API_PROCESSES: "4" }).API_PROCESSES).toBe(4);
  expect(loadConfig({ API_PROCESSES: "16" }).API_PROCESSES).toBe(16);
  for (const bad of ["0", "-2", "two", "1.5", "17"]) {
    expect(() => loadConfig({ API_PROCESSES: bad }), bad).toThrow(
      `- API_PROCESSES must be a whole number from 1 to 16 (got ${JSON.stringify(bad)})`,
    );
  }
});

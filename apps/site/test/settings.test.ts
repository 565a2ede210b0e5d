import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_COLOURS } from "@openportage/council";
import { cheshireEast } from "@openportage/domain";
import { describe, expect, it } from "vitest";
import { readSettings } from "../src/config/site.ts";
import { isCurrent, navigation } from "../src/lib/navigation.ts";

describe("readSettings", () => {
  it("defaults to Lancashire, the same origin for the API and a local site address", () => {
    const settings = readSettings({});
    expect(settings.council.protocol.id).toBe("lancashire");
    expect(settings.apiOrigin).toBe("");
    expect(settings.siteUrl).toBe("http://localhost:3000");
  });

  it("reads the protocol, the API origin and the site address, without trailing slashes", () => {
    const settings = readSettings({
      OPENPORTAGE_PROTOCOL: "cheshire-east",
      OPENPORTAGE_API_ORIGIN: "https://api.example.org/",
      OPENPORTAGE_SITE_URL: "https://portage.example.org",
    });
    expect(settings.council.protocol.id).toBe("cheshire-east");
    expect(settings.apiOrigin).toBe("https://api.example.org");
    expect(settings.siteUrl).toBe("https://portage.example.org");
  });

  it("takes the council from a protocol file, with a default presentation for a new id", () => {
    const file = join(mkdtempSync(join(tmpdir(), "openportage-site-settings-")), "protocol.json");
    writeFileSync(file, JSON.stringify({ ...cheshireEast, id: "example-borough" }));
    const settings = readSettings({ OPENPORTAGE_PROTOCOL: "lancashire", OPENPORTAGE_PROTOCOL_FILE: file });
    expect(settings.council.protocol.id).toBe("example-borough");
    expect(settings.council.name).toBe(cheshireEast.council.name);
    expect(settings.council.colours).toEqual(DEFAULT_COLOURS);
  });

  it("refuses a protocol file that is not valid, naming each problem's path", () => {
    const file = join(mkdtempSync(join(tmpdir(), "openportage-site-settings-")), "protocol.json");
    writeFileSync(file, JSON.stringify({ ...cheshireEast, id: "Not An Id", serviceName: "" }));
    expect(() => readSettings({ OPENPORTAGE_PROTOCOL_FILE: file })).toThrow(
      new RegExp(`OPENPORTAGE_PROTOCOL_FILE: ${file} is not a valid protocol[^]*- id: [^]*- serviceName: `),
    );
  });

  it("takes the site address from PUBLIC_ORIGIN or the PORT when OPENPORTAGE_SITE_URL is unset", () => {
    expect(readSettings({ PUBLIC_ORIGIN: "https://portage.example.org/" }).siteUrl).toBe("https://portage.example.org");
    expect(readSettings({ PORT: "4100" }).siteUrl).toBe("http://localhost:4100");
    expect(readSettings({ PORT: "0" }).siteUrl).toBe("http://localhost:3000");
    expect(
      readSettings({ OPENPORTAGE_SITE_URL: "https://a.example.org", PUBLIC_ORIGIN: "https://b.example.org" }).siteUrl,
    ).toBe("https://a.example.org");
  });

  it("is a demo unless told otherwise, with demo contact details; production needs a public address", () => {
    const demo = readSettings({});
    expect(demo.mode).toBe("demo");
    expect(demo.council.contact.email).toMatch(/@demo\.openportage\.invalid$/);
    expect(demo.council.contact.phone).toBeDefined();
    expect(() => readSettings({ OPENPORTAGE_MODE: "production" })).toThrow(/OPENPORTAGE_SITE_URL/);
    const production = readSettings({ OPENPORTAGE_MODE: "production", OPENPORTAGE_SITE_URL: "https://p.example.org" });
    expect(production.mode).toBe("production");
    expect(production.council.contact.email).toBeUndefined();
  });

  it("refuses an API origin or site address with a path", () => {
    expect(() => readSettings({ OPENPORTAGE_API_ORIGIN: "https://api.example.org/api" })).toThrow(/origin/);
    expect(() => readSettings({ OPENPORTAGE_SITE_URL: "portage.example.org" })).toThrow(/OPENPORTAGE_SITE_URL/);
  });
});

describe("navigation", () => {
  it("marks the current page and the pages beneath it", () => {
    const protocol = navigation.find((item) => item.href === "/protocol");
    if (!protocol) throw new Error("no protocol link");
    expect(isCurrent(protocol, "/protocol")).toBe(true);
    expect(isCurrent(protocol, "/protocol/")).toBe(true);
    expect(isCurrent(protocol, "/protocols")).toBe(false);
    expect(isCurrent(protocol, "/")).toBe(false);
  });
});

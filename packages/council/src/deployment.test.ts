import { lancashire } from "@openportage/domain";
import { describe, expect, it } from "vitest";
import {
  councilFor,
  councilSassSettings,
  DEFAULT_COLOURS,
  DEMO_CONTACT,
  readMode,
  unconfirmedMessage,
  unconfirmedValues,
  withDemoContact,
} from "./index.js";

describe("readMode", () => {
  it("is demo unless production is asked for, and refuses anything else", () => {
    expect(readMode({})).toBe("demo");
    expect(readMode({ OPENPORTAGE_MODE: " " })).toBe("demo");
    expect(readMode({ OPENPORTAGE_MODE: "production" })).toBe("production");
    expect(() => readMode({ OPENPORTAGE_MODE: "prod" })).toThrow(/demo or production, not "prod"/);
  });
});

describe("withDemoContact", () => {
  it("fills only what the council has not given, with values that say they are a demo", () => {
    const contact = withDemoContact({ team: "the team", url: "https://example.gov.uk", phone: "0300 123 6701" });
    expect(contact).toMatchObject({ phone: "0300 123 6701", email: DEMO_CONTACT.email });
    expect(contact.email).toMatch(/\.invalid$/);
    expect(contact.address?.join(" ")).toMatch(/demo/);
    expect(contact.hours).toMatch(/demo/);
  });
});

describe("unconfirmedValues", () => {
  it("lists every clause marked councilDefault, with its path, and none once confirmed", () => {
    const found = unconfirmedValues(lancashire);
    expect(found.map((v) => v.id)).toContain("priority");
    expect(found.find((v) => v.id === "time-waited")?.path).toMatch(/^priority\.criteria\[\d\]$/);
    expect(found.some((v) => v.id === "age")).toBe(false);
    const confirmed = JSON.parse(
      JSON.stringify(lancashire).replaceAll('"councilDefault":true', '"councilDefault":false'),
    );
    expect(unconfirmedValues(confirmed)).toEqual([]);
    expect(unconfirmedMessage(lancashire, found)).toContain("- priority (priority)");
  });
});

describe("councilSassSettings", () => {
  it("gives the council's colours and the map govuk-frontend takes", () => {
    const sass = councilSassSettings(councilFor(lancashire).colours);
    expect(sass).toContain("$council-brand: #00558c;");
    expect(sass).toContain('"surface-background": $council-template-background');
    expect(sass).toContain("$council-font-family: (system-ui,");
    expect(() => councilSassSettings({ ...DEFAULT_COLOURS, brand: "red; @import 'x'" })).toThrow(/hex colour/);
  });
});

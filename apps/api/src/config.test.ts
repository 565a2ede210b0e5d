import { expect, it } from "vitest";
import { ConfigError, DEFAULT_DATABASE_URL, loadConfig } from "./config.js";

it("has defaults for the embedded database", () => {
  const config = loadConfig({});
  expect(config).toMatchObject({ PORT: 3000, OPENPORTAGE_MODE: "demo", PROTOCOL: "lancashire", SITE_ORIGINS: [] });
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

it("needs Notify templates with a Notify key", () => {
  expect(() => loadConfig({ NOTIFY_API_KEY: "key" })).toThrow(/NOTIFY_TEMPLATE_PARENT_CONFIRMATION/);
});

import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../db/seed.js";
import { startupBanner } from "./banner.js";

describe("startupBanner", () => {
  it("says what is served where, how to sign in with passwords quoted, and how to stop", () => {
    const text = startupBanner({
      url: "http://localhost:4100",
      mode: "demo",
      councilName: "Lancashire County Council",
      site: true,
      admin: true,
      family: false,
      demoAccounts: DEMO_ACCOUNTS,
    }).join("\n");
    expect(text).toContain("Open Portage is running for Lancashire County Council, in demo mode.");
    expect(text).toMatch(/Public site {5}http:\/\/localhost:4100\/\n/);
    expect(text).toMatch(/Staff app {7}http:\/\/localhost:4100\/admin\//);
    expect(text).toContain("Family app      not built (run pnpm --filter @openportage/family build)");
    expect(text).toContain("http://localhost:4100/api/docs");
    for (const account of DEMO_ACCOUNTS) expect(text).toContain(`password: "${account.password}"`);
    expect(text).toContain("Press Ctrl+C to stop.");
  });

  it("lists no accounts when the database has none", () => {
    const text = startupBanner({
      url: "https://portage.example.gov.uk",
      mode: "production",
      councilName: "Example Council",
      site: true,
      admin: true,
      family: true,
      demoAccounts: [],
    }).join("\n");
    expect(text).not.toContain("password");
    expect(text).not.toContain("Demo mail");
  });
});

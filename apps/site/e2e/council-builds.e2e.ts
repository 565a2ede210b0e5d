// The site built for another council: with OPENPORTAGE_PROTOCOL=cheshire-east, and with a
// protocol file (OPENPORTAGE_PROTOCOL_FILE) for a council the repository has no entry for, which
// gets the default presentation. A bad protocol file fails the build, listing each problem's path.
// Each build goes to a temp folder; apps/site/dist is left alone.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_COLOURS, presentations } from "@openportage/council";
import { cheshireEast, lancashire } from "@openportage/domain";
import { afterAll, describe, expect, it } from "vitest";

const siteDir = fileURLToPath(new URL("..", import.meta.url));
const astro = fileURLToPath(new URL("../node_modules/astro/bin/astro.mjs", import.meta.url));
const folder = mkdtempSync(join(tmpdir(), "openportage-site-council-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function build(name: string, env: Record<string, string>) {
  const outDir = join(folder, name);
  const {
    OPENPORTAGE_PROTOCOL: _preset,
    OPENPORTAGE_PROTOCOL_FILE: _file,
    OPENPORTAGE_MODE: _mode,
    OPENPORTAGE_SITE_URL: _url,
    PUBLIC_ORIGIN: _origin,
    PORT: _port,
    ...rest
  } = process.env;
  const result = spawnSync(process.execPath, [astro, "build", "--outDir", outDir], {
    cwd: siteDir,
    env: { ...rest, ASTRO_TELEMETRY_DISABLED: "1", ...env },
    encoding: "utf8",
  });
  const read = (path: string) => readFileSync(join(outDir, path), "utf8");
  const css = () =>
    readdirSync(join(outDir, "_astro"))
      .filter((file) => file.endsWith(".css"))
      .map((file) => read(`_astro/${file}`))
      .join("\n");
  return { status: result.status, output: `${result.stdout}\n${result.stderr}`, read, css };
}

const routeNames = (protocol: typeof lancashire) => protocol.eligibility.routes.routes.map((route) => route.name);

describe("the site built for another council", () => {
  it("shows Cheshire East's routes, name and colours with OPENPORTAGE_PROTOCOL=cheshire-east", () => {
    const site = build("cheshire-east", { OPENPORTAGE_PROTOCOL: "cheshire-east" });
    expect(site.status, site.output).toBe(0);
    const page = site.read("protocol/index.html");
    for (const name of routeNames(cheshireEast)) expect(page).toContain(name);
    for (const name of routeNames(lancashire)) expect(page).not.toContain(name);
    expect(page).toContain("Cheshire East Council");
    expect(page).not.toContain("Lancashire");
    expect(site.css()).toContain(presentations["cheshire-east"]?.colours.brand);
    // No route for families (ADR 0060): no referral form, but how a child is referred and where to ask.
    const refer = site.read("refer/index.html");
    expect(refer).not.toContain('action="/api/referrals"');
    expect(refer).toContain("Families cannot refer themselves to");
    for (const name of routeNames(cheshireEast)) expect(refer).toContain(name);
    expect(refer).toContain(`href="${cheshireEast.council.contact.url}"`);
    const check = site.read("check-eligibility/index.html");
    expect(check).not.toContain("you can still refer");
    expect(site.read("index.html")).toContain("Find out how your child can be referred");
  }, 120_000);

  it("builds from a protocol file with a new id, with the protocol's council details and the default colours", () => {
    const file = join(folder, "example-borough.json");
    writeFileSync(
      file,
      JSON.stringify({
        ...cheshireEast,
        id: "example-borough",
        serviceName: "Example Borough Portage",
        council: {
          name: "Example Borough Council",
          areaName: "Example Borough",
          contact: { url: "https://www.example.gov.uk/portage", email: "portage@example.gov.uk" },
        },
      }),
    );
    const site = build("example-borough", { OPENPORTAGE_PROTOCOL: "lancashire", OPENPORTAGE_PROTOCOL_FILE: file });
    expect(site.status, site.output).toBe(0);
    const page = site.read("protocol/index.html");
    for (const name of routeNames(cheshireEast)) expect(page).toContain(name);
    expect(page).toContain("Example Borough Council");
    expect(page).toContain("Example Borough Portage");
    expect(page).not.toContain("Lancashire");
    expect(site.read("check-eligibility/index.html")).toContain("Example Borough");
    const record = JSON.parse(site.read("open-referral/service.json"));
    expect(record.name).toBe("Example Borough Portage");
    expect(record.organization.name).toBe("Example Borough Council");
    expect(record.email).toBe("portage@example.gov.uk");
    expect(site.css()).toContain(DEFAULT_COLOURS.brand);
  }, 120_000);

  it("fails the build on a protocol file that is not valid, listing each problem's path", () => {
    const { retention: _retention, ...withoutRetention } = cheshireEast;
    const file = join(folder, "bad.json");
    writeFileSync(file, JSON.stringify({ ...withoutRetention, id: "Bad Id" }));
    const site = build("bad", { OPENPORTAGE_PROTOCOL_FILE: file });
    expect(site.status).not.toBe(0);
    expect(site.output).toContain(`OPENPORTAGE_PROTOCOL_FILE: ${file} is not a valid protocol (2 problems):`);
    expect(site.output).toMatch(/- id: /);
    expect(site.output).toContain("- retention: is required");
  }, 120_000);

  it("refuses a production build while the protocol has values the council has not confirmed, listing each", () => {
    const site = build("production-unconfirmed", {
      OPENPORTAGE_MODE: "production",
      OPENPORTAGE_SITE_URL: "https://portage.example.gov.uk",
    });
    expect(site.status).not.toBe(0);
    expect(site.output).toMatch(/the protocol "lancashire" has \d+ values the council has not confirmed/);
    expect(site.output).toContain("- priority.criteria[4] (time-waited): ");
    expect(site.output).toContain("- retention (retention): ");
  }, 120_000);

  it("builds for production once every value is confirmed: no demo notice, no demo contact, the public address", () => {
    const confirmed = JSON.parse(
      JSON.stringify(lancashire).replaceAll('"councilDefault":true', '"councilDefault":false'),
    );
    const file = join(folder, "lancashire-confirmed.json");
    writeFileSync(file, JSON.stringify(confirmed));
    const site = build("production-confirmed", {
      OPENPORTAGE_MODE: "production",
      OPENPORTAGE_PROTOCOL_FILE: file,
      OPENPORTAGE_SITE_URL: "https://portage.example.gov.uk",
    });
    expect(site.status, site.output).toBe(0);
    const protocol = site.read("protocol/index.html");
    expect(protocol).not.toContain("This is a demonstration");
    expect(protocol).not.toContain("Council to confirm");
    expect(protocol).toContain('<link rel="canonical" href="https://portage.example.gov.uk/protocol">');
    expect(site.read("contact/index.html")).not.toContain("demo.openportage.invalid");
    expect(site.read("robots.txt")).toContain("Sitemap: https://portage.example.gov.uk/sitemap.xml");
    expect(site.read("sitemap.xml")).toContain("<loc>https://portage.example.gov.uk/protocol</loc>");
  }, 120_000);

  it("takes the public address from PUBLIC_ORIGIN, or the port, when OPENPORTAGE_SITE_URL is not set", () => {
    const site = build("port", { PORT: "4100" });
    expect(site.status, site.output).toBe(0);
    expect(site.read("robots.txt")).toContain("Sitemap: http://localhost:4100/sitemap.xml");
  }, 120_000);
});

// The eligibility checker without JavaScript: a plain form post answered with a page, by the same
// rules as the site's island (assessEligibility on the server's protocol), in the site's frame.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assessEligibility, cheshireEast, type IsoDate } from "@openportage/domain";
import { checkerAnswersFrom, toFacts } from "@openportage/referral-form";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSite } from "../../lib/site.js";
import { createHarness, type Harness } from "../../test-support/harness.js";

const FORM = { "content-type": "application/x-www-form-urlencoded", accept: "text/html" };

/** A likely-eligible Lancashire child on the harness's day (20 November 2026). */
const ELIGIBLE = {
  "dateOfBirth-day": "10",
  "dateOfBirth-month": "3",
  "dateOfBirth-year": "2025",
  diagnosis: "yes",
  attendsSetting: "no",
  livesInArea: "yes",
  availableForVisits: "yes",
};

function form(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) params.append(key, v);
  return params.toString();
}

/** A built site with only the page template, as apps/site's build writes it. */
function siteWithTemplate() {
  const root = mkdtempSync(join(tmpdir(), "openportage-site-"));
  mkdirSync(join(root, "_astro"));
  writeFileSync(join(root, "index.html"), "<!doctype html><title>Home</title>");
  writeFileSync(
    join(root, "page-template.html"),
    '<!doctype html><html><head><title>@@OPENPORTAGE_TITLE@@ - Lancashire Portage Service</title></head><body><header class="council-header">Lancashire County Council</header><main id="main-content">@@OPENPORTAGE_MAIN@@</main><footer class="council-footer">Footer</footer></body></html>',
  );
  return loadSite(root);
}

let h: Harness;
let framed: Harness;
beforeAll(async () => {
  h = await createHarness();
  framed = await createHarness({ site: siteWithTemplate() });
});
afterAll(() => {
  h.close();
  framed.close();
});

const post = (harness: Harness, fields: Record<string, string | string[]>) =>
  harness.request("/api/eligibility-check", { method: "POST", headers: FORM, body: form(fields) });

describe("POST /api/eligibility-check", () => {
  it("answers a likely-eligible child with the result page, each reason and the way to refer", async () => {
    const res = await post(h, ELIGIBLE);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.headers.get("cache-control")).toContain("no-store");
    const html = await res.text();
    expect(html).toContain("Your child is likely to be eligible for Portage");
    for (const topic of ["Age", "Level of need", "Time in a setting", "Where you live", "Home visits"]) {
      expect(html).toContain(`<dt class="govuk-summary-list__key">${topic}</dt>`);
    }
    expect(html).toContain('href="/refer"');
    expect(html).toContain("When Portage would end");
  });

  it("runs the same domain function on the same answers as the island does", async () => {
    const fields = { ...ELIGIBLE, livesInArea: "not-sure", diagnosis: "not-sure" };
    const expected = assessEligibility(
      toFacts(checkerAnswersFrom(new URLSearchParams(form(fields)), h.protocol), h.protocol),
      h.protocol,
      "2026-11-20" as IsoDate,
    );
    expect(expected.outcome).toBe("more-information-needed");
    const html = await (await post(h, fields)).text();
    expect(html).toContain("Your child may be eligible for Portage");
    for (const missing of expected.missing) expect(html).toContain(missing.question.replaceAll("'", "&#39;"));
  });

  it("gives the signposting once when a child is not likely to be eligible", async () => {
    const html = await (await post(h, { ...ELIGIBLE, livesInArea: "no" })).text();
    expect(html).toContain("Your child is not likely to be eligible for Portage");
    expect(html).toContain("Where else you can get help");
    expect(html.match(/health visitor or GP/g)?.length).toBe(1);
    expect(html.match(/local offer/gi)?.length).toBe(1);
    expect(html).toContain('href="https://www.portage.org.uk/"');
  });

  it("tells a child past the age window in the past tense", async () => {
    const html = await (
      await post(h, { ...ELIGIBLE, "dateOfBirth-day": "1", "dateOfBirth-month": "1", "dateOfBirth-year": "2022" })
    ).text();
    expect(html).toContain("When Portage ended");
    expect(html).toContain("Support ended when the child could have funded early education");
    expect(html).not.toContain("Support ends when");
  });

  it("answers problems with the questions again, the error summary and the answers kept", async () => {
    const res = await post(h, {
      ...ELIGIBLE,
      "dateOfBirth-day": "31",
      "dateOfBirth-month": "2",
      attendsSetting: "yes",
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("<title>Error: Check if your child is likely to be eligible for Portage");
    expect(html).toContain('<a href="#dateOfBirth-day">Date of birth must be a real date</a>');
    expect(html).toContain('<a href="#settingHours">Enter the hours a week as a number, like 10 or 12.5</a>');
    expect(html).toContain(
      'id="dateOfBirth-day" name="dateOfBirth-day" type="text" inputmode="numeric" autocomplete="bday-day" value="31"',
    );
    expect(html).toMatch(/name="livesInArea" type="radio" value="yes" checked/);
    expect(html).toContain('action="/api/eligibility-check"');
  });

  it("asks Cheshire East's question about the Early Years Forum, not the delay questions", async () => {
    const ce = await createHarness({ protocol: cheshireEast });
    const res = await post(ce, { ...ELIGIBLE, "dateOfBirth-day": "" });
    const html = await res.text();
    expect(html).toContain("Has your child been brought to the Early Years Forum?");
    expect(html).not.toContain('name="delayKnown"');
    ce.close();
  });

  it("is in the site's frame when this server serves the site, with no marker left", async () => {
    const html = await (await post(framed, ELIGIBLE)).text();
    expect(html).toContain('<header class="council-header">');
    expect(html).toContain('<footer class="council-footer">');
    expect(html).toContain(
      "<title>Your child is likely to be eligible for Portage - Lancashire Portage Service</title>",
    );
    expect(html).not.toContain("@@OPENPORTAGE");
    expect(html).not.toContain("/api/referrals/form.css");
  });

  it("refuses what is not a form post, and a body over the limit, with a problem", async () => {
    const json = await h.request("/api/eligibility-check", { method: "POST", json: ELIGIBLE });
    expect(json.status).toBe(415);
    expect(json.headers.get("content-type")).toContain("application/problem+json");
    const big = await post(h, { ...ELIGIBLE, settingHours: "1".repeat(9000) });
    expect(big.status).toBe(413);
  });
});

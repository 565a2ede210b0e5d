// The no-JavaScript referral pages: in the site's frame when this server serves the site, saying
// only what is true about a confirmation email, with no `{placeholder}` left in any message.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSite } from "../../lib/site.js";
import { createHarness, exampleReferralInput, type Harness, referralFormBody } from "../../test-support/harness.js";

const FORM = { "content-type": "application/x-www-form-urlencoded", accept: "text/html" };

function siteWithTemplate() {
  const root = mkdtempSync(join(tmpdir(), "openportage-site-"));
  mkdirSync(join(root, "_astro"));
  writeFileSync(join(root, "index.html"), "<!doctype html><title>Home</title>");
  writeFileSync(
    join(root, "page-template.html"),
    '<!doctype html><html><head><title>@@OPENPORTAGE_TITLE@@ - Lancashire Portage Service</title></head><body><header class="council-header"><a href="/">Home</a></header><main id="main-content">@@OPENPORTAGE_MAIN@@</main><footer class="council-footer">Footer</footer></body></html>',
  );
  return loadSite(root);
}

const NOTIFY = {
  NOTIFY_API_KEY: "test-key-00000000-0000-0000-0000-000000000000-00000000-0000-0000-0000-000000000000",
  ...Object.fromEntries(
    [
      "PARENT_CONFIRMATION",
      "TEAM_ALERT",
      "REPORT",
      "ROUTINE_NOTICE",
      "FAMILY_INVITATION",
      "FAMILY_CODE",
      "FAMILY_ACCESS_ENDED",
      "PASSWORD_RESET",
    ].map((name) => [`NOTIFY_TEMPLATE_${name}`, "00000000-0000-0000-0000-000000000001"]),
  ),
  ROUTINE_NOTICE_EMAILS: "family-wellbeing-service=cfws@example.gov.uk",
};

let plain: Harness;
let framed: Harness;
let notify: Harness;
beforeAll(async () => {
  plain = await createHarness();
  framed = await createHarness({ site: siteWithTemplate() });
  notify = await createHarness({ env: NOTIFY });
});
afterAll(() => {
  plain.close();
  framed.close();
  notify.close();
});

const send = (h: Harness, input: Record<string, unknown>) =>
  h.request("/api/referrals", { method: "POST", headers: FORM, body: referralFormBody(input) });

describe("the confirmation page", () => {
  it("does not promise an email when Notify is not set up, even with an address given", async () => {
    const res = await send(plain, exampleReferralInput());
    expect(res.status).toBe(201);
    const html = await res.text();
    expect(html).toContain("Referral sent");
    expect(html).not.toMatch(/confirmation email/i);
  });

  it("says an email will come only when an address was given and Notify is set up", async () => {
    const withEmail = await (await send(notify, exampleReferralInput())).text();
    expect(withEmail).toContain("We will send a confirmation email to the address you gave us.");
    const withoutEmail = await (await send(notify, exampleReferralInput({ carerEmail: undefined }))).text();
    expect(withoutEmail).toContain("Referral sent");
    expect(withoutEmail).not.toMatch(/confirmation email/i);
  });

  it("is in the site's frame, with its header, footer and a way on", async () => {
    const html = await (await send(framed, exampleReferralInput())).text();
    expect(html).toContain("<title>Referral sent - Lancashire Portage Service</title>");
    expect(html).toContain('<header class="council-header">');
    expect(html).toContain('<footer class="council-footer">');
    expect(html).toContain('href="/after-you-refer"');
    expect(html).not.toContain("@@OPENPORTAGE");
    expect(html).not.toContain("/api/referrals/form.css");
  });
});

describe("the error page", () => {
  it("is in the site's frame, with every message in the council's words", async () => {
    const res = await send(framed, { childFirstName: "Poppy" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("<title>Error: Refer your child to Portage - Lancashire Portage Service</title>");
    expect(html).toContain('<footer class="council-footer">');
    expect(html).toContain("Select yes if your child lives in Lancashire");
    expect(html).toContain('value="Poppy"');
    expect(html).not.toMatch(/\{[A-Za-z]+\}/);
  });

  it("gives JSON callers the council's words too", async () => {
    const res = await plain.request("/api/referrals", { method: "POST", json: { childFirstName: "Poppy" } });
    expect(res.status).toBe(422);
    const body = await res.text();
    expect(body).toContain("Select yes if your child lives in Lancashire");
    expect(body).not.toMatch(/\{[A-Za-z]+\}/);
  });
});

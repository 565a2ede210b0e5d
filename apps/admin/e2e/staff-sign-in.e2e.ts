// Staff sign-in with a second factor, end to end on the real API and database in Chromium: a
// coordinator sets up an authenticator app (the code computed here with otpauth, as the app
// would), signs in with a code and with a recovery code, changes her password; a home visitor adds
// a passkey with Chromium's virtual authenticator (DevTools protocol) and signs in with it; the
// second factor cannot be skipped by going to another page; a new account chooses its own password
// at its first sign-in; a forgotten password is reset from the emailed link (read from the outbox);
// an administrator resets someone's second factor; and in production mode an account without one
// sets it up at sign-in. Every new screen is checked with axe at 390 and 1280 pixels.
import { DatabaseSync } from "node:sqlite";
import * as OTPAuth from "otpauth";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, signIn } from "./browser.ts";
import { apiSession, checkBoth } from "./kit.ts";
import { STAFF, type Stack, startStack } from "./stack.ts";

let stack: Stack;
let browser: Browser;
/** The coordinator's authenticator app secret and recovery codes, once she has set it up. */
let coraSecret = "";
let coraCodes: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  return { context, page };
}

/** The code an authenticator app with `secret` shows, `offsetSeconds` from now. */
function appCode(secret: string, offsetSeconds = 0): string {
  const totp = new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secret),
    digits: 6,
    period: 30,
    algorithm: "SHA1",
  });
  return totp.generate({ timestamp: Date.now() + offsetSeconds * 1000 });
}

/** Adds Chromium's virtual authenticator (a laptop's built-in passkey store) to a page's browser. */
async function addVirtualAuthenticator(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await page.waitForURL("**/admin/sign-in**");
}

function path(page: Page): string {
  return new URL(page.url()).pathname;
}

describe("an authenticator app", () => {
  it("is set up from the account page and then asked for at every sign-in, with recovery codes as the way round", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    // Demo mode: no second factor yet, so the password alone signs in.
    await expect.poll(() => page.locator("h1").innerText()).toBe("Your service this week");
    await page.getByRole("link", { name: "Your account" }).click();
    await page.waitForURL("**/admin/account");
    expect(await page.locator("main").innerText()).toContain("Set up a second way to prove it is you");
    await checkBoth(page, "mfa-01-account-without-factor");

    await page.getByRole("link", { name: "Set up an authenticator app" }).click();
    await page.waitForURL("**/admin/second-factor/authenticator-app");
    await expect.poll(() => page.locator("h1").innerText()).toBe("Set up an authenticator app");
    const qr = page.getByRole("img", { name: "QR code to scan with your authenticator app" });
    expect(await qr.getAttribute("src")).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await checkBoth(page, "mfa-02-authenticator-app");
    await page.getByText("I cannot scan the QR code").click();
    coraSecret = ((await page.locator("#totp-key").textContent()) ?? "").replace(/\s+/g, "");
    expect(coraSecret).toMatch(/^[A-Z2-7]{32}$/);

    // A wrong code first: the same key is shown again with the error.
    const right = appCode(coraSecret);
    await page.getByLabel("Code from the app").fill(String((Number(right) + 1) % 1_000_000).padStart(6, "0"));
    await page.getByRole("button", { name: "Continue" }).click();
    await page.locator(".govuk-error-summary").waitFor();
    await page.getByText("I cannot scan the QR code").click();
    expect(((await page.locator("#totp-key").textContent()) ?? "").replace(/\s+/g, "")).toBe(coraSecret);
    await checkBoth(page, "mfa-03-authenticator-app-wrong-code");
    await page.getByLabel("Code from the app").fill(appCode(coraSecret));
    await page.getByRole("button", { name: "Continue" }).click();
    await expect.poll(() => page.locator("h1").innerText()).toBe("Your authenticator app is set up");
    const codes = await page.locator(".admin-recovery-code").allTextContents();
    expect(codes).toHaveLength(10);
    coraCodes = codes;
    await checkBoth(page, "mfa-04-recovery-codes");
    await page.getByRole("button", { name: "I have saved my recovery codes" }).click();
    await page.waitForURL("**/admin/account");
    expect(await page.locator("main").innerText()).toContain("10 codes left");

    // Next sign-in: the password, then the code. Going elsewhere first does not get round it.
    await signOut(page);
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await page.waitForURL("**/admin/sign-in/second-factor**");
    await expect.poll(() => page.locator("h1").innerText()).toBe("Enter the code from your authenticator app");
    await checkBoth(page, "mfa-05-second-factor");
    await page.goto(`${stack.adminUrl}referrals`);
    expect(path(page)).toBe("/admin/sign-in/second-factor");
    const api = await fetch(`${stack.apiUrl}/api/referrals`, {
      headers: { Cookie: (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ") },
    });
    expect(api.status).toBe(401);
    await page.getByLabel("Code").fill("000000" === appCode(coraSecret, 30) ? "111111" : "000000");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.locator(".govuk-error-summary").waitFor();
    await checkBoth(page, "mfa-06-second-factor-wrong-code");
    // The enrolment used this half-minute's code: the next one (one step ahead) is accepted.
    await page.getByLabel("Code").fill(appCode(coraSecret, 30));
    await page.getByRole("button", { name: "Continue" }).click();
    // Back to where she was going.
    await page.waitForURL("**/admin/referrals**");

    // A recovery code instead, once.
    await signOut(page);
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await page.getByRole("link", { name: "Use a recovery code instead" }).click();
    await page.waitForURL("**/admin/sign-in/recovery-code**");
    await checkBoth(page, "mfa-07-recovery-code");
    await page.getByLabel("Recovery code").fill(codes[0] ?? "");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect.poll(() => page.locator("h1").innerText()).toBe("Your service this week");
    await signOut(page);
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await page.getByRole("link", { name: "Use a recovery code instead" }).click();
    await page.getByLabel("Recovery code").fill(codes[0] ?? "");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.locator(".govuk-error-summary").waitFor();
    await page.getByLabel("Recovery code").fill(codes[1] ?? "");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect.poll(() => page.locator("h1").innerText()).toBe("Your service this week");

    // Her sessions: this one and another, signed out from here.
    const other = await newPage();
    await signIn(other.page, stack.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
    await other.page.getByRole("link", { name: "Use a recovery code instead" }).click();
    await other.page.getByLabel("Recovery code").fill(codes[2] ?? "");
    await other.page.getByRole("button", { name: "Continue" }).click();
    await expect.poll(() => other.page.locator("h1").innerText()).toBe("Your service this week");
    await page.goto(`${stack.adminUrl}account`);
    expect(await page.locator("main table tbody tr").count()).toBe(2);
    expect(await page.locator("main").innerText()).toContain("This browser");
    await checkBoth(page, "mfa-08-account-with-factor");
    await page.getByRole("button", { name: "Sign out everywhere else" }).click();
    await expect
      .poll(() => page.locator(".govuk-notification-banner--success").textContent())
      .toContain("everywhere else");
    await other.page.reload();
    expect(path(other.page)).toBe("/admin/sign-in");
    await other.context.close();

    // Changing her password: the current one and her second factor (a recovery code here).
    await page.getByRole("link", { name: "Change your password" }).click();
    await page.waitForURL("**/admin/account/password");
    await checkBoth(page, "mfa-09-change-password");
    await page.getByLabel("Current password").fill("not my password at all");
    await page.getByLabel("New password").fill("autumn ferry lantern 88");
    await page.getByLabel("Code from your authenticator app").fill(codes[3] ?? "");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.locator(".govuk-error-summary").waitFor();
    expect(await page.locator(".govuk-error-summary").innerText()).toContain("current password is not right");
    await checkBoth(page, "mfa-10-change-password-error");
    await page.getByLabel("Current password").fill(STAFF.coordinator.password);
    await page.getByLabel("New password").fill("autumn ferry lantern 88");
    await page.getByLabel("Code from your authenticator app").fill(codes[3] ?? "");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect
      .poll(() => page.locator(".govuk-notification-banner--success").textContent())
      .toContain("password has been changed");
    await signOut(page);
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, "autumn ferry lantern 88");
    await page.waitForURL("**/admin/sign-in/second-factor**");
    await context.close();
  });
});

describe("a passkey", () => {
  it("is added with Chromium's virtual authenticator and then signs in as the second factor", async () => {
    const { context, page } = await newPage();
    await addVirtualAuthenticator(context, page);
    await signIn(page, stack.adminUrl, STAFF.visitor.email, STAFF.visitor.password);
    await expect.poll(() => page.locator("h1").innerText()).toBe("Your caseload");
    await page.goto(`${stack.adminUrl}account`);
    await page.getByRole("link", { name: "Add a passkey" }).click();
    await page.waitForURL("**/admin/second-factor/passkey**");
    await page.locator("[data-passkey]:not([hidden])").waitFor();
    expect(await page.locator("[data-without-passkey]").isHidden()).toBe(true);
    await checkBoth(page, "mfa-11-add-passkey");
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await page.waitForURL("**/admin/second-factor/recovery-codes**");
    await expect.poll(() => page.locator("h1").innerText()).toBe("Your passkey is set up");
    await checkBoth(page, "mfa-12-passkey-set-up");
    await page.getByRole("button", { name: "Make my recovery codes" }).click();
    expect(await page.locator(".admin-recovery-code").count()).toBe(10);
    await checkBoth(page, "mfa-13-new-recovery-codes");
    await page.getByRole("button", { name: "I have saved my recovery codes" }).click();
    await page.waitForURL("**/admin/account");
    expect(await page.locator("main").innerText()).toContain("Passkey 1");

    await signOut(page);
    await signIn(page, stack.adminUrl, STAFF.visitor.email, STAFF.visitor.password);
    await page.waitForURL("**/admin/sign-in/second-factor**");
    await expect.poll(() => page.locator("h1").innerText()).toBe("Use your passkey");
    await page.locator("[data-passkey]:not([hidden])").waitFor();
    await checkBoth(page, "mfa-14-use-passkey");
    await page.getByRole("button", { name: "Use your passkey" }).click();
    await expect.poll(() => page.locator("h1").innerText()).toBe("Your caseload");
    await context.close();
  });

  it("without JavaScript, the page offers the authenticator app instead", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, stack.adminUrl, STAFF.otherVisitor.email, STAFF.otherVisitor.password);
    await page.goto(`${stack.adminUrl}second-factor/passkey`);
    expect(await page.locator("[data-passkey]").isHidden()).toBe(true);
    expect(await page.getByRole("link", { name: "Set up an authenticator app instead" }).isVisible()).toBe(true);
    await context.close();
  });
});

describe("the first sign-in with a password an administrator chose", () => {
  it("asks for a new password before anything else", async () => {
    const admin = await apiSession(stack.apiUrl, STAFF.administrator.email, STAFF.administrator.password, {
      expectOk: true,
    });
    await admin("POST", "/api/users", {
      email: "nadia@council.example",
      name: "Nadia New",
      role: "home-visitor",
      password: "chosen by the administrator",
    });
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, "nadia@council.example", "chosen by the administrator");
    await page.waitForURL("**/admin/sign-in/new-password**");
    await page.goto(`${stack.adminUrl}children`);
    expect(path(page)).toBe("/admin/sign-in/new-password");
    await page.getByLabel("New password").fill("password1234");
    await page.getByRole("button", { name: "Save and continue" }).click();
    await page.locator(".govuk-error-summary").waitFor();
    await checkBoth(page, "mfa-15-new-password-error");
    await page.getByLabel("New password").fill("harbour willow signal 27");
    await page.getByRole("button", { name: "Save and continue" }).click();
    await page.waitForURL("**/admin/children**");
    await context.close();
  });
});

describe("a forgotten password", () => {
  it("is reset from the emailed link, which asks for the second factor and then works no more", async () => {
    expect(coraSecret).not.toBe("");
    const { context, page } = await newPage();
    await page.goto(`${stack.adminUrl}sign-in`);
    await checkBoth(page, "mfa-16-sign-in");
    await page.getByRole("link", { name: "I have forgotten my password" }).click();
    await page.waitForURL("**/admin/forgotten-password");
    await checkBoth(page, "mfa-17-forgotten-password");
    await page.getByLabel("Email address").fill(STAFF.coordinator.email);
    await page.getByRole("button", { name: "Send the link" }).click();
    await expect.poll(() => page.locator("h1").innerText()).toBe("Check your email");
    const known = (await page.locator("main").innerText()).replace(STAFF.coordinator.email, "ADDRESS");
    await checkBoth(page, "mfa-18-check-your-email");
    // An address with no account: the same words.
    await page.goto(`${stack.adminUrl}forgotten-password`);
    await page.getByLabel("Email address").fill("no.one@council.example");
    await page.getByRole("button", { name: "Send the link" }).click();
    await expect.poll(() => page.locator("h1").innerText()).toBe("Check your email");
    expect((await page.locator("main").innerText()).replace("no.one@council.example", "ADDRESS")).toBe(known);

    // The email is in the outbox (the stack sends through no email service).
    const db = new DatabaseSync(stack.databaseFile, { readOnly: true });
    const rows = db
      .prepare("select personalisation from outbox where kind = 'staff-password-reset' and email_address = ?")
      .all(STAFF.coordinator.email) as { personalisation: string }[];
    db.close();
    expect(rows).toHaveLength(1);
    const link = (JSON.parse(rows[0]?.personalisation ?? "{}") as { link: string }).link;
    expect(link).toMatch(/\/admin\/reset-password\?token=/);
    const resetUrl = `${stack.adminUrl}reset-password${new URL(link).search}`;
    await page.goto(resetUrl);
    await expect.poll(() => page.locator("h1").innerText()).toBe("Choose a new password");
    await checkBoth(page, "mfa-19-reset-password");
    await page.getByLabel("New password").fill("meadow copper kite 64");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.locator(".govuk-error-summary").waitFor();
    expect(await page.locator(".govuk-error-summary").innerText()).toContain("authenticator app");
    await page.getByLabel("New password").fill("meadow copper kite 64");
    // Two half-minutes ahead is outside the window (one step either side): refused, and said so.
    await page.getByLabel("Code from your authenticator app").fill(appCode(coraSecret, 60));
    await page.getByRole("button", { name: "Change password" }).click();
    await page.locator(".govuk-error-summary").waitFor();
    await page.getByLabel("New password").fill("meadow copper kite 64");
    await page.getByLabel("Code from your authenticator app").fill(coraCodes[4] ?? "");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => page.locator("h1").innerText()).toBe("Your password has been changed");
    await checkBoth(page, "mfa-20-password-reset-done");
    await page.goto(resetUrl);
    await expect.poll(() => page.locator("h1").innerText()).toBe("This link cannot be used");
    await checkBoth(page, "mfa-21-reset-link-used");
    await context.close();
  });
});

describe("an administrator", () => {
  it("resets someone's second factor, which signs them out, and cannot reset their own", async () => {
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.administrator.email, STAFF.administrator.password);
    await page.goto(`${stack.adminUrl}users`);
    await page.getByRole("link", { name: STAFF.visitor.name }).click();
    expect(await page.locator(".govuk-summary-list").first().innerText()).toContain("1 passkey");
    await checkBoth(page, "mfa-22-user-with-factor");
    await page.getByRole("button", { name: "Reset second factor" }).click();
    await expect
      .poll(() => page.locator(".govuk-notification-banner--success").textContent())
      .toContain("second factor has been reset");
    expect(await page.locator(".govuk-summary-list").first().innerText()).toContain("None set up");
    await page.goto(`${stack.adminUrl}users`);
    await page.getByRole("link", { name: STAFF.administrator.name }).click();
    expect(await page.locator("main").innerText()).toContain("You cannot reset your own second factor");
    await context.close();
  });
});

describe("production mode", () => {
  it("makes an account without a second factor set one up at sign-in", async () => {
    const prod = await startStack({
      env: { OPENPORTAGE_MODE: "production", ROUTINE_NOTICE_EMAILS: "family-wellbeing-service=fws@council.example" },
    });
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, prod.adminUrl, STAFF.coordinator.email, STAFF.coordinator.password);
      await page.waitForURL("**/admin/sign-in/set-up**");
      await checkBoth(page, "mfa-23-set-up-required");
      await page.goto(`${prod.adminUrl}referrals`);
      expect(path(page)).toBe("/admin/sign-in/set-up");
      await page.getByRole("link", { name: "Use an authenticator app" }).click();
      await page.waitForURL("**/admin/second-factor/authenticator-app**");
      await checkBoth(page, "mfa-24-authenticator-app-at-sign-in");
      await page.getByText("I cannot scan the QR code").click();
      const secret = ((await page.locator("#totp-key").textContent()) ?? "").replace(/\s+/g, "");
      await page.getByLabel("Code from the app").fill(appCode(secret));
      await page.getByRole("button", { name: "Continue" }).click();
      await expect.poll(() => page.locator("h1").innerText()).toBe("Your authenticator app is set up");
      // On to where she was going when the sign-in stopped at setting one up.
      await page.getByRole("button", { name: "I have saved my recovery codes" }).click();
      await page.waitForURL("**/admin/referrals**");
      await expect.poll(() => page.locator("h1").innerText()).toBe("Referrals");
      await context.close();
    } finally {
      await prod.stop();
    }
  }, 120_000);
});

describe("a form sent after the session ended", () => {
  it("is kept through the second factor, and sent once signed in again", async () => {
    expect(coraCodes).toHaveLength(10);
    const { context, page } = await newPage();
    await signIn(page, stack.adminUrl, STAFF.coordinator.email, "meadow copper kite 64");
    await page.getByRole("link", { name: "Use a recovery code instead" }).click();
    await page.getByLabel("Recovery code").fill(coraCodes[5] ?? "");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect.poll(() => page.locator("h1").innerText()).toBe("Your service this week");
    await page.goto(`${stack.adminUrl}account`);
    // The session ends while the page is open; then she removes her authenticator app.
    const [cookie] = await context.cookies();
    await context.addCookies([{ ...(cookie as NonNullable<typeof cookie>), value: "y".repeat(43) }]);
    await page.getByRole("button", { name: "Remove the authenticator app" }).click();
    await expect
      .poll(() => page.locator(".govuk-notification-banner").textContent())
      .toContain("before your changes were saved");
    await page.getByLabel("Email address").fill(STAFF.coordinator.email);
    await page.getByLabel("Password").fill("meadow copper kite 64");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator("h1").innerText()).toBe("Your password is right");
    await checkBoth(page, "mfa-25-password-right-changes-kept");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect.poll(() => page.locator("h1").innerText()).toBe("Enter the code from your authenticator app");
    await page.getByRole("button", { name: "Use a recovery code instead" }).click();
    await expect.poll(() => page.locator("h1").innerText()).toBe("Enter a recovery code");
    await page.getByLabel("Recovery code").fill(coraCodes[6] ?? "");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect.poll(() => page.locator("h1").innerText()).toBe("Send your changes");
    await checkBoth(page, "mfa-26-send-your-changes");
    await page.getByRole("button", { name: "Send your changes" }).click();
    await expect
      .poll(() => page.locator(".govuk-notification-banner--success").textContent())
      .toContain("authenticator app has been removed");
    await context.close();
  });
});

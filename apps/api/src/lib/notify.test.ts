// Delivery through GOV.UK Notify's own client (notifications-node-client) to a stand-in for
// Notify on 127.0.0.1: real HTTP, answered as Notify's POST /v2/notifications/email answers, each
// request recorded and its bearer token checked. A referral with a parent's email gives a
// confirmation to the parent and an alert to the team; a 500 is retried with back-off; the
// referral is never affected.
import { createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exampleReferralInput } from "@openportage/referral-form";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../test-support/harness.js";
import { backoffMs, deliverDue, MAX_ATTEMPTS, type Notifier, notifierFromConfig } from "./notify.js";

const SERVICE_ID = randomUUID();
const SECRET = randomUUID();
const API_KEY = `openportage_test-${SERVICE_ID}-${SECRET}`;
const PARENT_TEMPLATE = randomUUID();
const TEAM_TEMPLATE = randomUUID();
const TEAM = "portage.team@council.example";

interface Received {
  method: string;
  path: string;
  body: {
    template_id: string;
    email_address: string;
    personalisation: Record<string, string>;
    reference: string;
  };
  tokenValid: boolean;
}

/** A stand-in for GOV.UK Notify: records requests and answers with `status` (201 by default). */
function notifyStandIn() {
  const received: Received[] = [];
  let status = 201;
  const server: Server = createServer((req: IncomingMessage, res) => {
    let raw = "";
    req.on("data", (chunk) => {
      raw += chunk;
    });
    req.on("end", () => {
      const body = JSON.parse(raw || "{}") as Received["body"];
      received.push({ method: req.method ?? "", path: req.url ?? "", body, tokenValid: validToken(req) });
      res.setHeader("Content-Type", "application/json");
      if (status !== 201) {
        res.statusCode = status;
        res.end(
          JSON.stringify({ status_code: status, errors: [{ error: "Exception", message: "Internal server error" }] }),
        );
        return;
      }
      const id = randomUUID();
      res.statusCode = 201;
      res.end(
        JSON.stringify({
          id,
          reference: body.reference,
          content: { subject: "Subject", body: "Body", from_email: "portage@notifications.service.gov.uk" },
          uri: `http://127.0.0.1/v2/notifications/${id}`,
          template: { id: body.template_id, version: 1, uri: `http://127.0.0.1/v2/template/${body.template_id}` },
        }),
      );
    });
  });
  return {
    server,
    received,
    answer(next: number) {
      status = next;
    },
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  };
}

/** Notify's bearer token: a JWT signed HS256 with the key's secret, `iss` the service id. */
function validToken(req: IncomingMessage): boolean {
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
  const [header, payload, signature] = token?.split(".") ?? [];
  if (!header || !payload || !signature) return false;
  const expected = createHmac("sha256", SECRET).update(`${header}.${payload}`).digest("base64url");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as { iss?: string; iat?: number };
  return expected === signature && claims.iss === SERVICE_ID && Math.abs((claims.iat ?? 0) - Date.now() / 1000) < 30;
}

const notify = notifyStandIn();
let h: Harness;
let notifier: Notifier;

beforeAll(async () => {
  await new Promise<void>((resolve) => notify.server.listen(0, "127.0.0.1", resolve));
  h = await createHarness({
    env: {
      NOTIFY_API_KEY: API_KEY,
      NOTIFY_BASE_URL: notify.url(),
      NOTIFY_TEMPLATE_PARENT_CONFIRMATION: PARENT_TEMPLATE,
      NOTIFY_TEMPLATE_TEAM_ALERT: TEAM_TEMPLATE,
      TEAM_EMAIL: TEAM,
    },
  });
  notifier = notifierFromConfig(h.config, h.logger);
});
afterAll(async () => {
  await h.close();
  await new Promise((resolve) => notify.server.close(resolve));
});
beforeEach(() => {
  notify.received.length = 0;
  notify.answer(201);
});

const deliver = () => deliverDue({ db: h.db, notifier, clock: h.clock, logger: h.logger });

async function submit(firstName: string, carerEmail: string | undefined) {
  const res = await h.request("/api/referrals", {
    method: "POST",
    json: exampleReferralInput({ childFirstName: firstName, carerEmail }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

async function outboxFor(reference: string) {
  return (
    await h.db.$client.execute({
      sql: "select o.id, o.kind, o.status, o.attempts, o.last_error, o.next_attempt_at from outbox o join referrals r on r.id = o.referral_id where r.reference = ? order by o.kind",
      args: [reference],
    })
  ).rows;
}

describe("delivery through GOV.UK Notify's client", () => {
  it("sends the parent a confirmation and the team an alert, over HTTP, with a valid token", async () => {
    expect(notifier.name).toBe("gov-uk-notify");
    const reference = await submit("Notifya", "parent.one@example.com");
    expect(await deliver()).toEqual({ sent: 2, failed: 0 });

    expect(notify.received).toHaveLength(2);
    for (const r of notify.received) {
      expect(r).toMatchObject({ method: "POST", path: "/v2/notifications/email", tokenValid: true });
      expect(r.body.personalisation).toEqual(expect.objectContaining({ reference }));
    }
    const rows = await outboxFor(reference);
    const parent = notify.received.find((r) => r.body.template_id === PARENT_TEMPLATE);
    const team = notify.received.find((r) => r.body.template_id === TEAM_TEMPLATE);
    expect(parent?.body).toMatchObject({
      email_address: "parent.one@example.com",
      personalisation: { reference, service_name: h.protocol.serviceName },
      reference: rows.find((r) => r.kind === "parent-confirmation")?.id,
    });
    // The team's email says only that a referral arrived: no child's or family's details.
    expect(team?.body).toMatchObject({
      email_address: TEAM,
      personalisation: { reference, service_name: h.protocol.serviceName, route: "self-referral" },
    });
    expect(JSON.stringify(team?.body)).not.toMatch(/Notifya|parent\.one/);
    expect(rows.map((r) => [r.kind, r.status, Number(r.attempts)])).toEqual([
      ["parent-confirmation", "sent", 1],
      ["team-alert", "sent", 1],
    ]);
    expect(await deliver()).toEqual({ sent: 0, failed: 0 }); // nothing sent twice
  });

  it("alerts only the team when the parent gave no email address", async () => {
    const reference = await submit("Notifyb", undefined);
    expect(await deliver()).toEqual({ sent: 1, failed: 0 });
    expect(notify.received.map((r) => r.body.template_id)).toEqual([TEAM_TEMPLATE]);
    expect((await outboxFor(reference)).map((r) => r.kind)).toEqual(["team-alert"]);
  });

  it("retries a 500 with growing back-off, never touching the referral, and gives up after the last attempt", async () => {
    notify.answer(500);
    const reference = await submit("Notifyc", "parent.three@example.com");
    const referral = async () =>
      (
        await h.db.$client.execute({
          sql: "select status, eligibility_outcome from referrals where reference = ?",
          args: [reference],
        })
      ).rows[0];
    const stored = await referral();
    expect(stored?.status).toBe("received");

    // First attempt fails: both rows wait 30 s, with only the status code kept.
    expect(await deliver()).toEqual({ sent: 0, failed: 2 });
    let rows = await outboxFor(reference);
    for (const row of rows) {
      expect(row).toMatchObject({ status: "pending", last_error: "HTTP 500" });
      expect(Number(row.attempts)).toBe(1);
      expect(Date.parse(String(row.next_attempt_at)) - h.clock.now().getTime()).toBe(backoffMs(1));
    }
    expect(await deliver()).toEqual({ sent: 0, failed: 0 }); // not due yet
    h.clock.advance(backoffMs(1));
    expect(await deliver()).toEqual({ sent: 0, failed: 2 });
    rows = await outboxFor(reference);
    expect(rows.map((r) => Number(r.attempts))).toEqual([2, 2]);
    expect(Date.parse(String(rows[0]?.next_attempt_at)) - h.clock.now().getTime()).toBe(backoffMs(2));
    expect(backoffMs(2)).toBeGreaterThan(backoffMs(1));

    // Notify recovers: the next due attempt delivers both.
    notify.answer(201);
    h.clock.advance(backoffMs(2));
    expect(await deliver()).toEqual({ sent: 2, failed: 0 });
    rows = await outboxFor(reference);
    expect(rows.map((r) => [r.status, Number(r.attempts)])).toEqual([
      ["sent", 3],
      ["sent", 3],
    ]);
    expect(await referral()).toEqual(stored);

    // A notification that never gets through is marked failed after the last attempt.
    notify.answer(500);
    const doomed = await submit("Notifyd", undefined);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await deliver();
      h.clock.advance(backoffMs(attempt));
    }
    expect((await outboxFor(doomed)).map((r) => [r.status, Number(r.attempts)])).toEqual([["failed", MAX_ATTEMPTS]]);
    expect(await deliver()).toEqual({ sent: 0, failed: 0 });
  });

  it("keeps email addresses out of the logs", () => {
    const logged = JSON.stringify(h.logger.lines);
    expect(logged).toContain("notification not delivered");
    expect(logged).not.toMatch(/@example\.com|portage\.team@/);
  });
});

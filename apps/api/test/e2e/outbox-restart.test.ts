// Exactly once across a crash, with real processes: the built server on the demo database sends a
// routine notice and a review report to a stand-in for GOV.UK Notify, is killed (SIGKILL) while
// each is on its way, and restarted on the same database; it asks Notify by reference, marks each
// sent, and never sends one twice. And a send cut off before it reached Notify, with Notify unable
// to answer at the restart: the outbox waits rather than guess, then sends it once.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../src/db/seed.js";
import { englandDate } from "../../src/lib/clock.js";
import { notifyStandIn, standInKey } from "../../src/test-support/notify-stand-in.js";
import { freePort, type Running, startServer } from "./server.js";

const KEY = standInKey();
const ROUTINE_NOTICE_TEMPLATE = randomUUID();
const REPORT_TEMPLATE = randomUUID();
const WELLBEING = "cfws@council.example";
const VISITOR = DEMO_ACCOUNTS.find((a) => a.email === "visitor1@demo.openportage.invalid");

/**
 * The network between the server and Notify: passes bytes both ways, or, cut, takes the
 * server's request and delivers it nowhere (a request lost on its way, the crash before an answer).
 */
function notifyLine(upstreamPort: () => number) {
  let cut = false;
  let onSwallowed: (() => void)[] = [];
  const open = new Set<Socket>();
  const server: Server = createServer((socket) => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
    socket.on("error", () => undefined);
    if (cut) {
      socket.on("data", () => {
        for (const wake of onSwallowed) wake();
        onSwallowed = [];
      });
      return;
    }
    const upstream = connect(upstreamPort(), "127.0.0.1");
    open.add(upstream);
    upstream.on("close", () => open.delete(upstream));
    upstream.on("error", () => socket.destroy());
    socket.on("close", () => upstream.destroy());
    upstream.on("close", () => socket.destroy());
    socket.pipe(upstream).pipe(socket);
  });
  return {
    async listen() {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    },
    url: () => `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    /** Cuts the line: open connections end, new ones lead nowhere. */
    cut() {
      cut = true;
      for (const socket of open) socket.destroy();
    },
    mend() {
      cut = false;
      for (const socket of open) socket.destroy();
    },
    /** Resolves when bytes next vanish into the cut line. */
    nextSwallowed(): Promise<void> {
      return new Promise((resolve) => onSwallowed.push(resolve));
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const notify = notifyStandIn(KEY);
const line = notifyLine(() => Number(new URL(notify.url()).port));
const dir = mkdtempSync(join(tmpdir(), "openportage-outbox-restart-"));
const DATABASE_URL = `file:${join(dir, "demo.db")}`;
let env: Record<string, string>;
let port: number;
let server: Running | undefined;
let db: ReturnType<typeof createClient>;
let cookie = "";

beforeAll(async () => {
  await notify.listen();
  await line.listen();
  port = await freePort();
  env = {
    DATABASE_URL,
    SEED_DEMO: "true",
    NOTIFY_API_KEY: KEY.apiKey,
    NOTIFY_BASE_URL: line.url(),
    NOTIFY_TEMPLATE_PARENT_CONFIRMATION: randomUUID(),
    NOTIFY_TEMPLATE_TEAM_ALERT: randomUUID(),
    NOTIFY_TEMPLATE_REPORT: REPORT_TEMPLATE,
    NOTIFY_TEMPLATE_ROUTINE_NOTICE: ROUTINE_NOTICE_TEMPLATE,
    // Family sign-in's templates (docs/adr/0044), required with a key once that lands.
    NOTIFY_TEMPLATE_FAMILY_INVITATION: randomUUID(),
    NOTIFY_TEMPLATE_FAMILY_CODE: randomUUID(),
    NOTIFY_TEMPLATE_FAMILY_ACCESS_ENDED: randomUUID(),
    NOTIFY_TEMPLATE_PASSWORD_RESET: randomUUID(),
    // One second for each request to Notify: a claim is stale after two.
    NOTIFY_TIMEOUT_SECONDS: "1",
    TEAM_EMAIL: "portage.team@council.example",
    ROUTINE_NOTICE_EMAILS: `family-wellbeing-service=${WELLBEING}`,
    LOG_LEVEL: "info",
  };
  server = await startServer(env, port);
  db = createClient({ url: DATABASE_URL });
  if (!VISITOR) throw new Error("no demo home visitor");
  const signedIn = await fetch(`${server.url}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ email: VISITOR.email, password: VISITOR.password }),
  });
  expect(signedIn.status).toBe(200);
  cookie = (signedIn.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
});

afterAll(async () => {
  db?.close();
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill("SIGTERM");
    await server.exited;
  }
  await notify.close();
  await line.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A call to the running server as the demo home visitor (the session outlives the process). */
async function call(method: string, path: string, body?: unknown) {
  const url = server?.url ?? "";
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      cookie,
      accept: "application/json",
      ...(method === "GET" ? {} : { origin: url }),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: an answer read in a test
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, any> };
}

async function rows(sql: string, ...args: string[]) {
  return (await db.execute({ sql, args })).rows as unknown as Record<string, unknown>[];
}

async function outboxRow(id: string) {
  const [row] = await rows("select status, attempts, claimed_at, sent_at from outbox where id = ?", id);
  return row;
}

/** Waits, polling, until `check` holds; fails after `ms` with what the server said. */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${server?.output() ?? ""}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Resolves as soon as Notify has received the notification with this reference. */
async function arrivalAtNotify(reference: () => string | undefined, ms = 15_000) {
  const deadline = Date.now() + ms;
  const arrived = () => {
    const id = reference();
    return id !== undefined && notify.received.some((r) => r.body.reference === id);
  };
  while (!arrived()) {
    if (Date.now() > deadline) throw new Error(`nothing arrived at Notify\n${server?.output() ?? ""}`);
    await Promise.race([notify.nextArrival(), new Promise((resolve) => setTimeout(resolve, 50))]);
  }
}

/** Kills the server at once, as a crash or the OOM killer would; no shutdown code runs. */
async function crash() {
  const running = server;
  if (!running) throw new Error("no server to kill");
  running.child.kill("SIGKILL");
  expect(await running.exited).toBeNull();
  server = undefined;
}

async function restart() {
  server = await startServer(env, port);
}

const receivedTimes = (reference: string) => notify.received.filter((r) => r.body.reference === reference).length;
const postedTimes = (reference: string) => notify.posts.filter((r) => r.body.reference === reference).length;

it("delivers a routine notice and a review report exactly once, though the server is killed mid-delivery", async () => {
  const today = englandDate(new Date());
  // A case of the visitor's with no consent to share yet, and the reviewed case, from the demo.
  const [fresh] = await rows(
    `select a.child_id, c.name, c.relationship from allocations a
       join users u on u.id = a.home_visitor_id join carers c on c.child_id = a.child_id
      where u.email = ? and a.ended_at is null
        and not exists (select 1 from consents s where s.child_id = a.child_id and s.kind = 'sharing')
      order by exists (select 1 from play_plans p where p.child_id = a.child_id) desc, a.allocated_at`,
    VISITOR?.email ?? "",
  );
  const [reviewed] = await rows(
    `select r.child_id, r.block_id from block_reviews r join allocations a on a.child_id = r.child_id
       join users u on u.id = a.home_visitor_id
      where u.email = ? and a.ended_at is null and r.decision = 'next-block'`,
    VISITOR?.email ?? "",
  );
  expect(fresh, "the demo has a case with no consent to share").toBeDefined();
  expect(reviewed, "the demo has a reviewed case").toBeDefined();
  const noticeChild = String(fresh?.child_id);
  const reportChild = String(reviewed?.child_id);
  expect(await rows("select id from outbox where status <> 'sent'")).toEqual([]); // the demo queues nothing

  // (a) Notify takes the routine notice in, and the server dies before it hears back.
  notify.hold();
  const consent = await call("POST", `/api/cases/${noticeChild}/consents`, {
    kind: "sharing",
    givenBy: { name: fresh?.name, relationship: fresh?.relationship },
    givenOn: today,
    recordedAs: "written",
    recipientIds: ["health-visitor", "family-wellbeing-service"],
  });
  expect(consent.status, JSON.stringify(consent.body)).toBe(201);
  const [queued] = await rows("select id from outbox where child_id = ? and kind = 'routine-notice'", noticeChild);
  const notice = String(queued?.id);
  await arrivalAtNotify(() => notice);
  await crash();
  expect(await outboxRow(notice), "killed while the notice was on its way").toMatchObject({ status: "sending" });

  // Restarted on the same database: the claim outlives its lease, Notify is asked, the row is sent.
  await restart();
  await until("the notice marked sent", async () => (await outboxRow(notice))?.status === "sent");
  expect(notify.lookups).toContain(notice);

  // (b) The review report, the same way (the stand-in still holds its answers back).
  const send = await call("POST", `/api/cases/${reportChild}/report-sends`, {
    blockId: String(reviewed?.block_id),
    recipientId: "health-visitor",
    purpose: "coordinating-support",
    emailAddress: "hv.team@nhs.example",
    idempotencyKey: randomUUID(),
  });
  expect(send.status, JSON.stringify(send.body)).toBe(202);
  const [reportRow] = await rows("select id from outbox where disclosure_id = ?", String(send.body.disclosure.id));
  const report = String(reportRow?.id);
  await arrivalAtNotify(() => report);
  await crash();
  expect(await outboxRow(report), "killed while the report was on its way").toMatchObject({ status: "sending" });
  notify.release(); // the answers go to connections that died with the server
  await restart();
  await until("the report marked sent", async () => (await outboxRow(report))?.status === "sent");
  expect(notify.lookups).toContain(report);

  // Each reached Notify once: settled by asking, never sent again (no attempt counted after the crash).
  for (const reference of [notice, report]) {
    expect(receivedTimes(reference), reference).toBe(1);
    expect(postedTimes(reference), reference).toBe(1);
    expect(await outboxRow(reference)).toMatchObject({ status: "sent", attempts: 0, sent_at: expect.any(String) });
  }
  const noticeEmail = notify.received.find((r) => r.body.reference === notice);
  expect(noticeEmail?.tokenValid).toBe(true);
  expect(noticeEmail?.body).toMatchObject({ template_id: ROUTINE_NOTICE_TEMPLATE, email_address: WELLBEING });
  const reportEmail = notify.received.find((r) => r.body.reference === report);
  expect(reportEmail?.body).toMatchObject({
    template_id: REPORT_TEMPLATE,
    email_address: "hv.team@nhs.example",
    personalisation: { link_to_file: { filename: "review-block-1.pdf" } },
  });

  // Staff see both as sent, over HTTP from the restarted server.
  const notices = await call("GET", `/api/cases/${noticeChild}/disclosures`);
  expect(notices.status).toBe(200);
  expect(notices.body.disclosures).toEqual([
    expect.objectContaining({
      what: "routine-notice",
      consentId: consent.body.id,
      delivery: expect.objectContaining({ status: "sent", emailAddress: WELLBEING }),
    }),
  ]);
  const reports = await call("GET", `/api/cases/${reportChild}/disclosures`);
  const sent = reports.body.disclosures.find((x: { id: string }) => x.id === send.body.disclosure.id);
  expect(sent?.delivery).toMatchObject({ status: "sent", documentName: "review-block-1.pdf" });
});

it("sends once a delivery cut off before it reached Notify, waiting while Notify cannot be asked", async () => {
  const [reviewed] = await rows(
    `select r.child_id, r.block_id from block_reviews r join allocations a on a.child_id = r.child_id
       join users u on u.id = a.home_visitor_id
      where u.email = ? and a.ended_at is null and r.decision = 'next-block'`,
    VISITOR?.email ?? "",
  );
  // The request leaves the server and is lost on the way; the server dies waiting for an answer.
  line.cut();
  const swallowed = line.nextSwallowed();
  const send = await call("POST", `/api/cases/${String(reviewed?.child_id)}/report-sends`, {
    blockId: String(reviewed?.block_id),
    recipientId: "health-visitor",
    purpose: "coordinating-support",
    emailAddress: "hv.second@nhs.example",
  });
  expect(send.status, JSON.stringify(send.body)).toBe(202);
  const [queued] = await rows("select id from outbox where disclosure_id = ?", String(send.body.disclosure.id));
  const reference = String(queued?.id);
  await Promise.race([
    swallowed,
    new Promise((_, reject) => setTimeout(() => reject(new Error("the send never left the server")), 15_000)),
  ]);
  await crash();
  expect(await outboxRow(reference)).toMatchObject({ status: "sending" });
  expect(postedTimes(reference)).toBe(0);

  // Back up, but Notify cannot say what it has: the claim stays, asked again each round, not sent on a guess.
  line.mend();
  notify.answerLookups(503);
  await restart();
  await until("Notify asked twice", () => notify.lookups.filter((r) => r === reference).length >= 2);
  expect(await outboxRow(reference)).toMatchObject({ status: "sending" });
  expect(postedTimes(reference)).toBe(0);

  // Notify answers: it never had it, so it is sent now, once.
  notify.answerLookups(200);
  await until("the report marked sent", async () => (await outboxRow(reference))?.status === "sent");
  expect(receivedTimes(reference)).toBe(1);
  expect(postedTimes(reference)).toBe(1);
  // Two attempts: the one the crash interrupted, and the one that went.
  expect(await outboxRow(reference)).toMatchObject({ status: "sent", attempts: 2 });
  const listed = await call("GET", `/api/cases/${String(reviewed?.child_id)}/disclosures`);
  const shown = listed.body.disclosures.find((x: { id: string }) => x.id === send.body.disclosure.id);
  expect(shown?.delivery).toMatchObject({ status: "sent", attempts: 2, emailAddress: "hv.second@nhs.example" });
});

// The audit trail in two tables (ADR 0064): events committed into the inbox, seen at once by every
// read of the trail, moved in batches into the indexed archive with their ids and contents, and
// append-only in both: an event leaves the inbox only once the archive holds it whole.
import Sqlite from "libsql";
import { afterAll, beforeAll, expect, it } from "vitest";
import { filePath } from "../db/client.js";
import { createHarness, type Harness } from "../test-support/harness.js";
import { AuditWriter, MOVE_BATCH, moveAuditEvents, settleAuditEvents, startAuditMover } from "./audit.js";
import { memoryLogger } from "./logger.js";

let h: Harness;
let coordinator: { id: string; cookie: string };
let childId: string;

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.staffMember("coordinator");
  const { id } = await h.refer({ childFirstName: "Trailchild" });
  const res = await h.request(`/api/referrals/${id}/decision`, {
    method: "POST",
    cookie: coordinator.cookie,
    json: { outcome: "accepted", complexity: "moderate" },
  });
  expect(res.status).toBe(200);
  childId = String(
    (await h.db.$client.execute({ sql: "select child_id from referrals where id = ?", args: [id] })).rows[0]?.child_id,
  );
  // What the harness's set-up wrote, in the archive: each test starts from an empty inbox.
  await settleAuditEvents(h.db.$client);
});
afterAll(() => h.close());

const rows = async (sql: string, args: (string | number)[] = []) => (await h.db.$client.execute({ sql, args })).rows;
const count = async (table: string) => Number((await rows(`select count(*) as n from ${table}`))[0]?.n);

it("commits a read's events into the inbox, where the trail's searches see them at once", async () => {
  const res = await h.request("/api/waiting-list", { cookie: coordinator.cookie });
  expect(res.status).toBe(200);
  const inbox = await rows("select * from audit_inbox where record_id = ? and action = 'read'", [childId]);
  expect(inbox.length).toBe(1);
  expect(await count("audit_archive")).toBeGreaterThan(0);
  // The audit search reads the trail, archive and inbox together.
  const search = await h.request(`/api/audit?recordId=${childId}&action=read`, { cookie: coordinator.cookie });
  expect(search.status).toBe(200);
  const found = (await search.json()) as { total: number; events: { id: number }[] };
  expect(found.events.map((e) => e.id)).toContain(Number(inbox[0]?.id));
});

it("moves the inbox's oldest events into the archive, ids and contents unchanged, the trail's order kept", async () => {
  await h.request("/api/waiting-list", { cookie: coordinator.cookie });
  const trail = await rows("select * from audit_events order by id");
  const inInbox = await count("audit_inbox");
  expect(inInbox).toBeGreaterThan(1);
  // One at a time: the oldest goes first.
  const [oldest] = await rows("select * from audit_inbox order by id limit 1");
  expect(await moveAuditEvents(h.db.$client, 1)).toBe(1);
  expect(await rows("select * from audit_archive where id = ?", [Number(oldest?.id)])).toEqual([oldest]);
  expect(await count("audit_inbox")).toBe(inInbox - 1);
  expect(await settleAuditEvents(h.db.$client)).toBe(inInbox - 1);
  expect(await count("audit_inbox")).toBe(0);
  expect(await rows("select * from audit_events order by id")).toEqual(trail);
  expect(await moveAuditEvents(h.db.$client)).toBe(0);
  // The next event's id comes after every archived one: one sequence for the whole trail.
  await h.request("/api/waiting-list", { cookie: coordinator.cookie });
  const [next] = await rows("select min(id) as id from audit_inbox");
  const [last] = await rows("select max(id) as id from audit_archive");
  expect(Number(next?.id)).toBeGreaterThan(Number(last?.id));
});

it("moves nothing, and takes no write lock for it, while the inbox is empty", async () => {
  await settleAuditEvents(h.db.$client);
  expect(await count("audit_inbox")).toBe(0);
  // Another connection holds the write lock: a move that began a write would wait for it and then
  // fail busy; with nothing to move it reads, finds nothing and answers at once.
  const other = new Sqlite(filePath(h.url));
  try {
    other.exec("begin immediate");
    expect(await moveAuditEvents(h.db.$client)).toBe(0);
    other.exec("rollback");
  } finally {
    other.close();
  }
}, 15_000);

it("keeps both tables append-only: no event changed, none removed but into the archive, whole", async () => {
  await h.request("/api/waiting-list", { cookie: coordinator.cookie });
  const [event] = await rows("select * from audit_inbox order by id limit 1");
  const id = Number(event?.id);
  const refused = async (sql: string, args: (string | number)[], message: RegExp) =>
    await expect(h.db.$client.execute({ sql, args })).rejects.toThrow(message);
  await refused("update audit_inbox set actor_id = null where id = ?", [id], /append-only/);
  await refused("delete from audit_inbox where id = ?", [id], /leaves the inbox only into the archive/);
  // An archived copy that differs from the event in any way does not let the event go.
  await h.db.$client.execute({
    sql: "insert into audit_archive (id, at, actor_id, actor_role, action, record_type, record_id, outcome, request, address, reason) select id, at, null, actor_role, action, record_type, record_id, outcome, request, address, reason from audit_inbox where id = ?",
    args: [id],
  });
  await refused("delete from audit_inbox where id = ?", [id], /leaves the inbox only into the archive/);
  await refused("delete from audit_archive where id = ?", [id], /append-only/);
  await refused("update audit_archive set reason = 'x' where id = ?", [id], /append-only/);
  // The event is still in the inbox, whole; the wrong copy stays beside it in the archive, and
  // the trail shows both: nothing was lost, and what was tampered with can be seen.
  expect(await rows("select * from audit_inbox where id = ?", [id])).toEqual([event]);
  expect((await rows("select * from audit_events where id = ?", [id])).length).toBe(2);
  // And so the inbox cannot be moved past it: a move of it fails whole, the events stay.
  const before = await count("audit_inbox");
  await expect(moveAuditEvents(h.db.$client)).rejects.toThrow();
  expect(await count("audit_inbox")).toBe(before);
});

it("moves a batch itself once it has committed a batch's worth of rows", async () => {
  const h2 = await createHarness();
  try {
    const writer = new AuditWriter(h2.db);
    const event = (i: number) => ({
      at: "2026-11-20T10:00:00.000Z",
      actorId: null,
      actorRole: null,
      action: "read",
      recordType: "child",
      recordId: `child-${i}`,
      outcome: "success" as const,
      request: "GET /test",
      address: null,
      reason: null,
    });
    const rowsOf = async (table: string) =>
      Number(
        (await h2.db.$client.execute(`select count(*) as n from ${table} where request = 'GET /test'`)).rows[0]?.n,
      );
    await writer.write(Array.from({ length: MOVE_BATCH - 1 }, (_, i) => event(i)));
    expect(await rowsOf("audit_inbox")).toBe(MOVE_BATCH - 1);
    expect(await rowsOf("audit_archive")).toBe(0);
    await writer.write([event(MOVE_BATCH), event(MOVE_BATCH + 1)]);
    // Resolved once committed; the move follows in the same turn of the writer.
    for (let i = 0; i < 50 && (await rowsOf("audit_archive")) === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await rowsOf("audit_archive")).toBeGreaterThan(0);
    expect((await rowsOf("audit_archive")) + (await rowsOf("audit_inbox"))).toBe(MOVE_BATCH + 1);
    expect(await rowsOf("audit_events")).toBe(MOVE_BATCH + 1);

    // The server's mover takes what is left when it stops.
    const logger = memoryLogger();
    const mover = startAuditMover({ db: h2.db, logger, everyMs: 60_000 });
    await mover.stop();
    expect(await rowsOf("audit_inbox")).toBe(0);
    expect(await rowsOf("audit_archive")).toBe(MOVE_BATCH + 1);
    expect(logger.lines.filter((l) => l.level === "warn")).toEqual([]);
  } finally {
    h2.close();
  }
});

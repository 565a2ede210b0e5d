// Five years of casework for the reports benchmark (BENCH_FIVE_YEARS=true; issue 13): tops up a
// database made by `seed-demo` with visits and practice records spread over the five years before
// today, until it holds about 200,000 visits and 1,000,000 practice records. The rows go to the
// seed's own plans: each visit to one of a plan's blocks (its child, block id and time; a date
// not yet planned for that block, as `visits_block_date` requires), each practice record to one
// of a plan's targets (a date not yet recorded for that target, as `practice_target_date`
// requires), entered by a member of staff or by no one. Written with multi-row inserts, a few
// thousand rows a transaction.
import { randomUUID } from "node:crypto";
import { createClient } from "@libsql/client";
import { addDays } from "@openportage/domain";
import { englandDate } from "../dist/lib/clock.js";

const VISITS = Number(process.env.BENCH_VISITS ?? 200_000);
const PRACTICE = Number(process.env.BENCH_PRACTICE ?? 1_000_000);
const DAYS = 5 * 365 + 1;
const ROWS_PER_INSERT = 400;
const ROWS_PER_TRANSACTION = 20_000;

const VISIT_COLUMNS = [
  "id",
  "child_id",
  "plan_id",
  "block_id",
  "planned_date",
  "date",
  "time",
  "status",
  "family_focus",
  "structured_teaching",
  "child_led_play",
  "targets_worked_on",
  "practise_next",
  "duration_minutes",
  "recorded_by",
  "recorded_at",
  "version",
  "created_at",
  "updated_at",
];
const PRACTICE_COLUMNS = [
  "id",
  "child_id",
  "plan_id",
  "target_id",
  "date",
  "recorded_by",
  "tries",
  "successes",
  "practised",
  "entered_by",
  "entered_by_family",
  "version",
  "created_at",
  "updated_at",
];

/** Writes rows from `rows` (a generator of value arrays) in transactions of multi-row inserts. */
async function insertAll(client, table, columns, rows) {
  const tuple = `(${columns.map(() => "?").join(", ")})`;
  let written = 0;
  let pending = [];
  const flush = async () => {
    const statements = [];
    for (let i = 0; i < pending.length; i += ROWS_PER_INSERT) {
      const part = pending.slice(i, i + ROWS_PER_INSERT);
      statements.push({
        sql: `insert into ${table} (${columns.join(", ")}) values ${part.map(() => tuple).join(", ")}`,
        args: part.flat(),
      });
    }
    await client.batch(statements, "write");
    written += pending.length;
    pending = [];
  };
  for (const row of rows) {
    pending.push(row);
    if (pending.length >= ROWS_PER_TRANSACTION) await flush();
  }
  if (pending.length > 0) await flush();
  return written;
}

/** A visit's status: mostly held, some missed, a few cancelled by either side. */
function visitStatus(n) {
  const r = n % 20;
  if (r < 16) return "held";
  if (r < 18) return "missed";
  return r === 18 ? "cancelled-by-family" : "cancelled-by-service";
}

/** Tops up the database at `url`; returns the seconds it took and the row counts after. */
export async function topUpFiveYears(url) {
  const started = Date.now();
  const client = createClient({ url });
  const today = englandDate(new Date());
  // Oldest first: dates[k] is k days into the five years that end yesterday.
  const dates = Array.from({ length: DAYS }, (_, k) => addDays(today, k - DAYS));

  const staff = (await client.execute("select id from users where role = 'home-visitor' order by email")).rows.map(
    (r) => String(r.id),
  );
  const visitorOf = new Map(
    (await client.execute("select child_id, home_visitor_id from allocations where ended_at is null")).rows.map((r) => [
      String(r.child_id),
      String(r.home_visitor_id),
    ]),
  );
  const blocks = [];
  const targets = [];
  for (const row of (await client.execute("select id, child_id, document from play_plans order by rowid")).rows) {
    const plan = JSON.parse(String(row.document));
    const childId = String(row.child_id);
    const visitor = visitorOf.get(childId) ?? staff[blocks.length % staff.length];
    for (const block of plan.blocks ?? []) {
      const targetIds = (block.targets ?? []).map((t) => t.id);
      blocks.push({
        planId: String(row.id),
        childId,
        blockId: block.id,
        time: block.time ?? "10:00",
        targetIds,
        visitor,
      });
      for (const id of targetIds) targets.push({ planId: String(row.id), childId, targetId: id, visitor });
    }
  }
  const count = async (table) => Number((await client.execute(`select count(*) as n from ${table}`)).rows[0].n);
  const keys = async (sql) => new Set((await client.execute(sql)).rows.map((r) => `${r.k}|${r.d}`));

  // Visits: each block in turn takes evenly spaced dates over the five years, a different
  // offset for each block, skipping dates the block already has.
  const visitsWanted = Math.max(0, VISITS - (await count("visits")));
  const plannedAlready = await keys("select block_id as k, planned_date as d from visits");
  const perBlock = Math.ceil(visitsWanted / Math.max(1, blocks.length));
  if (perBlock > DAYS) throw new Error(`${blocks.length} blocks cannot hold ${visitsWanted} more visits`);
  function* visitRows() {
    let made = 0;
    let n = 0;
    const step = Math.max(1, Math.floor(DAYS / perBlock));
    for (const [b, block] of blocks.entries()) {
      let taken = 0;
      for (let k = b % step; taken < perBlock && made < visitsWanted && k < DAYS; k += step) {
        const date = dates[k];
        if (plannedAlready.has(`${block.blockId}|${date}`)) continue;
        const status = visitStatus(n++);
        const held = status === "held";
        const recordedAt = `${date}T15:00:00.000Z`;
        yield [
          randomUUID(),
          block.childId,
          block.planId,
          block.blockId,
          date,
          date,
          block.time,
          status,
          held ? "Talked with the family about the week and the chart" : null,
          held ? "Worked through the teaching steps for each target" : null,
          held ? "Played with the toys the child chose" : null,
          JSON.stringify(held ? block.targetIds : []),
          held ? "Keep practising at bath time" : null,
          held ? 60 : null,
          block.visitor,
          recordedAt,
          2,
          recordedAt,
          recordedAt,
        ];
        taken++;
        made++;
      }
    }
  }
  const visitsAdded = await insertAll(client, "visits", VISIT_COLUMNS, visitRows());

  // Practice records: the same, over targets, skipping days a target already has.
  const practiceWanted = Math.max(0, PRACTICE - (await count("practice_records")));
  const recordedAlready = await keys("select target_id as k, date as d from practice_records");
  const perTarget = Math.ceil(practiceWanted / Math.max(1, targets.length));
  if (perTarget > DAYS) throw new Error(`${targets.length} targets cannot hold ${practiceWanted} more records`);
  function* practiceRows() {
    let made = 0;
    const step = Math.max(1, Math.floor(DAYS / perTarget));
    for (const [t, target] of targets.entries()) {
      let taken = 0;
      for (let k = t % step; taken < perTarget && made < practiceWanted && k < DAYS; k += step) {
        const date = dates[k];
        if (recordedAlready.has(`${target.targetId}|${date}`)) continue;
        const byVisitor = (t + k) % 10 === 0;
        const practised = (t + k) % 9 !== 0;
        const createdAt = `${date}T19:00:00.000Z`;
        yield [
          randomUUID(),
          target.childId,
          target.planId,
          target.targetId,
          date,
          byVisitor ? "visitor" : "family",
          practised ? 4 : null,
          practised ? (t + k) % 5 : null,
          practised ? 1 : 0,
          // Entered by staff (the visitor, or from the family's paper chart) or by no one.
          byVisitor || (t + k) % 3 === 0 ? target.visitor : null,
          null,
          1,
          createdAt,
          createdAt,
        ];
        taken++;
        made++;
      }
    }
  }
  const practiceAdded = await insertAll(client, "practice_records", PRACTICE_COLUMNS, practiceRows());

  const figures = {
    seconds: (Date.now() - started) / 1000,
    visitsAdded,
    practiceAdded,
    children: await count("children"),
    allocated: await count("allocations where ended_at is null"),
    plans: await count("play_plans"),
    blocks: blocks.length,
    targets: targets.length,
    visits: await count("visits"),
    practice: await count("practice_records"),
    from: dates[0],
    to: dates[DAYS - 1],
  };
  client.close();
  return figures;
}

// The casework benchmark (run by `pnpm bench` after run.mjs, or alone: node bench/casework.mjs):
// the built server on a database of 10,000 allocated children spread over 50 home visitors,
// each child with an active play plan, 20 visits (200,000 in all) and a week of practice
// records, signed in as one home visitor. Times the case page and the plan tab (rotating over
// the visitor's children), the visitor's diary and caseload, beside /api/health. Figures, not a
// pass/fail test.
//
// The children come from `seed-demo`; their casework is then written straight into the
// database with batched inserts, from one plan per visit weekday built and checked by the
// domain (newTarget, transitionBlock, transitionPlan, validatePlan, planVisits).
// BENCH_SQL runs extra statements before the server starts (`CREATE INDEX ...`), to try an index.
import { randomUUID } from "node:crypto";
import { createClient } from "@libsql/client";
import {
  addDays,
  lancashire,
  newTarget,
  planVisits,
  termDay,
  transitionBlock,
  transitionPlan,
  validatePlan,
  weekdayOf,
} from "@openportage/domain";
import { englandDate } from "../dist/lib/clock.js";
import { termsWithBankHolidays } from "../dist/routes/visits/visits.routes.js";
import { benchDatabase, cli, printTable, run, signIn, startServer } from "./lib.mjs";

const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 10_000);
const VISITORS = Number(process.env.BENCH_VISITORS ?? 50);
const VISITS_PER_CHILD = 20;
/** Days of practice records before today, for each of a plan's three targets. */
const PRACTICE_DAYS = 7;
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;
const ROWS_PER_INSERT = 500;
const VISITOR = { email: "visitor1@demo.openportage.invalid", password: "harriet demo password" };
const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"];
const TIMES = ["09:30", "10:00", "11:00", "13:30", "14:00"];

const protocol = lancashire;
const now = new Date();
const nowIso = now.toISOString();
const today = englandDate(now);
const year = Number(today.slice(0, 4));
const terms = termsWithBankHolidays(protocol, year - 1, year + 1);

function ok(verdict, what) {
  if (!verdict.ok) throw new Error(`${what}: ${verdict.reason}`);
  return verdict.value;
}

/**
 * A plan whose one block runs on `weekday` from about three months ago for 20 visits, agreed
 * and active, its ids placeholders to be replaced for each child; and the block's visit dates.
 */
function planTemplate(weekday, time) {
  let start = addDays(today, -91);
  while (weekdayOf(start) !== weekday || termDay(start, terms).kind !== "term") start = addDays(start, 1);
  const longest = { start, end: addDays(start, 7 * 60), frequency: "weekly", weekday, time };
  const dates = ok(planVisits(longest, { visits: { ...protocol.visits, terms } }), "visits")
    .visits.slice(0, VISITS_PER_CHILD)
    .map((v) => v.date);
  const target = (n, areaId, does, conditions) =>
    ok(
      newTarget(
        {
          id: `@T${n}@`,
          areaId,
          longTermGoalId: "goal-1",
          does,
          conditions,
          teachingSteps: [
            { id: "step-1", text: "with an adult's hands over theirs" },
            { id: "step-2", text: "with a model first" },
            { id: "step-3", text: "on their own" },
          ],
          practice: { how: "At bath time, three or four goes, stopping while it is fun", timesPerDay: 4 },
        },
        protocol,
      ),
      "target",
    );
  let block = {
    id: "@BLOCK@",
    number: 1,
    start,
    end: dates[dates.length - 1],
    frequency: "weekly",
    weekday,
    time,
    status: "draft",
    targets: [
      target(1, "physical", "stack three bricks", "when an adult shows how first"),
      target(2, "communication-and-language", "ask for 'more' with a sign", "at snack time"),
      target(3, "play-and-thinking", "find a toy hidden under a cup", "when an adult hides it"),
    ],
  };
  const context = { protocol, on: addDays(start, -7), agreedBy: ["A parent (Mum)", "A home visitor"] };
  let plan = {
    id: "@PLAN@",
    childId: "@CHILD@",
    status: "draft",
    longTermGoals: [
      {
        id: "goal-1",
        text: "Plays with toys in new ways",
        areaId: "play-and-thinking",
        setOn: addDays(start, -14),
        reviewBy: addDays(start, 150),
      },
    ],
    blocks: [block],
  };
  block = ok(transitionBlock(block, "agreed", context), "block agreed");
  plan = { ...ok(transitionPlan(plan, "agreed", context), "plan agreed"), blocks: [block] };
  block = ok(transitionBlock(block, "active", context), "block started");
  plan = { ...ok(transitionPlan(plan, "active", context), "plan started"), blocks: [block] };
  const problems = validatePlan(plan, protocol);
  if (problems.length > 0) throw new Error(`the bench plan is not sound: ${JSON.stringify(problems)}`);
  return { json: JSON.stringify(plan), dates };
}

/** Inserts `rows` (arrays of values in `columns` order) with multi-row statements, in one transaction. */
async function insertRows(client, table, columns, rows) {
  const statements = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const part = rows.slice(i, i + ROWS_PER_INSERT);
    const tuple = `(${columns.map(() => "?").join(", ")})`;
    statements.push({
      sql: `insert into ${table} (${columns.join(", ")}) values ${part.map(() => tuple).join(", ")}`,
      args: part.flat(),
    });
  }
  await client.batch(statements, "write");
}

/** Gives every child an allocation, an active plan, its visits and a week of practice. */
async function loadCasework(url) {
  const client = createClient({ url });
  // The demo's own casework goes, so every child has the same shape of case.
  await client.batch(
    [
      "block_reviews",
      "goal_reviews",
      "transition_plans",
      "exits",
      "monitoring_visits",
      "practice_records",
      "visits",
      "play_plan_revisions",
      "play_plans",
      "developmental_profiles",
      "cases",
    ].map((t) => `delete from ${t}`),
    "write",
  );
  const [visitor] = (
    await client.execute({ sql: "select id, password_hash from users where email = ?", args: [VISITOR.email] })
  ).rows;
  const [coordinator] = (await client.execute("select id from users where role = 'coordinator' limit 1")).rows;
  const visitorIds = [String(visitor.id)];
  const users = [];
  for (let n = 1; n < VISITORS; n++) {
    const id = randomUUID();
    visitorIds.push(id);
    users.push([
      id,
      `bench-visitor-${n}@bench.invalid`,
      `Bench Visitor ${n}`,
      "home-visitor",
      visitor.password_hash,
      1,
      nowIso,
    ]);
  }
  await insertRows(client, "users", ["id", "email", "name", "role", "password_hash", "demo", "created_at"], users);

  const referrals = (await client.execute("select id, child_id from referrals order by rowid")).rows;
  const current = new Map(
    (await client.execute("select id, referral_id from allocations where ended_at is null")).rows.map((r) => [
      String(r.referral_id),
      String(r.id),
    ]),
  );
  const templates = WEEKDAYS.map((weekday, w) => planTemplate(weekday, TIMES[w]));
  const allocations = [];
  const reassigned = [];
  const plans = [];
  const revisions = [];
  const visits = [];
  const practice = [];
  referrals.forEach((referral, j) => {
    const childId = String(referral.child_id);
    const visitorId = visitorIds[j % visitorIds.length];
    const existing = current.get(String(referral.id));
    if (existing)
      reassigned.push({ sql: "update allocations set home_visitor_id = ? where id = ?", args: [visitorId, existing] });
    else allocations.push([randomUUID(), String(referral.id), childId, visitorId, String(coordinator.id), nowIso]);
    const { json, dates } = templates[j % templates.length];
    const planId = randomUUID();
    const blockId = randomUUID();
    const targetIds = [randomUUID(), randomUUID(), randomUUID()];
    const document = json
      .replaceAll("@PLAN@", planId)
      .replaceAll("@CHILD@", childId)
      .replaceAll("@BLOCK@", blockId)
      .replaceAll("@T1@", targetIds[0])
      .replaceAll("@T2@", targetIds[1])
      .replaceAll("@T3@", targetIds[2]);
    plans.push([planId, childId, "active", document, 1, nowIso, visitorId, nowIso, visitorId]);
    revisions.push([randomUUID(), planId, 1, "plan-started-visits", document, visitorId, nowIso]);
    const time = TIMES[j % TIMES.length];
    dates.forEach((date, n) => {
      const past = date < today;
      const status = !past ? "planned" : n % 7 === 3 ? "missed" : "held";
      const held = status === "held";
      visits.push([
        randomUUID(),
        childId,
        planId,
        blockId,
        date,
        date,
        time,
        status,
        held ? "Talked with Mum about the week and the chart" : null,
        held ? "Worked through the teaching steps for each target" : null,
        held ? "Played with the toys the child chose" : null,
        held ? JSON.stringify(targetIds) : past ? "[]" : null,
        held ? "Keep practising at bath time" : null,
        held ? 60 : null,
        past ? visitorId : null,
        past ? `${date}T15:00:00.000Z` : null,
        past ? 2 : 1,
        nowIso,
        past ? `${date}T15:00:00.000Z` : nowIso,
      ]);
    });
    for (let d = 1; d <= PRACTICE_DAYS; d++) {
      const date = addDays(today, -d);
      for (const targetId of targetIds) {
        const successes = (d + j) % 5;
        practice.push([
          randomUUID(),
          childId,
          planId,
          targetId,
          date,
          "family",
          4,
          Math.min(successes, 4),
          1,
          visitorId,
          1,
          nowIso,
          nowIso,
        ]);
      }
    }
  });
  await client.batch(reassigned, "write");
  await insertRows(
    client,
    "allocations",
    ["id", "referral_id", "child_id", "home_visitor_id", "allocated_by", "allocated_at"],
    allocations,
  );
  await client.execute("update referrals set status = 'allocated' where status <> 'allocated'");
  await insertRows(
    client,
    "play_plans",
    ["id", "child_id", "status", "document", "version", "created_at", "created_by", "updated_at", "updated_by"],
    plans,
  );
  await insertRows(
    client,
    "play_plan_revisions",
    ["id", "plan_id", "version", "change", "document", "changed_by", "changed_at"],
    revisions,
  );
  const visitColumns = [
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
  await insertRows(client, "visits", visitColumns, visits);
  const practiceColumns = [
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
    "version",
    "created_at",
    "updated_at",
  ];
  await insertRows(client, "practice_records", practiceColumns, practice);
  for (const sql of (process.env.BENCH_SQL ?? "").split(";").filter((s) => s.trim() !== "")) {
    console.log(`BENCH_SQL: ${sql.trim()}`);
    await client.execute(sql);
  }
  const count = async (table) => Number((await client.execute(`select count(*) as n from ${table}`)).rows[0].n);
  const figures = {
    allocated: await count("allocations where ended_at is null"),
    visitors: new Set(
      (await client.execute("select distinct home_visitor_id from allocations where ended_at is null")).rows.map(
        (r) => r.home_visitor_id,
      ),
    ).size,
    plans: await count("play_plans where status = 'active'"),
    visits: await count("visits"),
    practice: await count("practice_records"),
  };
  client.close();
  return figures;
}

const database = benchDatabase("casework");
console.log(`\nseeding ${CHILDREN} fictional families, then allocating every child with a plan and visits...`);
let started = Date.now();
cli(database.env, "seed-demo", "--families", String(CHILDREN));
const seeded = (Date.now() - started) / 1000;
started = Date.now();
const figures = await loadCasework(database.url);
console.log(
  `seeded in ${seeded.toFixed(1)} s, casework written in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
    `${figures.allocated} children allocated to ${figures.visitors} home visitors, ${figures.plans} active plans, ` +
    `${figures.visits} visits, ${figures.practice} practice records`,
);

const server = await startServer(database.env);
try {
  const { url } = server;
  const cookie = await signIn(url, VISITOR.email, VISITOR.password);
  const { cases } = await (await fetch(`${url}/api/cases`, { headers: { cookie } })).json();
  const ids = cases.map((c) => c.child.id);
  const diary = await (await fetch(`${url}/api/diary`, { headers: { cookie } })).json();
  const casePage = await fetch(`${url}/api/cases/${ids[0]}`, { headers: { cookie } });
  console.log(
    `signed in as the home visitor with ${ids.length} children; their diary holds ${diary.visits.length} visits ` +
      `(${diary.from} to ${diary.to}); a case page is ${(await casePage.text()).length} bytes`,
  );

  const options = { connections: CONNECTIONS, duration: DURATION };
  let n = 0;
  const results = [
    await run(url, "GET /api/health (baseline)", { ...options, requests: [{ method: "GET", path: "/api/health" }] }),
    await run(url, "GET /api/cases/:id (the visitor's children in turn)", {
      ...options,
      requests: [
        {
          method: "GET",
          headers: { cookie },
          setupRequest: (req) => ({ ...req, path: `/api/cases/${ids[n++ % ids.length]}` }),
        },
      ],
    }),
    await run(url, "GET /api/cases/:id/plan (the plan tab, in turn)", {
      ...options,
      requests: [
        {
          method: "GET",
          headers: { cookie },
          setupRequest: (req) => ({ ...req, path: `/api/cases/${ids[n++ % ids.length]}/plan` }),
        },
      ],
    }),
    await run(url, "GET /api/diary (four weeks)", {
      ...options,
      requests: [{ method: "GET", path: "/api/diary", headers: { cookie } }],
    }),
    await run(url, "GET /api/cases (the visitor's caseload)", {
      ...options,
      requests: [{ method: "GET", path: "/api/cases", headers: { cookie } }],
    }),
  ];
  printTable(
    `${figures.allocated} allocated children, ${figures.visits} visits, ${figures.practice} practice records; ` +
      `${CONNECTIONS} connections, ${DURATION} s a route, loopback`,
    results,
  );
} finally {
  await server.stop();
  database.remove();
}

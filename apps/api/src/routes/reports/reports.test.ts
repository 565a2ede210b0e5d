// The reports against a hand-made fixture (docs/adr/0045): every figure below was counted by hand
// from the rows inserted here, and the CSV downloads are parsed back and checked cell by cell.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../test-support/harness.js";
import type { ReportList, ReportView } from "./contract.js";

let h: Harness;
type Person = Awaited<ReturnType<Harness["staffMember"]>>;
let coordinator: Person;
let ann: Person;
let bob: Person;
let administrator: Person;

const PERIOD = "from=2026-01-01&to=2026-06-30";

async function insert(table: string, row: Record<string, unknown>) {
  const keys = Object.keys(row);
  await h.db.$client.execute({
    sql: `insert into ${table} (${keys.join(", ")}) values (${keys.map(() => "?").join(", ")})`,
    args: keys.map((k) => {
      const value = row[k];
      return typeof value === "object" && value !== null ? JSON.stringify(value) : (value as string | number | null);
    }),
  });
}

const at = "2026-01-01T00:00:00.000Z";

async function child(n: number, route: string, receivedAt: string, status: string, acceptedOn: string | null) {
  await insert("children", {
    id: `c${n}`,
    first_name: "Child",
    last_name: `Fixture${n}`,
    date_of_birth: "2024-06-01",
    sex: "female",
    home_languages: "English",
    interpreter_needed: 0,
    address_line1: "1 Road",
    address_town: "Preston",
    postcode: "PR1 1AA",
    destroy_after: "2049-06-01",
    created_at: at,
    updated_at: at,
  });
  await insert("referrals", {
    id: `r${n}`,
    reference: `REF${n}`,
    child_id: `c${n}`,
    route,
    source: "staff",
    received_at: receivedAt,
    answers: {},
    fingerprint: `f${n}`,
    status,
    accepted_on: acceptedOn,
    updated_at: receivedAt,
  });
}

let ids = 0;
const decide = (n: number, outcome: string, decidedAt: string) =>
  insert("decisions", {
    id: `d${++ids}`,
    referral_id: `r${n}`,
    outcome,
    decided_by: coordinator.id,
    decided_at: decidedAt,
  });

const allocate = (n: number, visitor: Person, allocatedAt: string, endedAt: string | null = null) =>
  insert("allocations", {
    id: `a${++ids}`,
    referral_id: `r${n}`,
    child_id: `c${n}`,
    home_visitor_id: visitor.id,
    allocated_by: coordinator.id,
    allocated_at: allocatedAt,
    ended_at: endedAt,
    end_reason: endedAt ? "exited" : null,
  });

type Target = { areaId: string; outcome?: { result: string; on: string } };
const plan = (n: number, blocks: { id: string; start: string; end: string; status: string; targets: Target[] }[]) =>
  insert("play_plans", {
    id: `p${n}`,
    child_id: `c${n}`,
    status: "active",
    document: { blocks },
    created_at: at,
    created_by: coordinator.id,
    updated_at: at,
    updated_by: coordinator.id,
  });

const visit = (n: number, date: string, status: string) =>
  insert("visits", {
    id: `v${++ids}`,
    child_id: `c${n}`,
    plan_id: `p${n}`,
    block_id: `b${n}`,
    planned_date: date,
    date,
    time: "10:00",
    status,
    created_at: at,
    updated_at: at,
  });

const profile = (n: number, recordedOn: string, entries: { areaId: string; mark: string }[]) =>
  insert("developmental_profiles", {
    id: `dp${++ids}`,
    child_id: `c${n}`,
    recorded_on: recordedOn,
    entries,
    recorded_by: coordinator.id,
    created_at: `${recordedOn}T12:00:00.000Z`,
  });

const exit = (n: number, reasonId: string, exitedOn: string, reopenedAt: string | null = null) =>
  insert("exits", {
    id: `e${++ids}`,
    child_id: `c${n}`,
    referral_id: `r${n}`,
    reason_id: reasonId,
    exited_on: exitedOn,
    recorded_by: coordinator.id,
    created_at: at,
    reopened_at: reopenedAt,
  });

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.staffMember("coordinator", "Cara Coordinator");
  ann = await h.staffMember("home-visitor", "Ann Visitor");
  bob = await h.staffMember("home-visitor", "Bob Visitor");
  administrator = await h.staffMember("administrator", "Adam Administrator");

  // Six self-referrals in January, accepted on 20 January (waits of 15 down to 10 days).
  for (let n = 1; n <= 6; n++) {
    await child(
      n,
      "self-referral",
      `2026-01-${String(n + 4).padStart(2, "0")}T10:00:00.000Z`,
      n === 6 ? "waiting" : "allocated",
      "2026-01-20",
    );
    await decide(n, "accepted", "2026-01-20T10:00:00.000Z");
  }
  // Two Early Help referrals in February: one not eligible (7 days), one asked for more then accepted (first decision 6 days).
  await child(7, "early-help", "2026-02-03T10:00:00.000Z", "not-eligible", null);
  await decide(7, "not-eligible", "2026-02-10T10:00:00.000Z");
  await child(8, "early-help", "2026-02-04T10:00:00.000Z", "waiting", "2026-02-20");
  await decide(8, "more-information", "2026-02-10T10:00:00.000Z");
  await decide(8, "accepted", "2026-02-20T10:00:00.000Z");
  // Received 23:30 UTC on 31 December: still 2025 in England, so outside the period; decided 2 days later.
  await child(9, "self-referral", "2025-12-31T23:30:00.000Z", "allocated", "2026-01-02");
  await decide(9, "accepted", "2026-01-02T10:00:00.000Z");
  // Received 23:30 UTC on 31 March: 1 April in England (summer time), so April's.
  await child(10, "early-help", "2026-03-31T23:30:00.000Z", "received", null);

  // Allocations: Ann holds 1, 2, 3 (from 1 February) and 9 (10 January); Bob 4 and 5 (1 March).
  await allocate(9, ann, "2026-01-10T10:00:00.000Z", "2026-05-29T15:00:00.000Z");
  await allocate(1, ann, "2026-02-01T10:00:00.000Z");
  await allocate(2, ann, "2026-02-01T10:00:00.000Z");
  await allocate(3, ann, "2026-02-01T10:00:00.000Z", "2026-06-15T15:00:00.000Z");
  await allocate(4, bob, "2026-03-01T10:00:00.000Z");
  await allocate(5, bob, "2026-03-01T10:00:00.000Z");

  const CL = "communication-and-language";
  await plan(1, [
    {
      id: "b1",
      start: "2026-02-02",
      end: "2026-03-27",
      status: "active",
      targets: [
        { areaId: CL, outcome: { result: "achieved", on: "2026-03-20" } },
        { areaId: "physical", outcome: { result: "achieved", on: "2026-03-20" } },
        { areaId: CL, outcome: { result: "carried-forward", on: "2026-03-27" } },
      ],
    },
    { id: "b1-draft", start: "2026-04-01", end: "2026-05-22", status: "draft", targets: [{ areaId: CL }] },
  ]);
  await plan(4, [
    {
      id: "b4",
      start: "2026-03-02",
      end: "2026-04-24",
      status: "active",
      targets: [
        { areaId: "physical", outcome: { result: "achieved", on: "2026-04-01" } },
        { areaId: "self-care", outcome: { result: "stopped", on: "2026-04-01" } },
        { areaId: "physical" },
      ],
    },
  ]);
  await plan(9, [
    {
      id: "b9",
      start: "2025-12-01",
      end: "2026-01-30",
      status: "completed",
      targets: [{ areaId: CL, outcome: { result: "achieved", on: "2026-01-20" } }],
    },
  ]);
  await plan(2, []);

  await visit(1, "2026-02-02", "held");
  await visit(1, "2026-02-09", "held");
  await visit(1, "2026-02-16", "missed");
  await visit(1, "2026-02-23", "cancelled-by-family");
  await visit(1, "2026-03-02", "held");
  await visit(9, "2026-01-12", "held");
  await visit(9, "2026-01-19", "held");
  await visit(4, "2026-03-02", "held");
  await visit(4, "2026-03-09", "cancelled-by-service");
  await visit(4, "2026-03-16", "planned");
  await visit(2, "2026-07-06", "held");

  await profile(1, "2026-02-02", [
    { areaId: CL, mark: "emerging" },
    { areaId: "physical", mark: "developing" },
  ]);
  await profile(1, "2026-03-27", [
    { areaId: CL, mark: "developing" },
    { areaId: "physical", mark: "developing" },
  ]);
  await profile(4, "2026-03-02", [{ areaId: CL, mark: "emerging" }]);
  await profile(4, "2026-04-01", [{ areaId: CL, mark: "achieved" }]);
  await profile(9, "2026-01-12", [{ areaId: CL, mark: "emerging" }]);

  await exit(9, "started-setting", "2026-05-29");
  await insert("transition_plans", {
    child_id: "c9",
    setting_name: "Little Acorns Nursery",
    setting_type: "nursery",
    start_date: "2026-06-01",
    updated_at: at,
    updated_by: ann.id,
  });
  await exit(3, "moved-away", "2026-06-15");
  await exit(5, "family-withdrew", "2026-04-10", "2026-04-20T10:00:00.000Z");
});

afterAll(() => h.close());

async function report(name: string, query = PERIOD, who: Person = coordinator): Promise<ReportView> {
  const res = await h.request(`/api/reports/${name}?${query}`, { cookie: who.cookie });
  const text = await res.text();
  expect(res.status, `${text} ${JSON.stringify(h.logger.lines.filter((l) => l.level === "error"))}`).toBe(200);
  return JSON.parse(text) as ReportView;
}

/** The table as label -> cells, by the first text column. */
function byLabel(view: ReportView, key: string) {
  return Object.fromEntries(view.rows.map((r) => [String(r.cells[key]), r]));
}

/** A small RFC 4180 parser: quoted fields, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += ch;
  }
  if (field !== "" || row.length > 0) throw new Error("CSV does not end with CRLF");
  return rows;
}

async function csv(name: string, query = PERIOD, who: Person = coordinator) {
  const res = await h.request(`/api/reports/${name}?${query}&format=csv`, { cookie: who.cookie });
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return { res, rows: parseCsv(text) };
}

const SELF = "Parent or carer self-referral";
const EARLY = "Early Help Assessment and Plan (EHA/EHP)";

describe("referrals", () => {
  it("counts referrals by route and England month, with totals", async () => {
    const view = await report("referrals");
    expect(view.columns.map((c) => c.key)).toEqual([
      "route",
      "2026-01",
      "2026-02",
      "2026-03",
      "2026-04",
      "2026-05",
      "2026-06",
      "total",
    ]);
    const rows = byLabel(view, "route");
    expect(rows[SELF]?.cells).toMatchObject({ "2026-01": 6, "2026-02": 0, "2026-04": 0, total: 6 });
    expect(rows[EARLY]?.cells).toMatchObject({ "2026-01": 0, "2026-02": 2, "2026-03": 0, "2026-04": 1, total: 3 });
    expect(rows[SELF]?.small).toEqual([]);
    expect(rows[EARLY]?.small).toEqual(["2026-02", "2026-04", "total"]);
    expect(view.totals?.cells).toMatchObject({ route: "Total", "2026-01": 6, "2026-02": 2, total: 9 });
    expect(view.threshold).toBe(5);
    expect(view.scope).toBe("service");
  });

  it("downloads as CSV with small numbers suppressed and the total over them rounded", async () => {
    const { res, rows } = await csv("referrals");
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="referrals-2026-01-01-2026-06-30.csv"');
    expect(rows).toEqual([
      ["Referral route", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "Total"],
      [SELF, "6", "0", "0", "0", "0", "0", "6"],
      [EARLY, "0", "[c]", "0", "[c]", "0", "0", "[c]"],
      ["Total", "6", "[c]", "0", "[c]", "0", "0", "10"],
    ]);
  });

  it("answers CSV for Accept: text/csv and audits views and downloads", async () => {
    const res = await h.request(`/api/reports/referrals?${PERIOD}`, {
      cookie: coordinator.cookie,
      headers: { accept: "text/csv" },
    });
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    await res.text();
    const audit = await h.db.$client.execute({
      sql: "select action, count(*) as n from audit_events where record_type = 'report' and reason = 'referrals' and actor_id = ? group by action order by action",
      args: [coordinator.id],
    });
    expect(audit.rows.map((r) => [r.action, Number(r.n)])).toEqual([
      ["export", 2],
      ["read", 1],
    ]);
  });
});

describe("eligibility", () => {
  it("counts each referral's last decision in the period", async () => {
    const view = await report("eligibility");
    expect(view.rows).toHaveLength(1);
    expect(view.rows[0]?.cells).toEqual({
      accepted: 8,
      "not-eligible": 1,
      "more-information": 0,
      decided: 9,
      percentAccepted: 88.9,
    });
    expect(view.rows[0]?.small).toEqual(["not-eligible"]);
  });

  it("breaks down by route", async () => {
    const rows = byLabel(await report("eligibility", `${PERIOD}&by=route`), "group");
    expect(rows[SELF]?.cells).toMatchObject({ accepted: 7, decided: 7, percentAccepted: 100 });
    expect(rows[EARLY]?.cells).toMatchObject({ accepted: 1, "not-eligible": 1, decided: 2, percentAccepted: 50 });
    expect(rows[EARLY]?.small).toEqual(["accepted", "not-eligible", "decided", "percentAccepted"]);
  });
});

describe("waiting times", () => {
  it("gives the median and 90th percentile (nearest rank) of each wait", async () => {
    const rows = byLabel(await report("waiting-times"), "interval");
    // Referral to decision: 2, 6, 7, 10, 11, 12, 13, 14, 15 days.
    expect(rows["Referral to decision"]?.cells).toMatchObject({ count: 9, medianDays: 11, p90Days: 15 });
    // Acceptance to allocation: 8, 12, 12, 12, 40, 40.
    expect(rows["Acceptance to allocation"]?.cells).toMatchObject({ count: 6, medianDays: 12, p90Days: 40 });
    // Referral to first visit held: 12, 28, 53 (child 2's first visit is after the period).
    expect(rows["Referral to first visit"]?.cells).toMatchObject({ count: 3, medianDays: 28, p90Days: 53 });
    expect(rows["Referral to first visit"]?.small).toEqual(["count", "medianDays", "p90Days"]);
  });

  it("suppresses a median worked out from a small count in the CSV", async () => {
    const { rows } = await csv("waiting-times");
    expect(rows).toEqual([
      ["Wait", "Children", "Median (days)", "90th percentile (days)"],
      ["Referral to decision", "9", "11", "15"],
      ["Acceptance to allocation", "6", "12", "40"],
      ["Referral to first visit", "[c]", "[c]", "[c]"],
    ]);
  });
});

describe("waiting list", () => {
  it("counts children waiting at each month end", async () => {
    const view = await report("waiting-list");
    expect(view.rows.map((r) => [r.cells.month, r.cells.waiting])).toEqual([
      ["2026-01-31", 6],
      ["2026-02-28", 4],
      ["2026-03-31", 2],
      ["2026-04-30", 2],
      ["2026-05-31", 2],
      ["2026-06-30", 2],
    ]);
  });
});

describe("caseloads and visits", () => {
  it("gives each home visitor's children and visits", async () => {
    const rows = byLabel(await report("caseloads"), "visitor");
    expect(rows["Ann Visitor"]?.cells).toEqual({
      visitor: "Ann Visitor",
      childrenInPeriod: 4,
      childrenAtEnd: 2,
      visitsPlanned: 7,
      visitsHeld: 5,
      percentHeld: 71.4,
    });
    expect(rows["Bob Visitor"]?.cells).toEqual({
      visitor: "Bob Visitor",
      childrenInPeriod: 2,
      childrenAtEnd: 2,
      visitsPlanned: 3,
      visitsHeld: 1,
      percentHeld: 33.3,
    });
  });

  it("counts visits planned, held, missed and cancelled by home visitor, with totals", async () => {
    const view = await report("visits", `${PERIOD}&by=visitor`);
    const rows = byLabel(view, "group");
    expect(rows["Ann Visitor"]?.cells).toMatchObject({
      planned: 7,
      held: 5,
      missed: 1,
      cancelledByFamily: 1,
      cancelledByService: 0,
      notRecorded: 0,
      percentHeld: 71.4,
    });
    expect(rows["Bob Visitor"]?.cells).toMatchObject({
      planned: 3,
      held: 1,
      cancelledByService: 1,
      notRecorded: 1,
      percentHeld: 33.3,
    });
    expect(view.totals?.cells).toMatchObject({ planned: 10, held: 6, percentHeld: 60 });
    // Children 1, 4 and 9, whose visits these are, all came by self-referral.
    const byRoute = await report("visits", `${PERIOD}&by=route`);
    expect(byRoute.rows.map((r) => [r.cells.group, r.cells.planned, r.cells.held])).toEqual([[SELF, 10, 6]]);
    const { rows: lines } = await csv("visits", `${PERIOD}&by=visitor`);
    expect(lines[1]).toEqual(["Ann Visitor", "7", "5", "[c]", "[c]", "0", "0", "71.4"]);
    expect(lines[2]).toEqual(["Bob Visitor", "[c]", "[c]", "0", "0", "[c]", "[c]", "[c]"]);
    // Totals over suppressed cells are rounded to the nearest 5; the % over a rounded total is suppressed.
    expect(lines[3]).toEqual(["Total", "10", "5", "[c]", "[c]", "[c]", "[c]", "[c]"]);
  });
});

describe("targets", () => {
  it("counts targets set and achieved in blocks that started in the period", async () => {
    const view = await report("targets");
    expect(view.rows[0]?.cells).toEqual({
      set: 6,
      achieved: 3,
      percentAchieved: 50,
      carriedForward: 1,
      stopped: 1,
      open: 1,
    });
  });

  it("breaks down by developmental area", async () => {
    const rows = byLabel(await report("targets", `${PERIOD}&by=area`), "group");
    expect(rows["Communication and language"]?.cells).toMatchObject({ set: 2, achieved: 1, carriedForward: 1 });
    expect(rows["Physical development"]?.cells).toMatchObject({ set: 3, achieved: 2, open: 1, percentAchieved: 66.7 });
    expect(rows["Self-care and independence"]?.cells).toMatchObject({
      set: 1,
      achieved: 0,
      stopped: 1,
      percentAchieved: 0,
    });
  });
});

describe("profiles", () => {
  it("compares each child's first profile with the latest, area by area", async () => {
    const view = await report("profiles");
    const rows = byLabel(view, "area");
    expect(rows["Communication and language"]?.cells).toMatchObject({ compared: 2, movedOn: 2, same: 0, movedBack: 0 });
    expect(rows["Physical development"]?.cells).toMatchObject({ compared: 1, movedOn: 0, same: 1 });
    expect(rows["Play and thinking"]?.cells).toMatchObject({ compared: 0, percentMovedOn: null });
    const { rows: lines } = await csv("profiles");
    // A label with a comma comes back whole from its quotes.
    expect(lines.map((l) => l[0])).toContain("Personal, social and emotional development");
  });
});

describe("exits and time in the service", () => {
  it("counts exits by reason and destination, leaving out reopened cases", async () => {
    const view = await report("exits");
    const rows = byLabel(view, "reason");
    expect(rows["Started a setting or school"]?.cells).toMatchObject({ nursery: 1, none: 0, children: 1 });
    expect(rows["Moved out of the area"]?.cells).toMatchObject({ nursery: 0, none: 1, children: 1 });
    expect(rows["Family chose to stop"]?.cells).toMatchObject({ children: 0 });
    expect(view.totals?.cells).toMatchObject({ children: 2 });
  });

  it("gives days from allocation to exit", async () => {
    const view = await report("time-in-service");
    // Child 3: 1 February to 15 June, 134 days; child 9: 10 January to 29 May, 139 days.
    expect(view.rows[0]?.cells).toEqual({ children: 2, medianDays: 134, p90Days: 139 });
  });
});

describe("who may see the reports", () => {
  it("shows a home visitor only their own caseload, and only the caseload reports", async () => {
    const view = await report("visits", PERIOD, ann);
    expect(view.scope).toBe("own-caseload");
    expect(view.rows[0]?.cells).toMatchObject({ planned: 7, held: 5 });
    const caseloads = await report("caseloads", PERIOD, bob);
    expect(caseloads.rows.map((r) => r.cells.visitor)).toEqual(["Bob Visitor"]);
    const refused = await h.request(`/api/reports/referrals?${PERIOD}`, { cookie: ann.cookie });
    expect(refused.status).toBe(403);
    const list = (await (await h.request("/api/reports", { cookie: ann.cookie })).json()) as ReportList;
    expect(list.reports.map((r) => r.name)).toEqual([
      "caseloads",
      "visits",
      "targets",
      "profiles",
      "exits",
      "time-in-service",
    ]);
  });

  it("refuses administrators and anyone not signed in", async () => {
    expect((await h.request(`/api/reports/visits?${PERIOD}`, { cookie: administrator.cookie })).status).toBe(403);
    expect((await h.request(`/api/reports/visits?${PERIOD}`)).status).toBe(401);
  });
});

describe("the period and breakdown", () => {
  const fieldOf = async (query: string) => {
    const res = await h.request(`/api/reports/visits?${query}`, { cookie: coordinator.cookie });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: { field: string }[] };
    return body.errors.map((e) => e.field);
  };

  it("names the field at fault", async () => {
    expect(await fieldOf("from=2026-02-30&to=2026-03-01")).toEqual(["from"]);
    expect(await fieldOf("from=2026-03-01&to=2026-02-01")).toEqual(["to"]);
    expect(await fieldOf("from=2020-01-01&to=2025-01-01")).toEqual(["to"]);
    expect(await fieldOf(`${PERIOD}&by=area`)).toEqual(["by"]);
    expect(await fieldOf("to=2026-03-01")).toEqual(["from"]);
  });

  it("answers 404 for a report that does not exist", async () => {
    expect((await h.request(`/api/reports/nonsense?${PERIOD}`, { cookie: coordinator.cookie })).status).toBe(404);
  });

  it("follows the council's small-number threshold", async () => {
    await insert("settings", { key: "reports.smallNumberThreshold", value: "3", updated_at: at });
    const rows = byLabel(await report("referrals"), "route");
    expect(rows[EARLY]?.small).toEqual(["2026-02", "2026-04"]);
    await h.db.$client.execute("delete from settings where key = 'reports.smallNumberThreshold'");
  });
});

describe("the OpenAPI document", () => {
  it("describes both routes and the report's answer", async () => {
    const doc = (await (await h.request("/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
    };
    const paths = Object.keys(doc.paths).filter((p) => p.includes("reports") && !p.includes("report-sends"));
    expect(paths.filter((p) => !p.startsWith("/cases") && !p.startsWith("/family"))).toEqual([
      "/reports",
      "/reports/{name}",
    ]);
    const answer = doc.paths["/reports/{name}"]?.get?.responses["200"]?.content ?? {};
    expect(Object.keys(answer).sort()).toEqual(["application/json", "text/csv"]);
  });
});

// Last, so the child it adds (all after the fixture's period) changes no figure above.
describe("a child returned to the waiting list", () => {
  it("counts as waiting again from the return until the next allocation", async () => {
    // Accepted 6 July, allocated to Ann 3 August, returned after a block review on 16 October
    // (the referral waiting again, its acceptance kept), allocated to Bob on 2 November.
    await child(11, "self-referral", "2026-07-01T10:00:00.000Z", "allocated", "2026-07-06");
    await decide(11, "accepted", "2026-07-06T10:00:00.000Z");
    await insert("allocations", {
      id: "a-returned",
      referral_id: "r11",
      child_id: "c11",
      home_visitor_id: ann.id,
      allocated_by: coordinator.id,
      allocated_at: "2026-08-03T10:00:00.000Z",
      ended_at: "2026-10-16T14:00:00.000Z",
      end_reason: "returned-to-waiting-list",
      handover_note: "Family asked for a break over the autumn",
    });
    await allocate(11, bob, "2026-11-02T10:00:00.000Z");
    const view = await report("waiting-list", "from=2026-07-01&to=2026-12-31");
    // Children 6 and 8 wait throughout; child 11 on 31 July and again on 31 October.
    expect(view.rows.map((r) => [r.cells.month, r.cells.waiting])).toEqual([
      ["2026-07-31", 3],
      ["2026-08-31", 2],
      ["2026-09-30", 2],
      ["2026-10-31", 3],
      ["2026-11-30", 2],
      ["2026-12-31", 2],
    ]);
  });
});

// The caseload import over real HTTP on a real database: the dry run lists problems by file, row
// and column and writes nothing; the import writes all or nothing with original dates, audits
// every record as imported, and running it again writes nothing new.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../test-support/harness.js";
import { IMPORT_KINDS, type ImportKind, TEMPLATES } from "./templates.js";

let h: Harness;
type Person = Awaited<ReturnType<Harness["staffMember"]>>;
let admin: Person;
let coordinator: Person;
let visitor: Person;

/** A CSV file of a template's columns, from rows that name only the cells they fill. */
function csv(kind: ImportKind, rows: Record<string, string>[], columns = TEMPLATES[kind].columns.map((c) => c.name)) {
  const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [columns.join(","), ...rows.map((r) => columns.map((c) => quote(r[c] ?? "")).join(","))].join("\r\n");
}

const child = (ref: string, first: string, extra: Record<string, string> = {}) => ({
  child_ref: ref,
  child_first_name: first,
  child_last_name: "Imported",
  child_date_of_birth: "14/03/2024",
  child_sex: "female",
  home_languages: "English",
  interpreter_needed: "no",
  address_line1: "1 Import Street",
  address_town: "Preston",
  postcode: "pr1 2ab",
  lives_in_area: "yes",
  carer_name: `${first}'s mum`,
  carer_relationship: "Mother",
  carer_phone: "01632 960 001",
  carer_email: "",
  ...extra,
});

const referral = (ref: string, receivedOn: string, extra: Record<string, string> = {}) => ({
  child_ref: ref,
  received_on: receivedOn,
  route: "self-referral",
  help_wanted: "Help with play",
  developmental_concerns: "Not yet walking",
  concern_areas: "movement;communication",
  early_help: "no",
  ehc_plan: "no",
  dla: "no",
  attends_setting: "no",
  available_for_visits: "yes",
  consent_to_referral: "yes",
  consent_to_sharing: "yes",
  ...extra,
});

function goodFiles() {
  return {
    children: csv("children", [
      child("LCC-1", "Older"),
      child("LCC-2", "Newer"),
      child("LCC-3", "Allocated"),
      child("LCC-4", "Declined"),
    ]),
    referrals: csv("referrals", [
      referral("LCC-1", "2025-02-03"),
      referral("LCC-2", "2026-05-11"),
      referral("LCC-3", "2025-09-01", {
        route: "early-help",
        referrer_name: "Pat Worker",
        referrer_role: "Early Help worker",
      }),
      referral("LCC-4", "2026-03-02"),
    ]),
    decisions: csv("decisions", [
      { child_ref: "LCC-1", decided_on: "2025-02-17", outcome: "accepted" },
      { child_ref: "LCC-4", decided_on: "2026-03-09", outcome: "not-eligible", signposting: "Children's centre" },
    ]),
    "waiting-list": csv("waiting-list", [
      { child_ref: "LCC-1", accepted_on: "2025-02-17", complexity: "moderate" },
      { child_ref: "LCC-2", accepted_on: "2026-05-18", complexity: "moderate" },
      { child_ref: "LCC-3", accepted_on: "2025-09-08" },
    ]),
    allocations: csv("allocations", [
      { child_ref: "LCC-3", home_visitor_email: visitor.email.toUpperCase(), allocated_on: "2025-10-06" },
    ]),
    targets: csv(
      "targets",
      ["stack three bricks", "point to a picture"].map((does, i) => ({
        child_ref: "LCC-3",
        block_start: "2026-09-07",
        block_end: "2026-10-30",
        frequency: "weekly",
        weekday: "tuesday",
        time: "10:00",
        agreed_on: "2026-09-07",
        agreed_by: "Allocated's mum;Vera Visitor",
        area: i === 0 ? "physical" : "communication-and-language",
        does,
        conditions: "with an adult beside them",
        teaching_steps: "watch;try with help;try alone",
        practice_how: "after lunch",
        practice_times_per_day: "2",
      })),
    ),
  };
}

type Answer = {
  dryRun: boolean;
  rows: Record<string, number>;
  problems: { file: string; row: number; column?: string; message: string }[];
  children: { toImport: number; alreadyImported: number; changedSinceImport: string[] };
  written?: Record<string, number>;
};

async function post(files: Record<string, string>, dryRun: boolean, who: Person = admin) {
  const res = await h.request("/api/imports", { method: "POST", json: { dryRun, files }, cookie: who.cookie });
  return { status: res.status, body: (await res.json()) as Answer };
}

beforeAll(async () => {
  h = await createHarness();
  admin = await h.staffMember("administrator", "Ada Administrator");
  coordinator = await h.staffMember("coordinator", "Cora Coordinator");
  visitor = await h.staffMember("home-visitor", "Vera Visitor");
});
afterAll(() => h.close());

describe("the templates", () => {
  it("lists one template per kind, with columns, and downloads each as CSV", async () => {
    const res = await h.request("/api/imports/templates", { cookie: admin.cookie });
    expect(res.status).toBe(200);
    const { templates } = (await res.json()) as { templates: { kind: string; columns: { name: string }[] }[] };
    expect(templates.map((t) => t.kind)).toEqual([...IMPORT_KINDS]);
    expect(templates[0]?.columns.map((c) => c.name).slice(0, 3)).toEqual([
      "child_ref",
      "child_first_name",
      "child_last_name",
    ]);
    const file = await h.request("/api/imports/templates/waiting-list.csv", { cookie: admin.cookie });
    expect(file.headers.get("content-type")).toContain("text/csv");
    const [header, example] = (await file.text()).trim().split("\r\n");
    expect(header).toBe("child_ref,accepted_on,complexity,had_portage_before,other_specialist_support");
    expect(example?.split(",")).toHaveLength(5);
  });

  it("is for administrators only", async () => {
    for (const who of [coordinator, visitor]) {
      expect((await h.request("/api/imports/templates", { cookie: who.cookie })).status).toBe(403);
      expect((await post(goodFiles(), true, who)).status).toBe(403);
    }
    expect((await h.request("/api/imports/templates")).status).toBe(401);
  });
});

describe("the dry run", () => {
  it("lists every problem by file, row and column, and writes nothing", async () => {
    const files = goodFiles();
    const bad = {
      ...files,
      children: csv("children", [
        child("LCC-1", "Older", { child_date_of_birth: "31/02/2024" }),
        child("LCC-1", "Twice"),
        child("LCC-5", "", { postcode: "not a postcode" }),
      ]),
      referrals: `${csv("referrals", [referral("LCC-1", "2025-02-03", { route: "by-pigeon" }), referral("LCC-5", "2030-01-01")])}\r\nLCC-9,too,few`,
      allocations: csv("allocations", [
        { child_ref: "LCC-1", home_visitor_email: "nobody@council.example", allocated_on: "2025-01-01" },
        { child_ref: "LCC-7", home_visitor_email: visitor.email, allocated_on: "2025-10-06" },
      ]),
      decisions: csv(
        "decisions",
        [{ child_ref: "LCC-1", decided_on: "2025-02-17", outcome: "maybe" }],
        ["child_ref", "decided_on", "outcome", "colour"],
      ),
    };
    const before = await h.count("children");
    const { status, body } = await post(bad, true);
    expect(status).toBe(200);
    const found = body.problems.map((p) => `${p.file}:${p.row}:${p.column ?? ""}: ${p.message}`);
    expect(found).toEqual(
      expect.arrayContaining([
        "children.csv:3:child_ref: is used twice: also on row 2",
        "children.csv:2:child_date_of_birth: must be a real date written YYYY-MM-DD or DD/MM/YYYY",
        expect.stringMatching(/^children\.csv:4:child_first_name: /),
        expect.stringMatching(/^children\.csv:4:postcode: /),
        expect.stringMatching(/^referrals\.csv:2:route: must be one of the protocol's routes: self-referral/),
        "referrals.csv:3:received_on: must not be in the future",
        "referrals.csv:4:: has 3 cells where the header has 22",
        "allocations.csv:2:allocated_on: must not be before the day the child joined the waiting list (17 February 2025)",
        "decisions.csv:1:colour: is not a column of this template",
        "decisions.csv:2:outcome: must be one of: accepted, not-eligible, more-information",
        "allocations.csv:2:home_visitor_email: is not an active home visitor's account: create the account first",
        "allocations.csv:3:child_ref: is not in children.csv",
      ]),
    );
    expect(body.children.toImport).toBe(0);
    expect(await h.count("children")).toBe(before);
  });

  it("asks for a file's missing columns before checking its rows", async () => {
    const files = goodFiles();
    const { body } = await post({ ...files, referrals: "child_ref,received_on\r\nLCC-1,2025-02-03" }, true);
    const found = body.problems.map((p) => `${p.file}:${p.row}:${p.column ?? ""}: ${p.message}`);
    expect(found).toContain("referrals.csv:1:route: is missing from the header row");
    // Only the header's problems: no row repeats them, and no child is counted yet.
    expect(body.problems.every((p) => p.file === "referrals.csv" && p.row === 1)).toBe(true);
    expect(body.children.toImport).toBe(0);
    const missing = await post({ children: files.children }, true);
    expect(missing.body.problems).toEqual([
      { file: "referrals.csv", row: 0, message: "is needed: every child comes with a referral" },
    ]);
  });

  it("refuses the import itself when any file has a problem: nothing is written", async () => {
    const files = goodFiles();
    const { status, body } = await post(
      {
        ...files,
        allocations: csv("allocations", [
          { child_ref: "LCC-3", home_visitor_email: "x@y.z", allocated_on: "2025-10-06" },
        ]),
      },
      false,
    );
    expect(status).toBe(422);
    expect(body.problems).toHaveLength(1);
    expect(body.written).toBeUndefined();
    expect(await h.count("children")).toBe(0);
    expect(await h.count("referrals")).toBe(0);
  });
});

describe("the import", () => {
  it("checks first, then writes every child with their original dates, audited as imported", async () => {
    const dry = await post(goodFiles(), true);
    expect(dry.body.problems).toEqual([]);
    expect(dry.body.children).toEqual({ toImport: 4, alreadyImported: 0, changedSinceImport: [] });
    expect(await h.count("children")).toBe(0);

    const { status, body } = await post(goodFiles(), false);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.written).toEqual({ children: 4, referrals: 4, decisions: 4, allocations: 1, plans: 1, targets: 2 });

    const rows = await h.db.$client.execute(
      "select c.first_name, r.status, r.received_at, r.accepted_on, r.route from referrals r join children c on c.id = r.child_id order by c.first_name",
    );
    expect(rows.rows.map((r) => [r.first_name, r.status, r.received_at, r.accepted_on, r.route])).toEqual([
      ["Allocated", "allocated", "2025-09-01T12:00:00.000Z", "2025-09-08", "early-help"],
      ["Declined", "not-eligible", "2026-03-02T12:00:00.000Z", null, "self-referral"],
      ["Newer", "waiting", "2026-05-11T12:00:00.000Z", "2026-05-18", "self-referral"],
      ["Older", "waiting", "2025-02-03T12:00:00.000Z", "2025-02-17", "self-referral"],
    ]);
    // A decision made up for the child accepted without one in decisions.csv (LCC-2, LCC-3).
    const decisions = await h.db.$client.execute("select outcome, decided_at, note from decisions order by decided_at");
    expect(decisions.rows.map((d) => [d.outcome, d.decided_at])).toEqual([
      ["accepted", "2025-02-17T12:00:00.000Z"],
      ["accepted", "2025-09-08T12:00:00.000Z"],
      ["not-eligible", "2026-03-09T12:00:00.000Z"],
      ["accepted", "2026-05-18T12:00:00.000Z"],
    ]);
    const audit = await h.db.$client.execute(
      "select record_type, count(*) as n from audit_events where action = 'import' and outcome = 'success' group by record_type order by record_type",
    );
    expect(audit.rows.map((r) => [r.record_type, Number(r.n)])).toEqual([
      ["allocation", 1],
      ["child", 4],
      ["decision", 4],
      ["play-plan", 1],
      ["referral", 4],
    ]);
    // The imported child's case says the allocation came in by the import (run by the
    // administrator) on the day the council's records gave, within the caseload limit.
    const [allocated] = (await h.db.$client.execute("select id from children where first_name = 'Allocated'")).rows.map(
      (r) => String(r.id),
    );
    const view = await h.request(`/api/cases/${allocated}`, { cookie: coordinator.cookie });
    expect(view.status).toBe(200);
    expect(((await view.json()) as { allocation: unknown }).allocation).toMatchObject({
      homeVisitor: { id: visitor.id },
      allocatedAt: "2025-10-06T12:00:00.000Z",
      allocatedBy: { id: admin.id, name: "Ada Administrator" },
      imported: true,
      overCaseloadReason: null,
    });
    // The imported plan: one active block with the protocol's criterion and the family's practice.
    const plan = await h.db.$client.execute("select document from play_plans");
    const document = JSON.parse(String(plan.rows[0]?.document)) as {
      status: string;
      blocks: {
        status: string;
        weekday: string;
        targets: { does: string; teachingSteps: unknown[]; criterion: unknown }[];
      }[];
    };
    expect(document.status).toBe("active");
    expect(document.blocks[0]?.targets.map((t) => [t.does, t.teachingSteps.length])).toEqual([
      ["stack three bricks", 3],
      ["point to a picture", 3],
    ]);
  });

  it("ranks imported children on the waiting list by their original dates", async () => {
    const res = await h.request("/api/waiting-list", { cookie: coordinator.cookie });
    const list = (await res.json()) as { entries: { referralId: string; daysWaited: number }[] };
    const names = await h.db.$client.execute(
      "select r.id, c.first_name from referrals r join children c on c.id = r.child_id",
    );
    const nameOf = new Map(names.rows.map((r) => [String(r.id), String(r.first_name)]));
    expect(list.entries.map((e) => nameOf.get(e.referralId))).toEqual(["Older", "Newer"]);
    // Waiting since 17 February 2025, on 20 November 2026.
    expect(list.entries[0]?.daysWaited).toBe(641);
  });

  it("writes nothing new when run again, and lists children whose rows changed since", async () => {
    const counts = async () =>
      Promise.all(["children", "carers", "referrals", "decisions", "allocations", "play_plans"].map((t) => h.count(t)));
    const before = await counts();
    const again = await post(goodFiles(), false);
    expect(again.status).toBe(200);
    expect(again.body.children).toEqual({ toImport: 0, alreadyImported: 4, changedSinceImport: [] });
    expect(again.body.written?.children).toBe(0);
    expect(await counts()).toEqual(before);

    const files = goodFiles();
    const changed = {
      ...files,
      children: csv("children", [
        child("LCC-1", "Older", { carer_phone: "01632 960 999" }),
        child("LCC-2", "Newer"),
        child("LCC-3", "Allocated"),
        child("LCC-4", "Declined"),
        child("LCC-6", "Added"),
      ]),
      referrals: `${files.referrals}\r\n${csv("referrals", [referral("LCC-6", "2026-10-01")]).split("\r\n")[1]}`,
    };
    const third = await post(changed, false);
    expect(third.body.children).toEqual({ toImport: 1, alreadyImported: 3, changedSinceImport: ["LCC-1"] });
    expect(third.body.written?.children).toBe(1);
    const phones = await h.db.$client.execute("select phone from carers order by phone");
    expect(phones.rows.map((r) => r.phone)).not.toContain("01632 960 999");
  });
});

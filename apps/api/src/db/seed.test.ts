import {
  type ActivityRecord,
  type IsoDate,
  missedVisitFlag,
  type PlayPlan,
  planVisits,
  targetProgress,
  termDay,
  type VisitStatus,
  validatePlan,
} from "@openportage/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { englandDate } from "../lib/clock.js";
import { disableUser } from "../lib/users.js";
import { termsWithBankHolidays } from "../routes/visits/visits.routes.js";
import { createHarness, type Harness, ORIGIN } from "../test-support/harness.js";
import { DEMO_ACCOUNTS, type DemoStage, hasDemoAccounts, seedDemo } from "./seed.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await seedDemo(h.db, h.protocol, h.clock.now(), { families: 1 });
});
afterAll(() => h.close());

function signIn(harness: Harness, email: string, password: string) {
  return harness.request("/api/auth/sign-in", {
    method: "POST",
    json: { email, password },
    headers: { origin: ORIGIN },
  });
}

it("only demo accounts that can sign in block a production start; a disabled one cannot sign in", async () => {
  const [first, ...rest] = DEMO_ACCOUNTS;
  if (!first) throw new Error("no demo accounts");
  expect(await hasDemoAccounts(h.db)).toBe(true);
  expect((await signIn(h, first.email, first.password)).status).toBe(200);
  // Every demo account but one disabled: the one left still blocks.
  for (const account of rest) expect(await disableUser(h.db, account.email, h.clock.now())).toBe(true);
  expect(await hasDemoAccounts(h.db)).toBe(true);
  for (const account of rest) expect((await signIn(h, account.email, account.password)).status).toBe(401);
  // All disabled (as docs/operations.md tells an operator to do): production may start.
  expect(await disableUser(h.db, first.email, h.clock.now())).toBe(true);
  expect(await hasDemoAccounts(h.db)).toBe(false);
  expect((await signIn(h, first.email, first.password)).status).toBe(401);
  expect(await h.count("users where demo = 1")).toBe(DEMO_ACCOUNTS.length);
});

/** An allocated demo child with what the seed stored about their case. */
interface DemoCase {
  childId: string;
  visitorId: string;
  plan: { id: string; status: string; version: number; doc: PlayPlan } | undefined;
  visits: { date: IsoDate; time: string; status: VisitStatus; blockId: string; row: Record<string, unknown> }[];
  records: ActivityRecord[];
  profiles: number;
  notes: string | null;
  flaggedOn: string | null;
}

// The harness's clock (autumn half-term behind it), the first days of December, and just after
// the Christmas holiday: block starts, visits and practice must stay in term time around each.
describe.each(["2026-11-20T10:00:00.000Z", "2026-12-01T09:00:00.000Z", "2027-01-06T09:00:00.000Z"])(
  "the demo's casework, seeded at %s",
  (now) => {
    let d: Harness;
    let stages: Record<DemoStage, number>;
    let demoCases: DemoCase[];
    let today: IsoDate;
    const rows = async (sql: string, args: (string | number)[] = []) =>
      (await d.db.$client.execute({ sql, args })).rows as unknown as Record<string, unknown>[];

    beforeAll(async () => {
      d = await createHarness({ now });
      today = englandDate(d.clock.now());
      ({ stages } = await seedDemo(d.db, d.protocol, d.clock.now()));
      const allocated = await rows("select child_id, home_visitor_id from allocations where ended_at is null");
      demoCases = [];
      for (const a of allocated) {
        const childId = String(a.child_id);
        const [plan] = await rows("select id, status, version, document from play_plans where child_id = ?", [childId]);
        const visitRows = await rows("select * from visits where child_id = ? order by date, time", [childId]);
        const practice = await rows("select * from practice_records where child_id = ?", [childId]);
        const [profiles] = await rows("select count(*) as n from developmental_profiles where child_id = ?", [childId]);
        const [caseRow] = await rows("select * from cases where child_id = ?", [childId]);
        demoCases.push({
          childId,
          visitorId: String(a.home_visitor_id),
          plan: plan
            ? {
                id: String(plan.id),
                status: String(plan.status),
                version: Number(plan.version),
                doc: JSON.parse(String(plan.document)) as PlayPlan,
              }
            : undefined,
          visits: visitRows.map((row) => ({
            date: String(row.date) as IsoDate,
            time: String(row.time),
            status: row.status as VisitStatus,
            blockId: String(row.block_id),
            row,
          })),
          records: practice.map((r) =>
            r.practised
              ? {
                  targetId: String(r.target_id),
                  date: String(r.date) as IsoDate,
                  recordedBy: "family" as const,
                  tries: Number(r.tries),
                  successes: Number(r.successes),
                }
              : {
                  targetId: String(r.target_id),
                  date: String(r.date) as IsoDate,
                  recordedBy: "family" as const,
                  practised: false as const,
                  ...(r.note ? { note: String(r.note) } : {}),
                },
          ),
          profiles: Number(profiles?.n),
          notes: caseRow?.home_visit_notes ? String(caseRow.home_visit_notes) : null,
          flaggedOn: caseRow?.missed_visits_flagged_on ? String(caseRow.missed_visits_flagged_on) : null,
        });
      }
    });
    afterAll(() => d.close());

    it("holds an allocated child at each stage of casework", () => {
      expect(stages).toEqual({ active: 1, flagged: 1, draft: 1, new: 1 });
      expect(demoCases).toHaveLength(4);

      // Allocated with nothing yet: a first visit to arrange.
      const fresh = demoCases.filter((c) => !c.plan && c.visits.length === 0 && c.profiles === 0);
      expect(fresh).toHaveLength(1);

      // A draft: goals and targets written with the family, not agreed, and the first profile.
      const draft = demoCases.find((c) => c.plan?.status === "draft");
      expect(draft?.plan?.doc.longTermGoals.length).toBeGreaterThanOrEqual(2);
      expect(draft?.plan?.doc.blocks).toHaveLength(1);
      expect(draft?.plan?.doc.blocks[0]?.status).toBe("draft");
      expect(draft?.plan?.doc.blocks[0]?.targets.length).toBeGreaterThanOrEqual(2);
      expect(draft?.plan?.doc.agreedOn).toBeUndefined();
      expect((draft?.plan?.doc.blocks[0]?.start ?? "") > today).toBe(true);
      expect(draft?.profiles).toBe(1);
      expect(draft?.visits).toEqual([]);

      // Active plans, agreed with named family members, started a few weeks ago.
      const active = demoCases.filter((c) => c.plan?.status === "active");
      expect(active).toHaveLength(2);
      for (const c of active) {
        const block = c.plan?.doc.blocks[0];
        expect(c.plan?.doc.agreedBy?.some((name) => name.endsWith("(Mum)"))).toBe(true);
        expect(block?.status).toBe("active");
        expect(block?.agreedBy).toHaveLength(2);
        expect(block && block.start < today && block.end > today).toBe(true);
        expect(c.visits.some((v) => v.status === "planned" && v.date >= today)).toBe(true);
      }

      // The running case: held visits, one or two that did not go ahead, the family in touch.
      const running = active.find((c) => c.flaggedOn === null);
      const held = running?.visits.filter((v) => v.status === "held") ?? [];
      const notHeld = running?.visits.filter((v) => v.status === "missed" || v.status === "cancelled-by-family") ?? [];
      expect(held.length).toBeGreaterThanOrEqual(3);
      expect(notHeld.length).toBeGreaterThanOrEqual(1);
      expect(notHeld.length).toBeLessThanOrEqual(2);
      expect(missedVisitFlag(running?.visits ?? [], d.protocol).flagged).toBe(false);
      expect(running?.profiles).toBe(2);

      // One target just achieved: its records meet the criterion, and it is marked achieved.
      const targets = running?.plan?.doc.blocks[0]?.targets ?? [];
      const progress = targets.map((t) => targetProgress(t, running?.records ?? [], today));
      expect(progress.map((p) => p.status)).toEqual(["achieved", "developing", "emerging"]);
      const achieved = targets[0];
      expect(achieved?.status).toBe("ended");
      expect(achieved?.outcome?.result).toBe("achieved");
      expect((progress[0]?.achievedOn ?? "9999") <= (achieved?.outcome?.on ?? "")).toBe(true);
      expect(targets.slice(1).map((t) => t.status)).toEqual(["open", "open"]);
      // Some days the family did not practise, and said why.
      const rested = running?.records.filter((r) => "practised" in r) ?? [];
      expect(rested.length).toBeGreaterThan(0);
      expect(rested.every((r) => r.note)).toBe(true);

      // The family the missed-visit rule flags: three in a row missed.
      const flagged = active.find((c) => c.flaggedOn !== null);
      const recorded = flagged?.visits.filter((v) => v.status !== "planned") ?? [];
      expect(recorded.slice(-3).map((v) => v.status)).toEqual(["missed", "cancelled-by-family", "missed"]);
      expect(missedVisitFlag(flagged?.visits ?? [], d.protocol).flagged).toBe(true);
      expect(flagged?.flaggedOn).toBe(recorded[recorded.length - 1]?.date);

      // Home-visit safety notes on the cases the visitors have been to.
      expect(demoCases.filter((c) => c.notes !== null)).toHaveLength(3);
      // Each demo home visitor has a share of the caseload.
      expect(new Set(demoCases.map((c) => c.visitorId)).size).toBe(2);
    });

    it("stores plans the domain finds sound, with every version kept", async () => {
      const plans = demoCases.flatMap((c) => (c.plan ? [{ ...c.plan, childId: c.childId }] : []));
      expect(plans).toHaveLength(3);
      for (const plan of plans) {
        expect(validatePlan(plan.doc, d.protocol)).toEqual([]);
        expect(plan.doc.childId).toBe(plan.childId);
        expect(plan.doc.status).toBe(plan.status);
        for (const block of plan.doc.blocks) {
          expect(termDay(block.start, d.protocol.visits.terms).kind).toBe("term");
          expect(termDay(block.end, d.protocol.visits.terms).kind).toBe("term");
        }
        const revisions = await rows(
          "select version, change, document from play_plan_revisions where plan_id = ? order by version",
          [plan.id],
        );
        expect(revisions.map((r) => Number(r.version))).toEqual(revisions.map((_, i) => i + 1));
        expect(revisions.length).toBe(plan.version);
        expect(revisions[0]?.change).toBe("plan-started");
        expect(JSON.parse(String(revisions[revisions.length - 1]?.document))).toEqual(plan.doc);
        for (const r of revisions) expect(validatePlan(JSON.parse(String(r.document)), d.protocol)).toEqual([]);
        if (plan.status === "active") {
          expect(revisions.map((r) => r.change)).toEqual(
            expect.arrayContaining(["plan-agreed", "plan-started-visits"]),
          );
        }
      }
    });

    it("plans every visit with the domain, on a day for visits, and records the past ones fully", () => {
      const terms = termsWithBankHolidays(d.protocol, 2025, 2028);
      for (const c of demoCases) {
        for (const block of c.plan?.doc.blocks ?? []) {
          const ofBlock = c.visits.filter((v) => v.blockId === block.id);
          if (block.status === "draft") {
            expect(ofBlock).toEqual([]);
            continue;
          }
          const schedule = planVisits(block, { visits: { ...d.protocol.visits, terms } });
          if (!schedule.ok) throw new Error(schedule.reason);
          expect(ofBlock.map((v) => v.date)).toEqual(schedule.value.visits.map((v) => v.date));
          const targetIds = new Set(block.targets.map((t) => t.id));
          for (const visit of ofBlock) {
            expect(termDay(visit.date, terms).kind, visit.date).toBe("term");
            expect(visit.status === "planned").toBe(visit.date >= today);
            if (visit.status === "held") {
              for (const field of ["family_focus", "structured_teaching", "child_led_play", "practise_next"]) {
                expect(String(visit.row[field] ?? "").length, field).toBeGreaterThan(20);
              }
              expect(Number(visit.row.duration_minutes)).toBeGreaterThan(0);
              const worked = JSON.parse(String(visit.row.targets_worked_on)) as string[];
              expect(worked.length).toBeGreaterThan(0);
              expect(worked.every((id) => targetIds.has(id))).toBe(true);
            } else if (visit.status !== "planned") {
              expect(visit.row.family_focus).toBeNull();
              expect(String(visit.row.note).length).toBeGreaterThan(0);
            }
          }
          for (const record of c.records) {
            expect(targetIds.has(record.targetId)).toBe(true);
            expect(record.date >= block.start && record.date < today && record.date <= block.end).toBe(true);
            if ("tries" in record) expect(record.successes).toBeLessThanOrEqual(record.tries);
          }
        }
      }
    });

    it("answers each allocated child's case page through the app, to their home visitor", async () => {
      const cookies = new Map<string, string>();
      let coordinatorCookie = "";
      for (const account of DEMO_ACCOUNTS) {
        const res = await signIn(d, account.email, account.password);
        expect(res.status).toBe(200);
        const { user } = (await res.json()) as { user: { id: string } };
        const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
        cookies.set(user.id, cookie);
        if (account.role === "coordinator") coordinatorCookie = cookie;
      }
      for (const c of demoCases) {
        const cookie = cookies.get(c.visitorId) ?? "";
        const res = await d.request(`/api/cases/${c.childId}`, { cookie });
        expect(res.status).toBe(200);
        const body = (await res.json()) as {
          plan: {
            status: string;
            currentBlock: { targets: { status: string; progress: { status: string } }[] };
          } | null;
          missedVisits: { flagged: boolean };
          profiles: { count: number };
          homeVisitNotes: { text: string | null };
        };
        expect(body.plan?.status ?? null).toBe(c.plan?.status ?? null);
        expect(body.missedVisits.flagged).toBe(c.flaggedOn !== null);
        expect(body.profiles.count).toBe(c.profiles);
        if (c.notes) expect(body.homeVisitNotes.text).toBe(c.notes);
        if (c.plan?.status === "active" && c.flaggedOn === null) {
          expect(body.plan?.currentBlock.targets.map((t) => [t.status, t.progress.status])).toEqual([
            ["ended", "achieved"],
            ["open", "developing"],
            ["open", "emerging"],
          ]);
          // The History tab shows the case's story, newest first.
          const history = await d.request(`/api/cases/${c.childId}/history?pageSize=100`, {
            cookie,
          });
          const { entries } = (await history.json()) as { entries: { at: string; what: string | null }[] };
          const changes = entries.map((e) => e.what);
          expect(changes).toEqual(
            expect.arrayContaining([
              "plan-started",
              "plan-agreed",
              "visit-held",
              "practice-recorded",
              "target-achieved",
            ]),
          );
          const times = entries.filter((e) => e.what !== null).map((e) => e.at);
          expect(times).toEqual([...times].sort().reverse());
          const profiles = await d.request(`/api/cases/${c.childId}/profiles`, { cookie });
          const { comparison } = (await profiles.json()) as { comparison: { movedOn: number } | null };
          expect(comparison?.movedOn).toBe(2);
        }
      }
      // The coordinator's dashboard alert lists the flagged family.
      const alerts = await d.request("/api/cases/alerts", { cookie: coordinatorCookie });
      const { alerts: listed } = (await alerts.json()) as { alerts: { child: { id: string } }[] };
      expect(listed.map((a) => a.child.id)).toEqual(demoCases.filter((c) => c.flaggedOn).map((c) => c.childId));
    });
  },
);

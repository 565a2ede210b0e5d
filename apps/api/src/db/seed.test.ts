import {
  type ActivityRecord,
  addDays,
  cheshireEast,
  destroyAfterDate,
  type IsoDate,
  missedVisitFlag,
  type PlayPlan,
  planVisits,
  reviewBlock,
  sharingDecision,
  targetProgress,
  termDay,
  type VisitStatus,
  validatePlan,
} from "@openportage/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { englandDate } from "../lib/clock.js";
import { totpCode } from "../lib/second-factor.js";
import { disableUser } from "../lib/users.js";
import { recordOf } from "../routes/consent/store.js";
import { termsWithBankHolidays } from "../routes/visits/visits.routes.js";
import { createHarness, type Harness, ORIGIN } from "../test-support/harness.js";
import { checkIntegrity } from "./ops.js";
import { consents, disclosures, outbox } from "./schema.js";
import {
  DEMO_ACCOUNTS,
  DEMO_SERVICE_COVERS,
  type DemoStage,
  hasDemoAccounts,
  type LifecycleStage,
  seedDemo,
} from "./seed.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await seedDemo(h.db, h.protocol, h.clock.now(), { families: 1 });
});
afterAll(() => h.close());

/**
 * Signs a demo account in. The demo administrator has an authenticator app with a published key:
 * its code (computed here, as the app would) finishes the sign-in, and that answer is returned.
 */
async function signIn(harness: Harness, email: string, password: string) {
  const res = await harness.request("/api/auth/sign-in", {
    method: "POST",
    json: { email, password },
    headers: { origin: ORIGIN },
  });
  const secret = DEMO_ACCOUNTS.find((a) => a.email === email)?.totpSecret;
  if (res.status !== 200 || !secret) return res;
  // Each sign-in needs a code for a step not used before.
  harness.clock.advance(30_000);
  return harness.request("/api/auth/sign-in/authenticator-code", {
    method: "POST",
    cookie: (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "",
    json: { code: totpCode(secret, harness.clock.now().getTime()) },
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
    let lifecycle: Record<LifecycleStage, number>;
    let demoCases: DemoCase[];
    let today: IsoDate;
    const rows = async (sql: string, args: (string | number)[] = []) =>
      (await d.db.$client.execute({ sql, args })).rows as unknown as Record<string, unknown>[];

    beforeAll(async () => {
      d = await createHarness({ now });
      today = englandDate(d.clock.now());
      ({ stages, lifecycle } = await seedDemo(d.db, d.protocol, d.clock.now()));
      // The children at the four stages of casework; the lifecycle children are tested below.
      const allocated = await rows(
        `select child_id, home_visitor_id from allocations where ended_at is null
           and child_id not in (select child_id from block_reviews)
           and child_id not in (select child_id from transition_plans)`,
      );
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

    it("holds a block reviewed, a child due to leave and a child who has left, as the routes answer them", async () => {
      expect(lifecycle).toEqual({ reviewed: 1, leaving: 1, exited: 1 });
      const cookies = new Map<string, string>();
      for (const account of DEMO_ACCOUNTS) {
        const res = await signIn(d, account.email, account.password);
        const { user } = (await res.json()) as { user: { id: string } };
        cookies.set(
          account.role === "coordinator" ? "coordinator" : user.id,
          (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "",
        );
      }
      const coordinator = cookies.get("coordinator") ?? "";

      // Every version of every lifecycle plan is sound, and kept in order.
      const lifecycleChildren = await rows(
        `select child_id, home_visitor_id, ended_at, end_reason from allocations
          where child_id in (select child_id from block_reviews) or child_id in (select child_id from transition_plans)`,
      );
      expect(lifecycleChildren).toHaveLength(3);
      const terms = termsWithBankHolidays(d.protocol, 2025, 2028);
      for (const a of lifecycleChildren) {
        const [plan] = await rows("select id, version, document from play_plans where child_id = ?", [
          String(a.child_id),
        ]);
        const revisions = await rows(
          "select version, change, document, changed_at from play_plan_revisions where plan_id = ? order by version",
          [String(plan?.id)],
        );
        expect(revisions).toHaveLength(Number(plan?.version));
        for (const r of revisions) expect(validatePlan(JSON.parse(String(r.document)), d.protocol)).toEqual([]);
        const times = revisions.map((r) => String(r.changed_at));
        expect(times).toEqual([...times].sort());
        const doc = JSON.parse(String(plan?.document)) as PlayPlan;
        for (const block of doc.blocks) {
          const planned = planVisits(block, { visits: { ...d.protocol.visits, terms } });
          if (!planned.ok) throw new Error(planned.reason);
          const ofBlock = await rows("select date, status from visits where block_id = ? order by date", [block.id]);
          expect(ofBlock.map((v) => v.date)).toEqual(planned.value.visits.map((v) => v.date));
          for (const v of ofBlock) expect(v.status === "planned").toBe(String(v.date) >= today);
        }
        const audit = await rows(
          "select at from audit_events where record_id = ? and request = 'seed-demo' order by id",
          [String(a.child_id)],
        );
        const at = audit.map((e) => String(e.at));
        expect(at).toEqual([...at].sort());
      }

      // A review done: block 1 completed, block 2 running with the target carried forward.
      const [reviewed] = await rows(
        "select r.*, a.home_visitor_id from block_reviews r join allocations a on a.child_id = r.child_id where r.decision = 'next-block' and a.ended_at is null",
      );
      expect(reviewed).toBeDefined();
      const reviewedId = String(reviewed?.child_id);
      const visitorCookie = cookies.get(String(reviewed?.home_visitor_id)) ?? "";
      const [reviewedPlan] = await rows("select document from play_plans where child_id = ?", [reviewedId]);
      const doc = JSON.parse(String(reviewedPlan?.document)) as PlayPlan;
      const [first, second] = doc.blocks;
      expect(first?.status).toBe("completed");
      expect(first && first.end < today).toBe(true);
      expect(first?.targets.map((t) => t.outcome?.result)).toEqual(["achieved", "carried-forward"]);
      expect(second?.status).toBe("active");
      const carried = first?.targets[1];
      expect(second?.targets[0]?.does).toBe(carried?.does);
      expect(second?.targets[0]?.id).not.toBe(carried?.id);
      expect(reviewed?.profile_id).not.toBeNull();
      // The stored figures are the domain's review of the stored records, as the review route saves them.
      const records = (
        await rows("select * from practice_records where child_id = ? order by rowid", [reviewedId])
      ).map((r) =>
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
      );
      const blockVisits = (
        await rows("select date, time, status from visits where block_id = ?", [String(first?.id)])
      ).map((v) => ({ date: String(v.date) as IsoDate, time: String(v.time), status: v.status as VisitStatus }));
      const [atReview] = await rows(
        "select r.document from play_plan_revisions r join play_plans p on p.id = r.plan_id where p.child_id = ? and r.change = 'block-reviewed'",
        [reviewedId],
      );
      const recomputed = reviewBlock(
        JSON.parse(String(atReview?.document)) as PlayPlan,
        records.filter((r) => first?.targets.some((t) => t.id === r.targetId)),
        blockVisits,
        String(reviewed?.reviewed_on) as IsoDate,
        {
          protocol: d.protocol,
          childName: String((await rows("select first_name from children where id = ?", [reviewedId]))[0]?.first_name),
          blockId: String(first?.id),
        },
      );
      if (!recomputed.ok) throw new Error(recomputed.reason);
      expect(JSON.parse(String(reviewed?.summary))).toEqual(JSON.parse(JSON.stringify(recomputed.value)));
      const reviews = await d.request(`/api/cases/${reviewedId}/reviews`, { cookie: visitorCookie });
      expect(reviews.status).toBe(200);
      const answer = (await reviews.json()) as {
        blockReviews: { blockId: string; decision: string }[];
        due: unknown[];
      };
      expect(answer.blockReviews).toEqual([expect.objectContaining({ blockId: first?.id, decision: "next-block" })]);
      expect(answer.due).toEqual([]);
      const saved = await d.request(`/api/cases/${reviewedId}/plan/blocks/${first?.id}/review`, {
        cookie: visitorCookie,
      });
      expect(saved.status).toBe(200);
      const { review } = (await saved.json()) as {
        review: { celebrations: string; figures: { targetsAchieved: number }; comparison: unknown } | null;
      };
      expect(review?.celebrations).toBe(reviewed?.celebrations);
      expect(review?.figures.targetsAchieved).toBe(1);
      expect(review?.comparison).not.toBeNull();
      const pdf = await d.request(`/api/cases/${reviewedId}/plan/blocks/${first?.id}/review.pdf`, {
        cookie: visitorCookie,
      });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get("content-type")).toContain("application/pdf");
      const revisionChanges = (
        await rows(
          "select change from play_plan_revisions r join play_plans p on p.id = r.plan_id where p.child_id = ?",
          [reviewedId],
        )
      ).map((r) => r.change);
      expect(revisionChanges).toEqual(expect.arrayContaining(["block-reviewed", "plan-agreed", "plan-started-visits"]));

      // Due to leave at the age limit, with a transition plan and a transition visit before it.
      const due = await d.request("/api/exits/due", { cookie: coordinator });
      expect(due.status).toBe(200);
      const { children: dueChildren } = (await due.json()) as {
        children: { child: { id: string }; exits: { reasonId: string; due: string }[] }[];
      };
      const [transition] = await rows("select * from transition_plans");
      const leaving = dueChildren.find((c) => c.child.id === String(transition?.child_id));
      const ageLimit = leaving?.exits.find((e) => e.reasonId === "age-limit");
      expect(ageLimit).toBeDefined();
      expect((ageLimit?.due ?? "") <= addDays(today, 84)).toBe(true);
      expect(transition).toMatchObject({
        setting_name: "Little Acorns Nursery",
        setting_type: "nursery",
        start_date: ageLimit?.due,
        people_involved: "the nursery's SENCO, the health visitor",
      });
      const transitionVisits = await rows(
        "select date, place, status from visits where child_id = ? and kind = 'transition'",
        [String(transition?.child_id)],
      );
      expect(transitionVisits).toHaveLength(1);
      expect(transitionVisits[0]?.place).toBe("Little Acorns Nursery");
      expect(String(transitionVisits[0]?.date) < String(transition?.start_date)).toBe(true);

      // Left some weeks ago, with a transition report; not on anyone's caseload.
      const closed = await d.request("/api/closed-cases", { cookie: coordinator });
      const { closedCases } = (await closed.json()) as {
        closedCases: { child: { id: string }; reasonId: string; hasReport: boolean; exitedOn: string }[];
      };
      expect(closedCases).toHaveLength(1);
      const gone = closedCases[0];
      expect(gone?.hasReport).toBe(true);
      expect((gone?.exitedOn ?? "") <= addDays(today, -21)).toBe(true);
      const closedCase = await d.request(`/api/closed-cases/${gone?.child.id}`, { cookie: coordinator });
      expect(closedCase.status).toBe(200);
      const view = (await closedCase.json()) as {
        exit: {
          destination: string;
          transitionReport: { targetsAchieved: unknown[]; strengthsAndInterests: string } | null;
        };
        referral: { status: string };
        destroyAfter: string;
      };
      expect(view.exit.transitionReport?.targetsAchieved.length).toBeGreaterThan(0);
      expect(view.exit.transitionReport?.strengthsAndInterests.length).toBeGreaterThan(20);
      expect(view.referral.status).toBe("closed");
      const [child] = await rows("select date_of_birth from children where id = ?", [String(gone?.child.id)]);
      expect(view.destroyAfter).toBe(destroyAfterDate(String(child?.date_of_birth) as IsoDate, d.protocol));
      const ended = lifecycleChildren.find((a) => a.child_id === gone?.child.id);
      expect(ended?.end_reason).toBe("exited");
      for (const cookie of cookies.values()) {
        const list = await d.request("/api/cases", { cookie });
        if (list.status !== 200) continue;
        const { cases } = (await list.json()) as { cases: { child: { id: string } }[] };
        expect(cases.map((c) => c.child.id)).not.toContain(gone?.child.id);
      }

      // The lifecycle children's case pages answer, to their home visitors.
      for (const a of lifecycleChildren.filter((x) => x.ended_at === null)) {
        const cookie = cookies.get(String(a.home_visitor_id)) ?? "";
        for (const path of ["", "/plan", "/reviews", "/history", "/profiles", "/leaving"]) {
          const res = await d.request(`/api/cases/${a.child_id}${path}`, { cookie });
          expect(res.status, path).toBe(200);
        }
      }
      expect((await checkIntegrity(d.db)).ok).toBe(true);
    });

    it("records each family's consents, and only disclosures the domain allowed on their day, their emails sent", async () => {
      const protocol = d.protocol;
      const listed = new Set(protocol.sharing.recipients.map((r) => r.id));
      const routine = protocol.sharing.recipients.filter((r) => r.informedRoutinely).map((r) => r.id);
      expect(routine).toEqual(["family-wellbeing-service"]);
      const consentRows = await d.db.select().from(consents);
      const disclosureRows = await d.db.select().from(disclosures);
      const outboxRows = await d.db.select().from(outbox);
      const allocated = await rows(
        `select a.child_id, a.allocated_at, a.allocated_by, a.home_visitor_id, c.name as carer, c.relationship,
                exists (select 1 from play_plans p where p.child_id = a.child_id) as casework,
                (select missed_visits_flagged_on from cases where child_id = a.child_id) as flagged_on,
                (select status from play_plans p where p.child_id = a.child_id) as plan_status,
                exists (select 1 from block_reviews r where r.child_id = a.child_id and r.decision = 'next-block') as reviewed
           from allocations a join carers c on c.child_id = a.child_id
          where a.ended_at is null or a.end_reason = 'exited'`,
      );
      const withCasework = allocated.filter((a) => Number(a.casework) === 1);
      expect(withCasework).toHaveLength(6); // active, flagged, draft and the three lifecycle children
      const ofChild = (childId: unknown) => consentRows.filter((c) => c.childId === childId);

      // Consent to the service, in writing at allocation, from the child's carer, for every child with casework.
      for (const a of withCasework) {
        const service = ofChild(a.child_id).filter((c) => c.kind === "service");
        expect(service).toEqual([
          expect.objectContaining({
            givenByName: a.carer,
            givenByRelationship: a.relationship,
            givenOn: String(a.allocated_at).slice(0, 10),
            recordedAs: "written",
            covers: DEMO_SERVICE_COVERS,
            recordedBy: a.allocated_by,
            withdrawnOn: null,
          }),
        ]);
      }
      // The child allocated a few days ago, nothing recorded yet: the case shows the warning.
      const fresh = allocated.filter((a) => Number(a.casework) === 0);
      expect(fresh).toHaveLength(1);
      expect(ofChild(fresh[0]?.child_id)).toEqual([]);
      expect(new Set(consentRows.map((c) => c.childId))).toEqual(new Set(withCasework.map((a) => a.child_id)));

      // Consent to share: only recipients the protocol lists, nothing dated after today; the
      // families answered differently.
      const sharing = consentRows.filter((c) => c.kind === "sharing");
      for (const c of sharing) {
        expect(
          (c.recipientIds as string[]).every((id) => listed.has(id)),
          JSON.stringify(c.recipientIds),
        ).toBe(true);
        expect(c.givenOn <= today).toBe(true);
        expect(new Set(c.recipientIds as string[]).size).toBe((c.recipientIds as string[]).length);
      }
      const toWellbeing = sharing.filter((c) => (c.recipientIds as string[]).includes("family-wellbeing-service"));
      expect(toWellbeing).toHaveLength(4);
      expect(sharing.filter((c) => !(c.recipientIds as string[]).includes("family-wellbeing-service"))).toHaveLength(1);
      expect(sharing.every((c) => (c.recipientIds as string[]).includes("health-visitor"))).toBe(true);
      // The flagged family withdrew theirs at a visit; the draft plan's family has not answered yet.
      const withdrawn = sharing.filter((c) => c.withdrawnOn !== null);
      expect(withdrawn).toHaveLength(1);
      const flagged = allocated.find((a) => a.flagged_on !== null);
      expect(withdrawn[0]?.childId).toBe(flagged?.child_id);
      expect(withdrawn[0]?.withdrawnOn && withdrawn[0].withdrawnOn > withdrawn[0].givenOn).toBe(true);
      expect((withdrawn[0]?.withdrawnOn ?? "9999") <= today).toBe(true);
      expect(withdrawn[0]?.version).toBe(2);
      const draft = allocated.find((a) => a.plan_status === "draft");
      expect(ofChild(draft?.child_id).map((c) => c.kind)).toEqual(["service"]);
      // The setting's SENCO, where the child has one: the family moving to a nursery agreed to it.
      const leaving = await rows("select child_id from transition_plans");
      expect(ofChild(leaving[0]?.child_id).find((c) => c.kind === "sharing")?.recipientIds).toEqual([
        "health-visitor",
        "setting-senco",
      ]);

      // Every disclosure is one the domain's sharingDecision allowed on its day, on the consent it names.
      expect(disclosureRows.map((x) => x.what).sort()).toEqual([
        "report",
        "routine-notice",
        "routine-notice",
        "routine-notice",
        "routine-notice",
        "summary",
      ]);
      for (const x of disclosureRows) {
        const records = ofChild(x.childId).map(recordOf);
        const decision = sharingDecision(records, x.recipientId, x.purpose, x.disclosedOn as IsoDate, protocol);
        expect(decision, `${x.what} to ${x.recipientId} on ${x.disclosedOn}`).toMatchObject({
          allowed: true,
          basis: "consent",
          consentId: x.consentId,
        });
        expect(x.basis).toBe("consent");
        expect(x.disclosedOn <= today).toBe(true);
        expect(listed.has(x.recipientId)).toBe(true);
      }

      // A routine notice for each family whose consent covers the wellbeing service, sent at
      // allocation by the coordinator who allocated, and its email delivered: nothing is left to send.
      const notices = disclosureRows.filter((x) => x.what === "routine-notice");
      expect(new Set(notices.map((x) => x.childId))).toEqual(new Set(toWellbeing.map((c) => c.childId)));
      for (const x of notices) {
        const allocation = allocated.find((a) => a.child_id === x.childId);
        expect(x).toMatchObject({
          recipientId: "family-wellbeing-service",
          purpose: "informing-involvement",
          channel: "notify-email",
          emailAddress: "family-wellbeing-service@demo.openportage.invalid",
          disclosedOn: String(allocation?.allocated_at).slice(0, 10),
          disclosedBy: allocation?.allocated_by,
        });
        expect(outboxRows.filter((o) => o.disclosureId === x.id)).toEqual([
          expect.objectContaining({
            kind: "routine-notice",
            status: "sent",
            childId: x.childId,
            emailAddress: x.emailAddress,
            sentAt: expect.any(String),
          }),
        ]);
      }
      expect(outboxRows.filter((o) => o.kind === "routine-notice")).toHaveLength(notices.length);
      expect(
        outboxRows.filter((o) => o.status !== "sent" || o.disclosureId === null || (o.sentAt ?? "") > now),
      ).toEqual([]);

      // One reviewed family's review report went to the health visitor through the outbox.
      const reviewed = allocated.find((a) => Number(a.reviewed) === 1);
      const [report] = disclosureRows.filter((x) => x.what === "report");
      expect(report).toMatchObject({
        childId: reviewed?.child_id,
        recipientId: "health-visitor",
        description: "Review report for block 1",
        channel: "notify-email",
        disclosedBy: reviewed?.home_visitor_id,
      });
      expect(outboxRows.filter((o) => o.disclosureId === report?.id)).toEqual([
        expect.objectContaining({ kind: "report", status: "sent", documentName: "review-block-1.pdf", document: null }),
      ]);
      // And one home visitor recorded by hand a summary they sent by secure email: no outbox row.
      const [summary] = disclosureRows.filter((x) => x.what === "summary");
      expect(summary).toMatchObject({ recipientId: "health-visitor", channel: "secure-email", emailAddress: null });
      expect(outboxRows.filter((o) => o.disclosureId === summary?.id)).toEqual([]);

      // As the routes answer them, to the home visitor.
      const visitorCookie = async (visitorId: unknown) => {
        for (const account of DEMO_ACCOUNTS.filter((x) => x.role === "home-visitor")) {
          const res = await signIn(d, account.email, account.password);
          const { user } = (await res.json()) as { user: { id: string } };
          if (user.id === visitorId) return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
        }
        throw new Error("no demo visitor");
      };
      const reviewedCookie = await visitorCookie(reviewed?.home_visitor_id);
      const listedDisclosures = await d.request(`/api/cases/${reviewed?.child_id}/disclosures`, {
        cookie: reviewedCookie,
      });
      const { disclosures: shown } = (await listedDisclosures.json()) as {
        disclosures: { what: string; flagged: boolean; delivery: { status: string; documentName: string | null } }[];
      };
      expect(shown.map((x) => [x.what, x.flagged, x.delivery?.status, x.delivery?.documentName])).toEqual([
        ["report", false, "sent", "review-block-1.pdf"],
        ["routine-notice", false, "sent", null],
      ]);
      const flaggedCookie = await visitorCookie(flagged?.home_visitor_id);
      const consentsRes = await d.request(`/api/cases/${flagged?.child_id}/consents`, { cookie: flaggedCookie });
      const answer = (await consentsRes.json()) as {
        serviceConsent: { state: string } | null;
        sharing: { state: string }[];
      };
      expect(answer.serviceConsent?.state).toBe("active");
      expect(answer.sharing.map((c) => c.state)).toEqual(["withdrawn"]);
      const dryRun = await d.request(`/api/cases/${flagged?.child_id}/sharing-decision`, {
        method: "POST",
        cookie: flaggedCookie,
        headers: { origin: ORIGIN },
        json: { recipientId: "health-visitor", purpose: "coordinating-support" },
      });
      expect(((await dryRun.json()) as { allowed: boolean; reason: string }).reason).toContain("withdrew");
    });
  },
);

// Cheshire East's protocol tells no service of every family routinely, and does not list the
// wellbeing service at all: its demo holds no routine notice and no consent naming one.
describe("the demo's consent and sharing under another protocol", () => {
  let d: Harness;
  beforeAll(async () => {
    d = await createHarness({ protocol: cheshireEast });
    await seedDemo(d.db, d.protocol, d.clock.now());
  });
  afterAll(() => d.close());

  it("uses only the recipients Cheshire East lists, and sends no routine notice", async () => {
    expect(d.protocol.sharing.recipients.some((r) => r.informedRoutinely)).toBe(false);
    const listed = new Set(d.protocol.sharing.recipients.map((r) => r.id));
    const consentRows = await d.db.select().from(consents);
    const sharing = consentRows.filter((c) => c.kind === "sharing");
    expect(sharing.length).toBeGreaterThan(0);
    for (const c of sharing) expect((c.recipientIds as string[]).every((id) => listed.has(id))).toBe(true);
    expect(JSON.stringify(consentRows)).not.toContain("family-wellbeing-service");
    const disclosureRows = await d.db.select().from(disclosures);
    expect(disclosureRows.map((x) => x.what).sort()).toEqual(["report", "summary"]);
    for (const x of disclosureRows) {
      const records = consentRows.filter((c) => c.childId === x.childId).map(recordOf);
      expect(sharingDecision(records, x.recipientId, x.purpose, x.disclosedOn as IsoDate, d.protocol)).toMatchObject({
        allowed: true,
        consentId: x.consentId,
      });
    }
    expect((await d.db.select().from(outbox)).map((o) => [o.kind, o.status])).toEqual([["report", "sent"]]);
    expect((await checkIntegrity(d.db)).ok).toBe(true);
  });
});

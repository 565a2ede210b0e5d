// The demo under every protocol a council may start from: the two presets and the three example
// files shipped with the domain package, loaded as the API loads them. Whatever the protocol's
// developmental areas, age window, blocks and term dates, the same story is seeded, soundly.
import { fileURLToPath } from "node:url";
import { loadProtocol } from "@openportage/council";
import {
  addDays,
  assessEligibility,
  type EligibilityAssessment,
  familyRoute,
  type IsoDate,
  type PlayPlan,
  type Protocol,
  supportEndDate,
  validatePlan,
  validateProfile,
  weekdayOf,
} from "@openportage/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { englandDate } from "../lib/clock.js";
import { createHarness, type Harness, ORIGIN } from "../test-support/harness.js";
import { checkIntegrity } from "./ops.js";
import { DEMO_ACCOUNTS, demoAreaId, seedDemo } from "./seed.js";

const EXAMPLES = fileURLToPath(new URL("../../../../packages/domain/examples/protocols/", import.meta.url));

/** The protocols a council may start from, as OPENPORTAGE_PROTOCOL or OPENPORTAGE_PROTOCOL_FILE chooses them. */
const PROTOCOLS: readonly (readonly [string, Protocol])[] = [
  ["lancashire", loadProtocol({ preset: "lancashire" })],
  ["cheshire-east", loadProtocol({ preset: "cheshire-east" })],
  ...["wiltshire", "leeds", "hampshire"].map(
    (name) => [name, loadProtocol({ file: `${EXAMPLES}${name}.json` })] as const,
  ),
];

describe("the demo's areas under another protocol", () => {
  const byName = new Map(PROTOCOLS);
  const wiltshire = byName.get("wiltshire") as Protocol;
  const lancashire = byName.get("lancashire") as Protocol;
  const lancashireAreas = lancashire.plans.areas.areas.map((a) => a.id);

  it("keeps an area the protocol has, and puts the others in its areas of the same kind", () => {
    expect(lancashireAreas.map((id) => demoAreaId(id, lancashire))).toEqual(lancashireAreas);
    expect(Object.fromEntries(lancashireAreas.map((id) => [id, demoAreaId(id, wiltshire)]))).toEqual({
      "communication-and-language": "language",
      "personal-social-emotional": "socialisation",
      physical: "motor",
      "self-care": "self-help",
      "play-and-thinking": "cognition",
      sensory: "cognition",
    });
  });

  it("never names an area the protocol does not have, even when no words match", () => {
    const areas = [
      { id: "area-one", name: "First" },
      { id: "area-two", name: "Second" },
    ];
    const odd = { plans: { ...wiltshire.plans, areas: { ...wiltshire.plans.areas, areas } } };
    const mapped = lancashireAreas.map((id) => demoAreaId(id, odd));
    expect(mapped).toEqual(["area-one", "area-two", "area-one", "area-two", "area-one", "area-two"]);
  });
});

/** Every day the demo is seeded on in these tests: winter, just after Christmas, and the summer term. */
const DAYS = ["2026-12-01T09:00:00.000Z", "2027-01-06T09:00:00.000Z", "2026-05-12T09:00:00.000Z"];

describe.each(PROTOCOLS.flatMap(([name, protocol]) => DAYS.map((now) => [name, now, protocol] as const)))(
  "the demo under %s, seeded at %s",
  (_name, now, protocol) => {
    let d: Harness;
    let result: Awaited<ReturnType<typeof seedDemo>>;
    let today: IsoDate;
    const areaIds = new Set(protocol.plans.areas.areas.map((a) => a.id));
    const rows = async (sql: string, args: (string | number)[] = []) =>
      (await d.db.$client.execute({ sql, args })).rows as unknown as Record<string, unknown>[];
    /** The domain's age clause for a child born on `dob`, on `on`. */
    const ageResult = (dob: IsoDate, on: IsoDate) =>
      assessEligibility({ dateOfBirth: dob }, protocol, on).reasons.find((r) => r.topic === "age")?.result;

    beforeAll(async () => {
      d = await createHarness({ protocol, now });
      today = englandDate(d.clock.now());
      result = await seedDemo(d.db, d.protocol, d.clock.now());
    });
    afterAll(() => d.close());

    it("tells the whole story: every stage of casework and of leaving", async () => {
      expect(result.stages).toEqual({ active: 1, flagged: 1, draft: 1, new: 1 });
      expect(result.lifecycle).toEqual({ reviewed: 1, leaving: 1, exited: 1 });
      const statuses = await rows("select status, count(*) as n from referrals group by status");
      const count = new Map(statuses.map((r) => [String(r.status), Number(r.n)]));
      for (const status of ["received", "waiting", "allocated", "closed"]) {
        expect(count.get(status) ?? 0, status).toBeGreaterThan(0);
      }
      expect(await d.count("block_reviews")).toBe(2);
      expect(await d.count("visits where status = 'held'")).toBeGreaterThan(10);
      expect(await d.count("practice_records")).toBeGreaterThan(10);
      expect(await d.count("consents where kind = 'sharing'")).toBeGreaterThan(0);
      expect(await d.count("disclosures")).toBeGreaterThan(0);
      const [exit] = await rows("select reason_id, transition_report from exits");
      expect(protocol.exits.reasons.map((r) => r.id)).toContain(exit?.reason_id);
      expect(String(exit?.transition_report ?? "").length).toBeGreaterThan(100);
      expect((await checkIntegrity(d.db)).ok).toBe(true);
    });

    it("records every profile, goal and target in one of the protocol's areas", async () => {
      const profiles = await rows("select recorded_on, entries from developmental_profiles");
      expect(profiles.length).toBeGreaterThanOrEqual(7);
      for (const p of profiles) {
        const entries = JSON.parse(String(p.entries)) as { areaId: string; note?: string }[];
        expect(validateProfile({ recordedOn: p.recorded_on, entries }, protocol, today)).toEqual([]);
        expect(entries.every((e) => areaIds.has(e.areaId))).toBe(true);
        expect(entries.every((e) => (e.note ?? "").length > 10)).toBe(true);
      }
      const revisions = await rows("select document from play_plan_revisions");
      expect(revisions.length).toBeGreaterThan(20);
      for (const r of revisions) {
        const plan = JSON.parse(String(r.document)) as PlayPlan;
        expect(validatePlan(plan, protocol)).toEqual([]);
        for (const goal of plan.longTermGoals) expect(areaIds.has(goal.areaId), goal.areaId).toBe(true);
        for (const block of plan.blocks) {
          expect(protocol.visits.blocks.frequencies).toContain(block.frequency);
          for (const target of block.targets) expect(areaIds.has(target.areaId), target.areaId).toBe(true);
        }
      }
      const weekdays = protocol.visits.blocks.weekdays;
      if (weekdays) {
        for (const v of await rows("select date from visits")) {
          expect(weekdays).toContain(weekdayOf(String(v.date) as IsoDate));
        }
      }
    });

    it("refers every child inside the protocol's age window, and keeps the waiting families inside it", async () => {
      const referred = await rows(
        "select r.status, r.route, r.received_at, c.date_of_birth from referrals r join children c on c.id = r.child_id",
      );
      expect(referred).toHaveLength(60);
      const family = protocol.eligibility.routes.routes.find((r) => r.referrer === "family");
      for (const r of referred) {
        const dob = String(r.date_of_birth) as IsoDate;
        const receivedOn = String(r.received_at).slice(0, 10) as IsoDate;
        expect(ageResult(dob, receivedOn), `born ${dob}, referred ${receivedOn}`).not.toBe("not-met");
        expect(receivedOn >= addDays(dob, 14)).toBe(true);
        if (r.status === "waiting" || r.status === "received") {
          expect(ageResult(dob, today), `born ${dob}, waiting on ${today}`).not.toBe("not-met");
        }
        if (family) expect(r.route).toBe(family.id);
      }
      // The child leaving at the age limit: the transition plan's start is the domain's end of support.
      const [leaving] = await rows(
        "select t.start_date, c.date_of_birth from transition_plans t join children c on c.id = t.child_id",
      );
      expect(leaving?.start_date).toBe(supportEndDate(String(leaving?.date_of_birth) as IsoDate, protocol));
      const before = await rows(
        "select v.date from visits v join transition_plans t on t.child_id = v.child_id where v.kind = 'transition' and v.date < t.start_date",
      );
      expect(before).toHaveLength(1);
      // The child who left did so before support would have ended.
      const [exited] = await rows(
        "select e.exited_on, c.date_of_birth from exits e join children c on c.id = e.child_id",
      );
      expect(supportEndDate(String(exited?.date_of_birth) as IsoDate, protocol) > String(exited?.exited_on)).toBe(true);
    });

    it("refers every child by one of the protocol's routes, and assesses them on their merits", async () => {
      const referred = await rows("select route, source, entered_by, answers, eligibility, status from referrals");
      expect(referred).toHaveLength(60);
      const routes = new Map(protocol.eligibility.routes.routes.map((r) => [r.id, r]));
      const family = familyRoute(protocol);
      for (const r of referred) {
        const route = routes.get(String(r.route));
        expect(route, `route ${r.route}`).toBeDefined();
        const answers = JSON.parse(String(r.answers)) as { referrer?: Record<string, string> };
        if (family) {
          // Families refer their own child on the public form, by the protocol's family route.
          expect(r.route).toBe(family.id);
          expect(r.source).toBe("public-form");
          expect(answers.referrer).toBeUndefined();
        } else {
          // Only professionals refer (Cheshire East's Early Years Forum): entered by staff, with who referred.
          expect(route?.referrer).toBe("professional");
          expect(r.source).toBe("staff");
          expect(r.entered_by).toBeTruthy();
          expect(answers.referrer?.name).toMatch(/\w/);
          expect(answers.referrer?.role).toMatch(/\w/);
        }
        const assessment = JSON.parse(String(r.eligibility)) as EligibilityAssessment;
        const reason = assessment.reasons.find((x) => x.topic === "referral-route");
        expect(reason?.result, reason?.staff).toBe("met");
        // A family the coordinator accepted is not ruled out by the rules.
        if (r.status === "waiting" || r.status === "allocated" || r.status === "closed") {
          const against = assessment.reasons.filter((x) => x.result === "not-met").map((x) => x.staff);
          expect(assessment.outcome, against.join(" ")).not.toBe("not-eligible");
        }
      }
    });

    it("answers the waiting list and the allocated children's cases through the app", async () => {
      const cookieOf = async (email: string) => {
        const account = DEMO_ACCOUNTS.find((a) => a.email === email);
        const res = await d.request("/api/auth/sign-in", {
          method: "POST",
          json: { email, password: account?.password },
          headers: { origin: ORIGIN },
        });
        expect(res.status).toBe(200);
        return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      };
      const coordinator = await cookieOf("coordinator@demo.openportage.invalid");
      const list = await d.request("/api/waiting-list", { cookie: coordinator });
      expect(list.status).toBe(200);
      const answer = (await list.json()) as { total: number; setAside: unknown[]; protocolId: string };
      expect(answer.protocolId).toBe(protocol.id);
      expect(answer.total).toBe(await d.count("referrals where status = 'waiting'"));
      expect(answer.total).toBeGreaterThan(10);
      expect(answer.setAside).toEqual([]);
      const visitors = new Map<string, string>();
      for (const a of DEMO_ACCOUNTS.filter((x) => x.role === "home-visitor")) {
        const [user] = await rows("select id from users where email = ?", [a.email]);
        visitors.set(String(user?.id), await cookieOf(a.email));
      }
      const allocated = await rows("select child_id, home_visitor_id from allocations where ended_at is null");
      expect(allocated.length).toBeGreaterThanOrEqual(6);
      for (const a of allocated) {
        const cookie = visitors.get(String(a.home_visitor_id)) ?? "";
        for (const path of ["", "/plan", "/profiles", "/reviews", "/consents"]) {
          expect((await d.request(`/api/cases/${a.child_id}${path}`, { cookie })).status, path).toBe(200);
        }
      }
    });
  },
);

it("seeds the same demo for the same day under an example protocol", async () => {
  const protocol = new Map(PROTOCOLS).get("hampshire") as Protocol;
  const story = async () => {
    const h = await createHarness({ protocol, now: "2026-12-01T09:00:00.000Z" });
    await seedDemo(h.db, protocol, h.clock.now());
    const { rows } = await h.db.$client.execute(
      `select c.first_name, c.last_name, c.date_of_birth, r.status, r.received_at,
              (select group_concat(date || ' ' || status, ',') from visits v where v.child_id = c.id) as visits,
              (select group_concat(entries, '|') from developmental_profiles p where p.child_id = c.id) as profiles
         from children c join referrals r on r.child_id = c.id order by r.received_at, c.first_name`,
    );
    h.close();
    return rows.map((r) => ({ ...r }));
  };
  const first = await story();
  expect(first.length).toBe(60);
  expect(await story()).toEqual(first);
});

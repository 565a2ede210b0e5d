// Demo data: fictional families, enough to fill a waiting list, and demo staff accounts. Only for
// the demo database: the server refuses to start in production mode while a demo account exists.
import { addDays, addMonths, addYears, type IsoDate, type Protocol } from "@openportage/domain";
import { exampleReferralInput, parseReferral, type Referral } from "@openportage/referral-form";
import { and, eq, isNull } from "drizzle-orm";
import { englandDate } from "../lib/clock.js";
import { newId, newReference } from "../lib/ids.js";
import type { Role } from "../lib/types.js";
import { createUser } from "../lib/users.js";
import { assess, fingerprint } from "../routes/referrals/intake.js";
import type { Database } from "./client.js";
import { allocations, auditEvents, carers, children, decisions, referrals, users } from "./schema.js";

/** The demo staff accounts. The passwords are public: these accounts exist only in a demo. */
export const DEMO_ACCOUNTS: readonly { email: string; name: string; role: Role; password: string }[] = [
  {
    email: "coordinator@demo.openportage.invalid",
    name: "Cora Ordinator (demo)",
    role: "coordinator",
    password: "cora demo password",
  },
  {
    email: "visitor1@demo.openportage.invalid",
    name: "Harriet Visitor (demo)",
    role: "home-visitor",
    password: "harriet demo password",
  },
  {
    email: "visitor2@demo.openportage.invalid",
    name: "Hamid Visitor (demo)",
    role: "home-visitor",
    password: "hamid demo password",
  },
  {
    email: "admin@demo.openportage.invalid",
    name: "Ada Ministrator (demo)",
    role: "administrator",
    password: "ada demo password",
  },
];

const FIRST = [
  "Amara",
  "Ben",
  "Chloe",
  "Dev",
  "Ella",
  "Finn",
  "Grace",
  "Hugo",
  "Isla",
  "Jay",
  "Kai",
  "Layla",
  "Milo",
  "Nia",
  "Oscar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sami",
  "Theo",
  "Uma",
  "Vince",
  "Willow",
  "Yusuf",
  "Zara",
];
const LAST = [
  "Ashworth",
  "Bibi",
  "Clegg",
  "Dewhurst",
  "Entwistle",
  "Fairclough",
  "Greenhalgh",
  "Haworth",
  "Iqbal",
  "Jolly",
  "Kenyon",
  "Lord",
  "Mistry",
  "Nuttall",
  "Ormerod",
  "Pilling",
  "Rawcliffe",
  "Singh",
  "Tattersall",
  "Whittaker",
];
const TOWNS = ["Preston", "Lancaster", "Burnley", "Chorley", "Blackburn", "Accrington", "Ormskirk", "Clitheroe"];
const CONDITIONS = [
  undefined,
  undefined,
  "Down syndrome",
  "Cerebral palsy",
  "Global developmental delay",
  undefined,
  "Autism (diagnosed)",
];

/** A small deterministic random generator (mulberry32), so demo data is the same every time. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * True when the database holds a demo account that can still sign in. A disabled demo account
 * cannot (sign-in refuses disabled accounts), so it does not stop a production start.
 */
export async function hasDemoAccounts(db: Database): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.demo, true), isNull(users.disabledAt)))
    .limit(1);
  return row !== undefined;
}

/** Creates the demo accounts and `families` fictional referrals at various stages. */
export async function seedDemo(
  db: Database,
  protocol: Protocol,
  now: Date,
  options: { families?: number; accounts?: boolean } = {},
): Promise<{ accounts: number; referrals: number }> {
  const families = options.families ?? 60;
  const ids: Record<string, string> = {};
  if (options.accounts !== false) {
    for (const account of DEMO_ACCOUNTS) {
      const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, account.email));
      ids[account.email] = existing?.id ?? (await createUser(db, { ...account, demo: true }, now)).id;
    }
  }
  const coordinatorId = ids["coordinator@demo.openportage.invalid"];
  const visitorIds = [ids["visitor1@demo.openportage.invalid"], ids["visitor2@demo.openportage.invalid"]].filter(
    (id): id is string => id !== undefined,
  );
  const today = englandDate(now);
  const rand = random(20261122);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

  const BATCH = 500;
  for (let start = 0; start < families; start += BATCH) {
    await db.transaction(
      async (tx) => {
        for (let i = start; i < Math.min(families, start + BATCH); i++) {
          const ageMonths = 3 + Math.floor(rand() * 26);
          const dob = addDays(addMonths(today, -ageMonths), -Math.floor(rand() * 28));
          const [year, month, day] = dob.split("-");
          const diagnosis = pick(CONDITIONS);
          const attends = rand() < 0.3;
          const input = exampleReferralInput({
            childFirstName: pick(FIRST),
            childLastName: pick(LAST),
            childDateOfBirth: { day: String(Number(day)), month: String(Number(month)), year: String(year) },
            childSex: rand() < 0.5 ? "female" : "male",
            addressLine1: `${1 + Math.floor(rand() * 200)} Demo Street`,
            addressTown: pick(TOWNS),
            postcode: `PR${1 + Math.floor(rand() * 9)} ${1 + Math.floor(rand() * 9)}ZZ`,
            carerName: `${pick(FIRST)} ${pick(LAST)}`,
            carerEmail: `family${i + 1}@example.com`,
            carerPhone: "01632 960 000",
            ...(diagnosis ? { diagnosis } : { diagnosis: "" }),
            attendsSetting: attends ? "yes" : "no",
            ...(attends
              ? { settingName: "Demo Nursery", settingHoursPerWeek: String(3 + Math.floor(rand() * 12)) }
              : {}),
          });
          const parsed = parseReferral(input, { today });
          if (!parsed.success) throw new Error(`demo referral ${i} is not valid: ${JSON.stringify(parsed.errors)}`);
          const answers: Referral = parsed.referral;
          // Referred at least two weeks after birth, within the last 200 days.
          const ageDays = Math.round((Date.parse(today) - Date.parse(dob)) / 86_400_000);
          const daysAgo = Math.floor(rand() * Math.min(200, ageDays - 14));
          const receivedOn = addDays(today, -daysAgo);
          const receivedAt = `${receivedOn}T09:${String(i % 60).padStart(2, "0")}:00.000Z`;
          const childId = newId();
          const referralId = newId();
          const assessment = assess(answers, "self-referral", null, protocol, today);
          const stage = rand();
          const status =
            stage < 0.12
              ? "received"
              : stage < 0.18
                ? "not-eligible"
                : stage < 0.22
                  ? "more-information"
                  : stage < 0.3 && visitorIds.length
                    ? "allocated"
                    : "waiting";
          await tx.insert(children).values({
            id: childId,
            firstName: answers.childFirstName,
            lastName: answers.childLastName,
            dateOfBirth: answers.childDateOfBirth,
            sex: answers.childSex,
            homeLanguages: answers.homeLanguages,
            interpreterNeeded: false,
            addressLine1: answers.addressLine1,
            addressTown: answers.addressTown,
            postcode: answers.postcode,
            destroyAfter: addYears(answers.childDateOfBirth as IsoDate, protocol.retention.yearsAfterBirth),
            createdAt: receivedAt,
            updatedAt: receivedAt,
          });
          await tx.insert(carers).values({
            id: newId(),
            childId,
            name: answers.carerName,
            relationship: answers.carerRelationship,
            phone: answers.carerPhone,
            email: answers.carerEmail ?? null,
            createdAt: receivedAt,
          });
          const accepted = status === "waiting" || status === "allocated";
          await tx.insert(referrals).values({
            id: referralId,
            reference: newReference(),
            childId,
            route: "self-referral",
            source: "public-form",
            receivedAt,
            answers,
            inSetting: answers.attendsSetting === "yes",
            idempotencyKey: `demo:${i}`,
            fingerprint: fingerprint(answers),
            status,
            eligibility: assessment,
            eligibilityOutcome: assessment.outcome,
            assessedAt: receivedAt,
            ...(accepted
              ? {
                  acceptedOn: addDays(receivedOn, Math.min(daysAgo, 7)),
                  complexity: pick(["low", "moderate", "high"] as const),
                  hadPortageBefore: rand() < 0.1,
                  otherSpecialistSupport: rand() < 0.4,
                }
              : {}),
            updatedAt: receivedAt,
          });
          if (coordinatorId && status !== "received") {
            await tx.insert(decisions).values({
              id: newId(),
              referralId,
              outcome: accepted ? "accepted" : (status as "not-eligible" | "more-information"),
              ...(status === "not-eligible" ? { signposting: "Family hub and the health visitor" } : {}),
              decidedBy: coordinatorId,
              decidedAt: receivedAt,
            });
          }
          if (status === "allocated" && coordinatorId) {
            await tx.insert(allocations).values({
              id: newId(),
              referralId,
              childId,
              homeVisitorId: visitorIds[i % visitorIds.length] as string,
              allocatedBy: coordinatorId,
              allocatedAt: receivedAt,
            });
          }
        }
        await tx.insert(auditEvents).values({
          at: now.toISOString(),
          action: "seed-demo",
          outcome: "success",
          recordType: "referral",
          reason: `demo-families:${Math.min(families, start + BATCH) - start}`,
        });
      },
      { behavior: "immediate" },
    );
  }
  return { accounts: Object.keys(ids).length, referrals: families };
}

// How fast eligibility is checked: 100,000 fictional children, made by a seeded generator so
// every run checks the same children, assessed against the Lancashire preset.
import { expect, test } from "vitest";
import {
  assessEligibility,
  dateFromDayNumber,
  dayNumber,
  type EligibilityFacts,
  type IsoDate,
  lancashire,
  parseIsoDate,
} from "../dist/index.js";

const CHILDREN = 100_000;
const AS_OF = parseIsoDate("2026-11-20");
const AREAS = ["communication-and-language", "personal-social-emotional", "physical", "self-care", "play-and-thinking"];

// mulberry32: a small, well-mixed 32-bit generator; the seed fixes the whole population.
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fictionalChildren(count: number, seed: number): EligibilityFacts[] {
  const random = seeded(seed);
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  // Each fact is unknown for about one child in ten, as on a real checker.
  const maybe = <T>(value: T): T | undefined => (random() < 0.1 ? undefined : value);
  const today = dayNumber(AS_OF);
  const children: EligibilityFacts[] = [];
  for (let i = 0; i < count; i += 1) {
    // From 30 days before birth (not yet born) to nearly 5 years old.
    const dateOfBirth: IsoDate = dateFromDayNumber(today - between(-30, 1800));
    const delays = AREAS.slice(0, between(0, AREAS.length)).map((areaId) => ({ areaId, delayMonths: between(0, 14) }));
    const facts: Record<string, unknown> = {
      dateOfBirth: maybe(dateOfBirth),
      diagnosis: maybe(random() < 0.3),
      developmentalDelays: maybe(delays),
      settingHoursPerWeek: maybe(random() < 0.6 ? 0 : between(1, 30)),
      livesInArea: maybe(random() < 0.95),
      routeId: maybe(random() < 0.5 ? "self-referral" : random() < 0.95 ? "early-help" : "health-visitor"),
      consentGiven: maybe(random() < 0.97),
      availableForVisits: maybe(random() < 0.95),
    };
    // Unknown facts are left out, not set to undefined, as a form would send them.
    for (const key of Object.keys(facts)) if (facts[key] === undefined) delete facts[key];
    children.push(facts as EligibilityFacts);
  }
  return children;
}

test("assessing 100,000 children against the Lancashire protocol", async ({ bench }) => {
  const children = fictionalChildren(CHILDREN, 20261120);
  const outcomes = { eligible: 0, "not-eligible": 0, "more-information-needed": 0 };
  for (const facts of children) outcomes[assessEligibility(facts, lancashire, AS_OF).outcome] += 1;
  // The population must exercise every outcome, or the figure below measures only one path.
  expect(Object.values(outcomes).every((n) => n > 1000)).toBe(true);

  const before = process.cpuUsage();
  for (const facts of children) assessEligibility(facts, lancashire, AS_OF);
  const used = process.cpuUsage(before);
  const cpuMs = (used.user + used.system) / 1000;

  const result = await bench(`assessEligibility x ${CHILDREN.toLocaleString("en-GB")}`, () => {
    for (const facts of children) assessEligibility(facts, lancashire, AS_OF);
  }).run({ iterations: 5, warmupIterations: 1 });
  const ms = result.latency.mean;
  console.log(
    `eligibility: assessed ${CHILDREN.toLocaleString("en-GB")} children in ${ms.toFixed(0)} ms (mean of ${result.latency.samplesCount} runs, fastest ${result.latency.min.toFixed(0)} ms; one pass used ${cpuMs.toFixed(0)} ms of CPU): ${Math.round(CHILDREN / (ms / 1000)).toLocaleString("en-GB")} children per second; outcomes ${JSON.stringify(outcomes)}`,
  );
});

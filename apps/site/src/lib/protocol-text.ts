// The protocol's rules in plain words, for the protocol page and the eligibility page's
// no-JavaScript text. Everything here is derived from the protocol object, so the published
// rules and the rules the software runs cannot drift apart.
import {
  type AgeEndRule,
  type DelayRule,
  familyRoute,
  type NeedRule,
  type PriorityCriterion,
  type Protocol,
} from "@openportage/domain";
import { count, formatDate, listInWords, points } from "./words.ts";

function fraction(value: number): string {
  const known: Record<string, string> = {
    "0.25": "a quarter",
    "0.333": "a third",
    "0.5": "half",
    "0.667": "two thirds",
  };
  return known[value.toFixed(3).replace(/0+$/, "").replace(/\.$/, "")] ?? `${Math.round(value * 100)}%`;
}

/** When support starts, in words. */
export function ageStartText(minimumAgeMonths: number): string {
  return minimumAgeMonths === 0 ? "from birth" : `from ${count(minimumAgeMonths, "month")} old`;
}

/** When support ends because of age, in words. */
export function ageEndText(end: AgeEndRule): string {
  switch (end.rule) {
    case "funded-early-education":
      return "until the child can have funded early education for 3-year-olds: the 1 January, 1 April or 1 September after their third birthday";
    case "age-in-months":
      return `until the child is ${count(end.months, "month")} old`;
    case "starts-setting-or-school":
      return `until the child starts an early years setting or school (planned as ${count(end.latestAgeMonths, "month")} old at the latest)`;
    case "school-entry":
      return "until the child can start school: the 1 September after their fourth birthday";
  }
}

/** The age rule as one sentence, with the cut-off before school entry when the protocol has one. */
export function ageRuleText(age: Protocol["eligibility"]["age"]): string {
  const start = ageStartText(age.minimumAgeMonths);
  const cutOff = age.schoolEntryCutOff;
  const before =
    cutOff === undefined
      ? ""
      : ` A child can start Portage only with at least ${count(cutOff.amount, cutOff.unit === "term" ? "term" : "academic year")} to go before they can start school.`;
  return `Children can have Portage ${start} ${ageEndText(age.end)}.${before}`;
}

// An area of development by its id, as words ("communication-and-language": "communication and language").
const areaWords = (id: string) => id.replaceAll("-", " ");

function required(areaId: string | undefined): string {
  return areaId === undefined ? "" : `, one of them ${areaWords(areaId)}`;
}

/** A delay threshold in words. */
export function delayText(delay: DelayRule): string {
  switch (delay.kind) {
    case "fraction-of-age": {
      // Younger children's fractions, as the bands say: "or 30% if they are under 36 months".
      const younger = (delay.byAge ?? [])
        .map((band) => `, or ${fraction(band.fraction)} if they are under ${count(band.underMonths, "month")}`)
        .join("");
      return `a delay of at least ${fraction(delay.fraction)} of their age${younger === "" ? "" : `${younger},`} in ${delay.minAreas} or more areas of development${required(delay.requiredAreaId)}`;
    }
    case "months-by-age":
      return `a delay of at least ${count(delay.underTwoMonths, "month")} (under 2) or ${count(delay.twoAndOverMonths, "month")} (from 2) in ${delay.minAreas} or more areas of development${required(delay.requiredAreaId)}`;
  }
}

/** The level of need, in words: what qualifies a child. */
export function needText(need: NeedRule): string {
  const ways: string[] = [];
  if (need.diagnosisQualifies) ways.push("a diagnosed condition or syndrome that affects their development");
  if (need.delay) ways.push(delayText(need.delay));
  let text =
    ways.length > 0
      ? `The child has ${listInWords(ways, need.combine === "all" ? "and" : "or")}.`
      : "The child has significant special educational needs and disabilities.";
  if (need.panelRequired) text += ` The child must have been brought to the ${need.panelRequired.name}.`;
  return text;
}

/** The limit on hours in a setting, in words, and the hours from which the support offered is reviewed. */
export function settingHoursText(maxHoursPerWeek: number | null, reviewFromHoursPerWeek?: number): string {
  const limit =
    maxHoursPerWeek === null
      ? reviewFromHoursPerWeek === undefined
        ? "There is no limit on the hours a child spends in a setting while they have Portage."
        : "Children in a setting can have Portage."
      : `Children who spend more than ${count(maxHoursPerWeek, "hour")} a week in a nursery, pre-school, childminder or other setting are supported by the setting instead.`;
  return reviewFromHoursPerWeek === undefined
    ? limit
    : `${limit} With ${count(reviewFromHoursPerWeek, "hour")} or more a week in a setting, the service talks with the family about whether the support it offers should change.`;
}

/** Each dated value with the date it applies from, the one in force on `asOf` marked. */
export function datedEntries<T>(
  values: readonly { from: string; value: T }[],
  asOf: string,
): { from: string; fromText: string; value: T; status: "past" | "current" | "future" }[] {
  const currentIndex = values.reduce((found, entry, i) => (entry.from <= asOf ? i : found), -1);
  return values.map((entry, i) => ({
    from: entry.from,
    fromText: formatDate(entry.from),
    value: entry.value,
    status: i === currentIndex ? "current" : i < currentIndex ? "past" : "future",
  }));
}

/** How many points a priority criterion gives, in words. */
export function criterionPointsText(criterion: PriorityCriterion): string {
  switch (criterion.kind) {
    case "complexity":
      return `${points(criterion.points.high)} for high, ${points(criterion.points.moderate)} for moderate and ${points(criterion.points.low)} for low complexity`;
    case "no-setting":
    case "no-other-specialist-support":
    case "first-time":
      return points(criterion.points);
    case "time-waited":
      return `${points(criterion.pointsPerWeek)} for each full week waited, up to ${points(criterion.maxPoints)}`;
    case "time-left":
      return `up to ${points(criterion.maxPoints)}: all of them with ${count(criterion.fullWithinWeeks, "week")} or less left, falling to none with ${count(criterion.noneBeyondWeeks, "week")} or more left`;
  }
}

/** The most points a criterion can give. */
export function criterionMaxPoints(criterion: PriorityCriterion): number {
  switch (criterion.kind) {
    case "complexity":
      return Math.max(criterion.points.low, criterion.points.moderate, criterion.points.high);
    case "no-setting":
    case "no-other-specialist-support":
    case "first-time":
      return criterion.points;
    case "time-waited":
    case "time-left":
      return criterion.maxPoints;
  }
}

/** The visit pattern in words: frequency and length. */
export function visitPatternText(blocks: Protocol["visits"]["blocks"]): string {
  const frequencies = blocks.frequencies.map((f) => (f === "weekly" ? "once a week" : "once every 2 weeks"));
  const days =
    blocks.weekdays === undefined
      ? ""
      : ` Visits are on ${listInWords(
          blocks.weekdays.map((day) => `${day.charAt(0).toUpperCase()}${day.slice(1)}s`),
          "or",
        )}.`;
  const length =
    blocks.maxLengthWeeks === undefined || blocks.maxLengthWeeks === blocks.lengthWeeks
      ? blocks.maxLengthWeeks === undefined
        ? `A block of visits lasts ${count(blocks.lengthWeeks, "week")}`
        : `A block of visits lasts up to ${count(blocks.maxLengthWeeks, "week")}`
      : `A block of visits usually lasts ${count(blocks.lengthWeeks, "week")}, and at most ${count(blocks.maxLengthWeeks, "week")},`;
  return `Visits are ${listInWords(frequencies, "or")}, on the same day and at the same time, and last about ${count(blocks.visitMinutes, "minute")}.${days} ${length} and ends with a review.`;
}

/** What happens while a family waits, in words. */
export function monitoringText(monitoring: Protocol["visits"]["monitoring"]): string {
  return monitoring.whileWaiting
    ? `While a family waits, a home visitor keeps in touch with a visit about every ${count(monitoring.intervalWeeks, "week")}.`
    : "Families on the waiting list are not visited until a home visitor is allocated. Please tell us if anything changes while you wait.";
}

/** True when the protocol takes referrals from families themselves (it has a family route: ADR 0060). */
export function takesSelfReferrals(protocol: Protocol): boolean {
  return familyRoute(protocol) !== undefined;
}

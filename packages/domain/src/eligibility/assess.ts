// The eligibility check: the protocol's clauses applied to what is known about a child on a
// given day. Each clause is met, not met or unknown; the result says which, in words for the
// family and figures for staff, and lists what to ask when something is not yet known.
import * as v from "valibot";
import {
  addDays,
  addMonths,
  addYears,
  ageInMonths,
  dateFromParts,
  dateParts,
  type IsoDate,
  isIsoDate,
} from "../dates/date-only.js";
import { dateInWords } from "../dates/in-words.js";
import { schoolEntryCutOffDate, schoolEntryDate } from "../dates/school-entry.js";
import { valueOn } from "../protocol/parse.js";
import type { Dated, DelayRule, NeedRule, Protocol } from "../protocol/schema.js";
import {
  type EligibilityFactName,
  type EligibilityFacts,
  EligibilityFactsSchema,
  EligibilityInputError,
  eligibilityFactProblems,
} from "./facts.js";
import { supportEndDate } from "./support-end.js";
import { count, figure, fractionText, listOf } from "./wording.js";

/** How one clause came out: met, not met, or not yet known. */
export type ClauseResult = "met" | "not-met" | "unknown";

/** The overall answer: any clause not met makes a child not eligible; otherwise any unknown clause means more information is needed. */
export type EligibilityOutcome = "eligible" | "not-eligible" | "more-information-needed";

/** Which part of the eligibility rules a reason is about, whatever id the council gives the clause. */
export type EligibilityTopic =
  | "age"
  | "need"
  | "setting-hours"
  | "residence"
  | "referral-route"
  | "consent"
  | "availability";

/** One clause's result, with its reasons in words for the family and for staff. */
export interface EligibilityReason {
  /** The protocol clause applied, by its id (e.g. `age-window`). */
  readonly clauseId: string;
  readonly topic: EligibilityTopic;
  readonly result: ClauseResult;
  /** Plain, warm words for a parent or carer. */
  readonly parent: string;
  /** Precise words for staff, with the figures and dates used. */
  readonly staff: string;
}

/** A fact still needed, with the question to ask for it. */
export interface MissingFact {
  readonly fact: EligibilityFactName;
  /** The clause that needs it (the first, when several do). */
  readonly clauseId: string;
  /** The question in plain English. */
  readonly question: string;
}

/**
 * Something for a coordinator to review that does not change the outcome: Hampshire's "15 or
 * more hours in a setting may change the support offered" (`reviewFromHoursPerWeek`).
 */
export interface EligibilityFlag {
  /** The protocol clause that raises it. */
  readonly clauseId: string;
  readonly topic: EligibilityTopic;
  /** What to review: the support offered. */
  readonly kind: "review-support";
  /** Plain words for a parent or carer. */
  readonly parent: string;
  /** Precise words for staff, with the figures used. */
  readonly staff: string;
}

/** The result of {@link assessEligibility}. */
export interface EligibilityAssessment {
  readonly outcome: EligibilityOutcome;
  /** One reason per clause, in the protocol's order: age, need, setting hours, residence, referral route, consent, availability. */
  readonly reasons: readonly EligibilityReason[];
  /** Facts that would move the check on, in the order to ask them; empty once the outcome is decided. */
  readonly missing: readonly MissingFact[];
  /** Other help to suggest when the child is not eligible; empty otherwise. */
  readonly signposting: readonly string[];
  /** Points for a coordinator to review, each with its clause and reason; they never change the outcome. */
  readonly flags: readonly EligibilityFlag[];
  /** The first day the child is past the age window (from `supportEndDate`), when the date of birth is known. */
  readonly supportEnds?: IsoDate;
  /** The age end rule in words, with the child's date when it is known. */
  readonly supportEndsRule: string;
  readonly evaluatedOn: IsoDate;
  readonly protocolId: string;
}

interface ClauseEvaluation {
  readonly reason: EligibilityReason;
  readonly missing: readonly MissingFact[];
  readonly signposting: readonly string[];
}

type Tri = boolean | undefined;

// Three-valued logic: a known `false` settles an "and", a known `true` settles an "or".
function and3(values: readonly Tri[]): Tri {
  if (values.includes(false)) return false;
  return values.includes(undefined) ? undefined : true;
}
function or3(values: readonly Tri[]): Tri {
  if (values.includes(true)) return true;
  return values.includes(undefined) ? undefined : false;
}

const HEALTH_VISITOR = "Talk to your health visitor or GP about your child's development and any worries you have.";
const SENCO =
  "If your child goes to a nursery, pre-school or childminder, the setting's SENCO (special educational needs coordinator) can plan support with you.";
const NPA_DIRECTORY =
  "The National Portage Association lists Portage services across England on portage.org.uk, so you can find the service where you live.";

function localOffer(protocol: Protocol): string {
  return `The ${protocol.council.areaName} local offer lists support for children with special educational needs and disabilities (SEND) and their families.`;
}

/** Facts asked with a fixed question; whether a child is known to a panel is asked by the need clause, which knows the panel's name. */
type AskedFact = Exclude<EligibilityFactName, "knownToPanel" | "diagnosisDescription">;

function question(protocol: Protocol, fact: AskedFact): string {
  const eligibility = protocol.eligibility;
  switch (fact) {
    case "dateOfBirth":
      return "What is your child's date of birth?";
    case "diagnosis":
      return "Has your child been diagnosed with a condition or syndrome?";
    case "developmentalDelays":
      return "In which areas of development is your child behind what is expected for their age, and by about how many months?";
    case "settingHoursPerWeek":
      return "How many hours a week does your child spend at a nursery, pre-school or childminder? (0 if none)";
    case "startedSetting":
      return "Has your child moved into a nursery, pre-school or childminder place?";
    case "startedSchool":
      return "Has your child started school?";
    case "livesInArea":
      return `Do you live in ${protocol.council.areaName}?`;
    case "routeId":
      return `How is your child being referred: ${listOf(
        eligibility.routes.routes.map((r) => r.name),
        "or",
      )}?`;
    case "consentGiven":
      return "Do you agree to the referral, and to the service keeping information about your child?";
    case "availableForVisits":
      return `Can a parent or carer be at home with your child for visits of about ${protocol.visits.blocks.visitMinutes} minutes, ${listOf(protocol.visits.blocks.frequencies, "or")}, in term time?`;
  }
}

// The dated entry in force on `asOf`, found with `valueOn` so the rule for "in force" lives in one place.
function entryOn<T>(values: readonly Dated<T>[], asOf: IsoDate): Dated<T> | undefined {
  return valueOn(
    values.map((entry) => ({ from: entry.from, value: entry })),
    asOf,
  );
}

// The earliest day a child in England can start school: the 1 September after their fourth
// birthday (a child who turns four on 1 September starts the following year, with the youngest
// of the next school year's intake).
function earliestSchoolStart(dateOfBirth: IsoDate): IsoDate {
  const { year, month } = dateParts(addYears(dateOfBirth, 4));
  return dateFromParts(month < 9 ? year : year + 1, 9, 1) as IsoDate;
}

/**
 * The age end rule in words; with a date of birth, the child's own end date, in the past tense
 * once that date is on or before `asOf`.
 */
function endRuleText(protocol: Protocol, ends: IsoDate | undefined, asOf: IsoDate): string {
  const end = protocol.eligibility.age.end;
  const lastDay = ends === undefined ? undefined : dateInWords(addDays(ends, -1));
  const past = ends !== undefined && ends <= asOf;
  switch (end.rule) {
    case "funded-early-education":
      if (lastDay === undefined)
        return "Support ends when the child can have funded early education for 3-year-olds: the 1 January, 1 April or 1 September after their third birthday.";
      return past
        ? `Support ended when the child could have funded early education for 3-year-olds, from ${dateInWords(ends as IsoDate)}; the last day of support was ${lastDay}.`
        : `Support ends when the child can have funded early education for 3-year-olds, from ${dateInWords(ends as IsoDate)}; the last day of support is ${lastDay}.`;
    case "age-in-months":
      if (lastDay === undefined) return `Support ends when the child is ${end.months} months old.`;
      return past
        ? `Support ended when the child was ${end.months} months old, on ${dateInWords(ends as IsoDate)}; the last day of support was ${lastDay}.`
        : `Support ends when the child is ${end.months} months old, on ${dateInWords(ends as IsoDate)}; the last day of support is ${lastDay}.`;
    case "starts-setting-or-school":
      if (lastDay === undefined)
        return `Support ends when the child starts an early years setting or school, and at the latest at ${end.latestAgeMonths} months old.`;
      return past
        ? `Support ended when the child started an early years setting or school, or at the latest on ${dateInWords(ends as IsoDate)} (${end.latestAgeMonths} months old); the last day of support was ${lastDay} at the latest.`
        : `Support ends when the child starts an early years setting or school, and at the latest on ${dateInWords(ends as IsoDate)} (${end.latestAgeMonths} months old); the last day of support is ${lastDay} at the latest.`;
    case "school-entry":
      if (lastDay === undefined)
        return "Support ends when the child can start school: the 1 September after their fourth birthday.";
      return past
        ? `Support ended when the child could start school, on ${dateInWords(ends as IsoDate)}; the last day of support was ${lastDay}.`
        : `Support ends when the child can start school, on ${dateInWords(ends as IsoDate)}; the last day of support is ${lastDay}.`;
  }
}

function ageClause(
  facts: EligibilityFacts,
  protocol: Protocol,
  asOf: IsoDate,
  ends: IsoDate | undefined,
  ruleText: string,
): ClauseEvaluation {
  const clause = protocol.eligibility.age;
  const reason = (result: ClauseResult, parent: string, staff: string) => ({
    clauseId: clause.id,
    topic: "age" as const,
    result,
    parent,
    staff,
  });
  const missing = (...facts: AskedFact[]) =>
    facts.map((fact) => ({ fact, clauseId: clause.id, question: question(protocol, fact) }));
  const dob = facts.dateOfBirth;
  if (dob === undefined || ends === undefined) {
    return {
      reason: reason(
        "unknown",
        "We need your child's date of birth to check the age range for Portage.",
        `Date of birth not recorded. ${ruleText}`,
      ),
      missing: missing("dateOfBirth"),
      signposting: [],
    };
  }
  if (dob > asOf) {
    return {
      reason: reason(
        "not-met",
        "Portage supports children from birth, so we can look at a referral once your baby is born.",
        `Date of birth ${dateInWords(dob)} is after ${dateInWords(asOf)}: the child is not yet born.`,
      ),
      missing: [],
      signposting: [
        "Your midwife or health visitor can talk with you about support for your baby, before and after the birth.",
      ],
    };
  }
  const age = ageInMonths(dob, asOf);
  if (age < clause.minimumAgeMonths) {
    const from = addMonths(dob, clause.minimumAgeMonths);
    return {
      reason: reason(
        "not-met",
        `Portage in ${protocol.council.areaName} starts from ${clause.minimumAgeMonths} months old, so your child can be referred from ${dateInWords(from)}.`,
        `Age ${age} months on ${dateInWords(asOf)}; the minimum is ${clause.minimumAgeMonths} months, reached on ${dateInWords(from)}.`,
      ),
      missing: [],
      signposting: [`You are welcome to get in touch again from ${dateInWords(from)}.`, HEALTH_VISITOR],
    };
  }
  const lastDay = addDays(ends, -1);
  if (asOf >= ends) {
    const end = clause.end;
    const parent =
      end.rule === "funded-early-education"
        ? `Portage is for children until they can have funded early education for 3-year-olds. Your child has been able to have it since ${dateInWords(ends)}, so a nursery or pre-school place is the next step, where your child can get support too.`
        : end.rule === "age-in-months"
          ? `Portage in ${protocol.council.areaName} is for children up to ${end.months} months old, an age your child reached on ${dateInWords(ends)}.`
          : end.rule === "school-entry"
            ? `Portage in ${protocol.council.areaName} is for children before they start school, and your child has been able to start school since ${dateInWords(ends)}.`
            : `Portage in ${protocol.council.areaName} is for children before they start an early years setting or school, and your child is now old enough to have started school.`;
    return {
      reason: reason(
        "not-met",
        parent,
        `Age ${age} months on ${dateInWords(asOf)}; the last day of the age window was ${dateInWords(lastDay)}. ${ruleText}`,
      ),
      missing: [],
      signposting:
        end.rule === "funded-early-education"
          ? [SENCO, "Your local family hub or children's centre can tell you about funded early education places."]
          : [SENCO],
    };
  }
  // "At least a term / an academic year before school entry": the last day a child can be taken on.
  const cutOff = clause.schoolEntryCutOff;
  if (cutOff !== undefined) {
    const latest = schoolEntryCutOffDate(dob, cutOff);
    const before = `${count(cutOff.amount, cutOff.unit === "term" ? "term" : "academic year")} before school entry`;
    if (asOf > latest) {
      return {
        reason: reason(
          "not-met",
          `Portage in ${protocol.council.areaName} starts at least ${before}, so that there is time for visits to help. Your child can start school on ${dateInWords(schoolEntryDate(dob))}, which is too soon.`,
          `Age ${age} months on ${dateInWords(asOf)}; school entry ${dateInWords(schoolEntryDate(dob))}. The protocol takes children on only with at least ${before}: the last day for this child was ${dateInWords(latest)}.`,
        ),
        missing: [],
        signposting: [SENCO],
      };
    }
  }
  const within = `Age ${age} months on ${dateInWords(asOf)} (born ${dateInWords(dob)}), within the window from ${clause.minimumAgeMonths} months to ${dateInWords(lastDay)}.${cutOff === undefined ? "" : ` Taken on until ${dateInWords(schoolEntryCutOffDate(dob, cutOff))}, ${count(cutOff.amount, cutOff.unit === "term" ? "term" : "academic year")} before school entry on ${dateInWords(schoolEntryDate(dob))}.`}`;
  if (clause.end.rule !== "starts-setting-or-school") {
    return {
      reason: reason(
        "met",
        `Your child is within the age range for Portage, which can continue up to ${dateInWords(lastDay)}.`,
        `${within} ${ruleText}`,
      ),
      missing: [],
      signposting: [],
    };
  }
  // "Until the child starts a setting or school": no hours in a setting means no setting; a
  // child too young for school cannot have started it, so the family is not asked.
  const schoolFrom = earliestSchoolStart(dob);
  const setting: Tri = facts.startedSetting ?? (facts.settingHoursPerWeek === 0 ? false : undefined);
  const school: Tri = facts.startedSchool ?? (asOf < schoolFrom ? false : undefined);
  const settingText =
    setting === undefined
      ? "not recorded"
      : setting
        ? "yes"
        : facts.startedSetting === undefined
          ? "no (0 hours a week in a setting)"
          : "no";
  const schoolText =
    school === undefined
      ? "not recorded"
      : school
        ? "yes"
        : facts.startedSchool === undefined
          ? `no, too young (the earliest school start is ${dateInWords(schoolFrom)})`
          : "no";
  const staff = `${within} ${ruleText} Started a setting: ${settingText}. Started school: ${schoolText}.`;
  if (setting === true || school === true) {
    const where = school === true ? "school" : "a nursery, pre-school or childminder";
    return {
      reason: reason(
        "not-met",
        `Portage in ${protocol.council.areaName} supports children until they move into an early years setting or school. Your child has started at ${where}, where the staff and their SENCO can carry on supporting them.`,
        staff,
      ),
      missing: [],
      signposting: [SENCO],
    };
  }
  if (setting === undefined || school === undefined) {
    const needed: AskedFact[] = [];
    if (setting === undefined) needed.push("startedSetting");
    if (school === undefined) needed.push("startedSchool");
    return {
      reason: reason(
        "unknown",
        "We need to know whether your child has started at a nursery, pre-school, childminder or school.",
        staff,
      ),
      missing: missing(...needed),
      signposting: [],
    };
  }
  return {
    reason: reason(
      "met",
      `Your child is within the age range for Portage, which can continue until they start at a setting or school (up to ${dateInWords(lastDay)} at the latest).`,
      staff,
    ),
    missing: [],
    signposting: [],
  };
}

interface NeedPart {
  readonly value: Tri;
  readonly staff: string;
  readonly missing: readonly ("dateOfBirth" | "diagnosis" | "developmentalDelays")[];
}

function delayPart(delay: DelayRule, facts: EligibilityFacts, asOf: IsoDate): NeedPart {
  const rule =
    delay.kind === "fraction-of-age"
      ? `a delay of at least ${fractionText(delay.fraction)} of the child's age${(delay.byAge ?? []).map((band) => `, ${fractionText(band.fraction)} under ${band.underMonths} months`).join("")}`
      : `a delay of at least ${delay.underTwoMonths} months under 2 years or ${delay.twoAndOverMonths} months from 2`;
  const required = delay.requiredAreaId;
  const head = `Delay rule: ${rule} in ${delay.minAreas} or more areas${required === undefined ? "" : `, one of them ${required}`}`;
  const dob = facts.dateOfBirth;
  const delays = facts.developmentalDelays;
  if (dob === undefined || delays === undefined || dob > asOf) {
    const needed: ("dateOfBirth" | "developmentalDelays")[] = [];
    if (dob === undefined) needed.push("dateOfBirth");
    if (delays === undefined) needed.push("developmentalDelays");
    const lacking =
      dob !== undefined && dob > asOf
        ? "cannot be measured before birth"
        : `needs the ${listOf(
            needed.map((fact) => (fact === "dateOfBirth" ? "date of birth" : "delays by area")),
            "and",
          )}`;
    return { value: undefined, staff: `${head}: ${lacking}.`, missing: needed };
  }
  const age = ageInMonths(dob, asOf);
  // The first age band the child is under sets the fraction; past them all, the rule's own.
  const fraction =
    delay.kind === "fraction-of-age"
      ? ((delay.byAge ?? []).find((band) => age < band.underMonths)?.fraction ?? delay.fraction)
      : 0;
  const threshold =
    delay.kind === "fraction-of-age" ? fraction * age : age < 24 ? delay.underTwoMonths : delay.twoAndOverMonths;
  // A delay must be real (more than 0) to count: at 0 months a fraction of age is 0, and
  // "no delay" must never meet a threshold.
  const meeting = delays.filter((d) => d.delayMonths > 0 && d.delayMonths >= threshold - 1e-9);
  const thresholdText =
    delay.kind === "fraction-of-age"
      ? `${figure(threshold)} months (${fractionText(fraction)} of ${age} months)`
      : `${figure(threshold)} months (age ${age} months, ${age < 24 ? "under 2" : "2 or over"})`;
  const requiredMet = required === undefined || meeting.some((d) => d.areaId === required);
  const met = meeting.length >= delay.minAreas && requiredMet;
  const which =
    meeting.length === 0 ? "none" : meeting.map((d) => `${d.areaId} ${figure(d.delayMonths)} months`).join(", ");
  return {
    value: met,
    staff: `${head}: threshold ${thresholdText}; reached in ${count(meeting.length, "area")} of ${delays.length} assessed (${which})${requiredMet ? "" : `, not in ${required}`}, ${met ? "met" : "not met"}.`,
    missing: [],
  };
}

function needClause(facts: EligibilityFacts, protocol: Protocol, asOf: IsoDate): ClauseEvaluation {
  const clause = protocol.eligibility.need;
  const reason = (result: ClauseResult, parent: string, staff: string) => ({
    clauseId: clause.id,
    topic: "need" as const,
    result,
    parent,
    staff,
  });
  const inForce = entryOn(clause.values, asOf);
  if (inForce === undefined) return clauseNotInForce(reason, clause.values, asOf, "need rule");
  const rule: NeedRule = inForce.value;
  // The ways to qualify (diagnosis, delay), then the panel, which is required on top.
  const ways: NeedPart[] = [];
  if (rule.diagnosisQualifies) {
    const described = facts.diagnosisDescription === undefined ? "" : ` (${facts.diagnosisDescription})`;
    ways.push({
      value: facts.diagnosis,
      staff:
        facts.diagnosis === undefined
          ? "Diagnosis: not recorded."
          : facts.diagnosis
            ? `Diagnosis: yes${described}${rule.combine === "all" ? ", needed together with the delay rule" : ", which qualifies on its own"}.`
            : "Diagnosis: none.",
      missing: facts.diagnosis === undefined ? ["diagnosis"] : [],
    });
  }
  if (rule.delay !== null) ways.push(delayPart(rule.delay, facts, asOf));
  const panel = rule.panelRequired;
  const known = facts.knownToPanel;
  // With no delay thresholds published, the panel's own judgement of need stands in for them
  // (Cheshire East: children with complex needs brought to the Early Years Forum).
  const panelJudges = panel !== undefined && rule.delay === null;
  // "any": one way to qualify is enough; "all": every way is needed (a diagnosis and a delay).
  const combined = rule.combine === "all" ? and3 : or3;
  const qualifying = combined([...ways.map((w) => w.value), ...(panelJudges ? [known] : [])]);
  const canQualify = ways.length > 0 || panelJudges;
  const value = canQualify ? and3([qualifying, panel === undefined ? true : known]) : false;
  const staff = [`Rule in force from ${dateInWords(inForce.from as IsoDate)}.`, ...ways.map((w) => w.staff)];
  if (rule.combine === "all" && ways.length > 1) staff.push("The rule needs all of these together.");
  if (panel !== undefined) {
    staff.push(
      known === undefined
        ? `${panel.name}: not recorded whether the child is known to it (required).`
        : known
          ? `${panel.name}: the child is known to it${panelJudges ? ", and it judges the level of need" : ""}.`
          : `${panel.name}: the child is not known to it (required).`,
    );
  }
  if (!canQualify) staff.push("The rule gives no way to qualify: it needs a diagnosis, a delay rule or a panel.");
  const staffText = staff.join(" ");
  if (value === true) {
    return {
      reason: reason(
        "met",
        panel === undefined
          ? "Your child's needs are the kind Portage is here to help with."
          : `Your child's needs are the kind Portage is here to help with, and the ${panel.name} knows about your child.`,
        staffText,
      ),
      missing: [],
      signposting: [],
    };
  }
  if (value === false) {
    // Say it is the panel when the panel is what is lacking, not the child's development.
    const panelLacking =
      panel !== undefined && known === false && (panelJudges || combined(ways.map((w) => w.value)) !== false);
    return {
      reason: reason(
        "not-met",
        panelLacking
          ? `Portage in ${protocol.council.areaName} is for children who have been brought to the ${panel.name}. A professional who knows your child can bring them to it, with your agreement.`
          : "From what we know so far, your child's development does not need Portage at the moment. If you have worries, there is other support for you and your child.",
        staffText,
      ),
      missing: [],
      signposting: panelLacking
        ? [
            `Ask a professional who knows your child, such as your health visitor or your child's setting, about bringing your child to the ${panel.name}.`,
          ]
        : [HEALTH_VISITOR, SENCO],
    };
  }
  // Ask only for what could still settle the clause: the panel while it is not known, and
  // the ways to qualify while they are open, unless the panel's answer will settle them too.
  const needed = new Set<"dateOfBirth" | "diagnosis" | "developmentalDelays">();
  if (qualifying === undefined && !panelJudges)
    for (const way of ways) for (const fact of way.missing) needed.add(fact);
  const missing: MissingFact[] = [...needed].map((fact) => ({
    fact,
    clauseId: clause.id,
    question: question(protocol, fact),
  }));
  if (panel !== undefined && known === undefined) {
    missing.push({
      fact: "knownToPanel",
      clauseId: clause.id,
      question: `Has your child been brought to the ${panel.name}?`,
    });
  }
  return {
    reason: reason("unknown", "We need to know a little more about your child's development.", staffText),
    missing,
    signposting: [],
  };
}

function clauseNotInForce(
  reason: (result: ClauseResult, parent: string, staff: string) => EligibilityReason,
  values: readonly Dated<unknown>[],
  asOf: IsoDate,
  what: string,
): ClauseEvaluation {
  return {
    reason: reason(
      "not-met",
      "We could not check this against the service's criteria for that date. Please contact the service.",
      `No ${what} is in force on ${dateInWords(asOf)}: the protocol's first applies from ${values[0] ? dateInWords(values[0].from as IsoDate) : "a later date"}.`,
    ),
    missing: [],
    signposting: [],
  };
}

function settingHoursClause(facts: EligibilityFacts, protocol: Protocol, asOf: IsoDate): ClauseEvaluation {
  const clause = protocol.eligibility.settingHours;
  const reason = (result: ClauseResult, parent: string, staff: string) => ({
    clauseId: clause.id,
    topic: "setting-hours" as const,
    result,
    parent,
    staff,
  });
  const inForce = entryOn(clause.values, asOf);
  if (inForce === undefined) return clauseNotInForce(reason, clause.values, asOf, "setting hours limit");
  const cap = inForce.value.maxHoursPerWeek;
  const hours = facts.settingHoursPerWeek;
  if (cap === null) {
    return {
      reason: reason(
        "met",
        "Time your child spends at a nursery, pre-school or childminder does not affect this.",
        `No limit on setting hours (rule in force from ${dateInWords(inForce.from as IsoDate)})${hours === undefined ? "" : `; ${figure(hours)} hours a week recorded`}.`,
      ),
      missing: [],
      signposting: [],
    };
  }
  const limit = `the limit is ${count(cap, "hour")} a week (in force from ${dateInWords(inForce.from as IsoDate)})`;
  if (hours === undefined) {
    return {
      reason: reason(
        "unknown",
        "We need to know how many hours a week your child spends at a nursery, pre-school or childminder.",
        `Setting hours not recorded; ${limit}.`,
      ),
      missing: [
        { fact: "settingHoursPerWeek", clauseId: clause.id, question: question(protocol, "settingHoursPerWeek") },
      ],
      signposting: [],
    };
  }
  if (hours > cap) {
    return {
      reason: reason(
        "not-met",
        `Portage is for children who spend up to ${count(cap, "hour")} a week in a setting. With ${count(hours, "hour")} a week there, your child's setting is well placed to support them.`,
        `${count(hours, "hour")} a week in a setting is over the limit: ${limit}.`,
      ),
      missing: [],
      signposting: [SENCO],
    };
  }
  return {
    reason: reason(
      "met",
      hours === 0
        ? "Your child is not at a nursery, pre-school or childminder yet, which is fine for Portage."
        : `Your child's ${count(hours, "hour")} a week in a setting are within the limit of ${count(cap, "hour")}.`,
      `${count(hours, "hour")} a week in a setting; ${limit}.`,
    ),
    missing: [],
    signposting: [],
  };
}

// A flag, not a refusal: at or above the protocol's review level the support offered may change.
function settingHoursFlags(facts: EligibilityFacts, protocol: Protocol, asOf: IsoDate): EligibilityFlag[] {
  const clause = protocol.eligibility.settingHours;
  const inForce = entryOn(clause.values, asOf);
  const reviewFrom = inForce?.value.reviewFromHoursPerWeek;
  const hours = facts.settingHoursPerWeek;
  if (inForce === undefined || reviewFrom === undefined || hours === undefined || hours < reviewFrom) return [];
  return [
    {
      clauseId: clause.id,
      topic: "setting-hours",
      kind: "review-support",
      parent: `Your child spends ${count(hours, "hour")} a week in a setting. The service will talk with you about the support that suits your child best, which may be different with that many hours.`,
      staff: `${count(hours, "hour")} a week in a setting, at or over ${count(reviewFrom, "hour")} (review level in force from ${dateInWords(inForce.from as IsoDate)}): review the support offered.`,
    },
  ];
}

interface YesNoWords {
  readonly parent: string;
  readonly staff: string;
  readonly signposting: readonly string[];
}

// The words for the yes-or-no clauses, built only for the answer given.
const YES_NO_WORDS: Readonly<
  Record<"residence" | "consent" | "availability", (met: boolean, protocol: Protocol) => YesNoWords>
> = {
  residence: (met, { council: { areaName: area }, serviceName: service }) =>
    met
      ? { parent: `You live in ${area}, where ${service} works.`, staff: `Lives in ${area}.`, signposting: [] }
      : {
          parent: `${service} works with families who live in ${area}. The Portage service where you live can help instead.`,
          staff: `Does not live in ${area}: outside the service's area.`,
          signposting: [
            NPA_DIRECTORY,
            "Your own council's local offer lists support for children with SEND where you live.",
          ],
        },
  consent: (met) =>
    met
      ? { parent: "Thank you for agreeing to the referral.", staff: "Parent or carer consent given.", signposting: [] }
      : {
          parent: "Portage only starts with your agreement. You are welcome to get in touch whenever you feel ready.",
          staff: "Consent not given: the service cannot take the referral without it.",
          signposting: ["If you have questions before agreeing, the service is happy to talk them through with you."],
        },
  availability: (met, { visits: { blocks } }) =>
    met
      ? {
          parent: "Thank you: a parent or carer can be at home with your child for visits.",
          staff: "A parent or carer is available for home visits.",
          signposting: [],
        }
      : {
          parent: `Portage visits happen at home with a parent or carer, about ${blocks.visitMinutes} minutes ${listOf(blocks.frequencies, "or")} in term time. If that is hard right now, the service may be able to suggest other times or other support.`,
          staff: `No parent or carer available for home visits (${blocks.visitMinutes} minutes, ${listOf(blocks.frequencies, "or")}).`,
          signposting: ["Tell the service what would make visits possible for you: they may be able to help."],
        },
};

const YES_NO_UNKNOWN: Readonly<Record<"residence" | "consent" | "availability", (protocol: Protocol) => string>> = {
  residence: (protocol) => `We need to know whether you live in ${protocol.council.areaName}.`,
  consent: () => "We need to know that you agree to the referral.",
  availability: () => "We need to know whether a parent or carer can be at home for visits.",
};

function yesNoClause(
  topic: "residence" | "consent" | "availability",
  fact: "livesInArea" | "consentGiven" | "availableForVisits",
  facts: EligibilityFacts,
  protocol: Protocol,
): ClauseEvaluation {
  const clauseId = protocol.eligibility[topic].id;
  const value = facts[fact];
  if (value === undefined) {
    return {
      reason: {
        clauseId,
        topic,
        result: "unknown",
        parent: YES_NO_UNKNOWN[topic](protocol),
        staff: `Not recorded (${fact}).`,
      },
      missing: [{ fact, clauseId, question: question(protocol, fact) }],
      signposting: [],
    };
  }
  const words = YES_NO_WORDS[topic](value, protocol);
  return {
    reason: { clauseId, topic, result: value ? "met" : "not-met", parent: words.parent, staff: words.staff },
    missing: [],
    signposting: words.signposting,
  };
}

function routeClause(facts: EligibilityFacts, protocol: Protocol): ClauseEvaluation {
  const clause = protocol.eligibility.routes;
  const routes = clause.routes;
  const reason = (result: ClauseResult, parent: string, staff: string) => ({
    clauseId: clause.id,
    topic: "referral-route" as const,
    result,
    parent,
    staff,
  });
  const ids = routes.map((r) => r.id).join(", ");
  const names = listOf(
    routes.map((r) => r.name),
    "or",
  );
  if (facts.routeId === undefined) {
    return {
      reason: reason(
        "unknown",
        "We need to know how your child is being referred.",
        `Referral route not recorded; the routes are ${ids}.`,
      ),
      missing: [{ fact: "routeId", clauseId: clause.id, question: question(protocol, "routeId") }],
      signposting: [],
    };
  }
  const route = routes.find((r) => r.id === facts.routeId);
  if (route === undefined) {
    return {
      reason: reason(
        "not-met",
        `Referrals to ${protocol.serviceName} come through ${names}.`,
        `Route "${facts.routeId}" is not one of this protocol's routes (${ids}).`,
      ),
      missing: [],
      signposting: routes.map((r) => `${r.name}: ${r.description}`),
    };
  }
  return {
    reason: reason(
      "met",
      `Your child is being referred through ${route.name}.`,
      `Route ${route.id} (${route.name}, completed by ${route.referrer === "family" ? "the family" : "a professional"}).`,
    ),
    missing: [],
    signposting: [],
  };
}

function checkInput(facts: EligibilityFacts, asOf: IsoDate, protocol: Protocol): EligibilityFacts {
  const problems = isIsoDate(asOf) ? [] : [{ path: "asOf", message: `"${asOf}" is not a date in the form YYYY-MM-DD` }];
  const parsed = v.safeParse(EligibilityFactsSchema, facts, { abortEarly: false });
  if (!parsed.success) {
    for (const issue of parsed.issues)
      problems.push({ path: v.getDotPath(issue) ?? "(the facts)", message: issue.message });
  }
  // Delays in areas the protocol does not have, or longer than the child's age, are mistakes in the input.
  if (parsed.success) problems.push(...eligibilityFactProblems(parsed.output, { protocol, asOf }));
  if (problems.length > 0 || !parsed.success) throw new EligibilityInputError(problems);
  return parsed.output;
}

/**
 * Checks a child against a protocol's eligibility clauses as they stood on `asOf`: the age
 * window and its end rule, the level of need (the rule in force that day), the setting hours
 * limit in force that day, residence, referral route, consent and availability for visits.
 *
 * Any clause not met makes the child not eligible, with suggestions of other help; otherwise
 * any clause not yet known means more information is needed, and `missing` says what to ask;
 * otherwise the child is eligible. Every reason names the clause it applied.
 *
 * Need: a diagnosis qualifies where the rule says so, and so does a delay meeting the rule's
 * threshold (a delay of 0 never counts). Where the rule requires a panel, the child must also
 * be known to it; where it also sets no delay thresholds, the panel's judgement stands in for
 * them, so being known to the panel is enough.
 *
 * @throws EligibilityInputError listing every problem when the facts fail
 * {@link EligibilityFactsSchema}, a delay is in an area the protocol does not have or is longer
 * than the child's age ({@link eligibilityFactProblems}), or `asOf` is not a real date.
 *
 * @example
 * const result = assessEligibility({ dateOfBirth: parseIsoDate("2025-05-14"), diagnosis: true }, lancashire, parseIsoDate("2026-11-20"));
 * result.outcome; // "more-information-needed"
 * result.missing.map((m) => m.question); // "How many hours a week ...", "Do you live in Lancashire?", ...
 */
export function assessEligibility(given: EligibilityFacts, protocol: Protocol, asOf: IsoDate): EligibilityAssessment {
  // Checked and normalised (trimmed) by the same schema the API and site use.
  const facts = checkInput(given, asOf, protocol);
  const ends = facts.dateOfBirth === undefined ? undefined : supportEndDate(facts.dateOfBirth, protocol);
  const ruleText = endRuleText(protocol, ends, asOf);
  const evaluations: ClauseEvaluation[] = [
    ageClause(facts, protocol, asOf, ends, ruleText),
    needClause(facts, protocol, asOf),
    settingHoursClause(facts, protocol, asOf),
    yesNoClause("residence", "livesInArea", facts, protocol),
    routeClause(facts, protocol),
    yesNoClause("consent", "consentGiven", facts, protocol),
    yesNoClause("availability", "availableForVisits", facts, protocol),
  ];
  const reasons = evaluations.map((e) => e.reason);
  const outcome: EligibilityOutcome = reasons.some((r) => r.result === "not-met")
    ? "not-eligible"
    : reasons.some((r) => r.result === "unknown")
      ? "more-information-needed"
      : "eligible";
  const missing: MissingFact[] = [];
  const signposting: string[] = [];
  if (outcome === "more-information-needed") {
    for (const evaluation of evaluations) {
      for (const m of evaluation.missing) if (!missing.some((x) => x.fact === m.fact)) missing.push(m);
    }
  }
  if (outcome === "not-eligible") {
    for (const text of [...evaluations.flatMap((e) => e.signposting), HEALTH_VISITOR, localOffer(protocol)]) {
      if (!signposting.includes(text)) signposting.push(text);
    }
  }
  return {
    outcome,
    reasons,
    missing,
    signposting,
    flags: settingHoursFlags(facts, protocol, asOf),
    ...(ends === undefined ? {} : { supportEnds: ends }),
    supportEndsRule: ruleText,
    evaluatedOn: asOf,
    protocolId: protocol.id,
  };
}

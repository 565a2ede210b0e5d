// What is known about a child when eligibility is checked: by a parent on the public checker,
// or by staff at triage. Every fact is optional, because either may not know it yet; an
// unknown fact makes its clause "unknown" and is asked for, it never counts against a child.
import * as v from "valibot";
import { ageInMonths, type IsoDate, isIsoDate } from "../dates/date-only.js";
import { dateInWords } from "../dates/in-words.js";
import { IsoDateSchema, type Protocol } from "../protocol/schema.js";

const Hours = v.pipe(
  v.number(),
  v.finite("must be a number"),
  v.minValue(0, "must not be negative"),
  v.maxValue(168, "must be at most 168, the hours in a week"),
);

/** A developmental delay in one area: how many months behind what is expected for the child's age. */
export const DevelopmentalDelaySchema = v.strictObject({
  /** The area of development, by id (e.g. `communication-and-language`). */
  areaId: v.pipe(v.string(), v.trim(), v.nonEmpty("must name an area")),
  /** Months of delay in that area; 0 when the child is where expected. */
  delayMonths: v.pipe(
    v.number(),
    v.finite("must be a number"),
    v.minValue(0, "must not be negative"),
    v.maxValue(120, "must be at most 120 months"),
  ),
});

/**
 * The facts eligibility is decided on, as the API and site receive them. Unknown keys are
 * refused, so a misspelt fact is reported rather than silently ignored.
 */
export const EligibilityFactsSchema = v.strictObject({
  /** The child's date of birth. */
  dateOfBirth: v.optional(IsoDateSchema),
  /** The child has a diagnosed condition or syndrome. */
  diagnosis: v.optional(v.boolean()),
  /** What the diagnosis is, in the family's or clinician's words. */
  diagnosisDescription: v.optional(v.pipe(v.string(), v.trim(), v.nonEmpty("must not be empty"))),
  /** Delays by area of development; an empty list means assessed with no delay. */
  developmentalDelays: v.optional(
    v.pipe(
      v.array(DevelopmentalDelaySchema),
      v.check(
        (delays) => new Set(delays.map((d) => d.areaId)).size === delays.length,
        "must list each area of development once",
      ),
    ),
  ),
  /** The child is known to the protocol's multi-agency panel (Cheshire East's Early Years Forum). */
  knownToPanel: v.optional(v.boolean()),
  /** Hours a week in a nursery, pre-school or childminder; 0 when in no setting. */
  settingHoursPerWeek: v.optional(Hours),
  /** The child has moved into an early years setting (nursery, pre-school, childminder). */
  startedSetting: v.optional(v.boolean()),
  /** The child has started school. */
  startedSchool: v.optional(v.boolean()),
  /** The family lives in the area the service covers. */
  livesInArea: v.optional(v.boolean()),
  /** The referral route, by the id the protocol gives it (e.g. `self-referral`). */
  routeId: v.optional(v.pipe(v.string(), v.trim(), v.nonEmpty("must name a referral route"))),
  /** A parent or carer agrees to the referral. */
  consentGiven: v.optional(v.boolean()),
  /** A parent or carer can be at home with the child for visits. */
  availableForVisits: v.optional(v.boolean()),
});

/** A developmental delay in one area. */
export type DevelopmentalDelay = v.InferOutput<typeof DevelopmentalDelaySchema>;
/** What is known about a child for an eligibility check; every fact is optional. */
export type EligibilityFacts = v.InferOutput<typeof EligibilityFactsSchema>;
/** The name of one fact, as `missing` reports it. */
export type EligibilityFactName = keyof EligibilityFacts;

/** One problem with submitted facts: where (`developmentalDelays.1.delayMonths`) and what is wrong. */
export interface EligibilityFactProblem {
  readonly path: string;
  readonly message: string;
}

/** The result of {@link parseEligibilityFacts}: the facts, typed, or every problem found. */
export type EligibilityFactsParseResult =
  | { readonly success: true; readonly facts: EligibilityFacts }
  | { readonly success: false; readonly problems: readonly EligibilityFactProblem[] };

function plainMessage(issue: v.BaseIssue<unknown>): string {
  if (issue.kind === "schema" && issue.expected === "never") return "is not a fact the eligibility check uses";
  return issue.message;
}

/** What facts are checked against: the protocol's developmental areas, and the child's age on the day. */
export interface EligibilityFactsContext {
  readonly protocol: Pick<Protocol, "plans">;
  readonly asOf: IsoDate;
}

/**
 * The problems with facts that only the protocol and the day can show: a delay in an area the
 * protocol does not have, or a delay of more months than the child's age. Both are mistakes in
 * the input, never reasons about the child, so they are refused rather than counted.
 */
export function eligibilityFactProblems(
  facts: EligibilityFacts,
  context: EligibilityFactsContext,
): EligibilityFactProblem[] {
  const problems: EligibilityFactProblem[] = [];
  const areas = context.protocol.plans.areas.areas;
  const ids = areas.map((area) => area.id);
  const dob = facts.dateOfBirth;
  const age = dob !== undefined && isIsoDate(context.asOf) ? Math.max(0, ageInMonths(dob, context.asOf)) : undefined;
  (facts.developmentalDelays ?? []).forEach((delay, i) => {
    if (!ids.includes(delay.areaId)) {
      problems.push({
        path: `developmentalDelays.${i}.areaId`,
        message: `"${delay.areaId}" is not an area of development in this protocol: use one of ${ids.join(", ")}`,
      });
    }
    if (age !== undefined && delay.delayMonths > age) {
      problems.push({
        path: `developmentalDelays.${i}.delayMonths`,
        message: `must not be more than the child's age, ${age} ${age === 1 ? "month" : "months"} on ${dateInWords(context.asOf)}`,
      });
    }
  });
  return problems;
}

/**
 * Validates facts from a form or a request body. Nothing is thrown for bad input: every
 * problem comes back with its path, so a form can show them all at once. With a `context`
 * (the protocol and the day), delays are also checked against the protocol's areas and the
 * child's age ({@link eligibilityFactProblems}).
 */
export function parseEligibilityFacts(json: unknown, context?: EligibilityFactsContext): EligibilityFactsParseResult {
  const parsed = v.safeParse(EligibilityFactsSchema, json, { abortEarly: false });
  if (parsed.success) {
    const problems = context === undefined ? [] : eligibilityFactProblems(parsed.output, context);
    return problems.length === 0 ? { success: true, facts: parsed.output } : { success: false, problems };
  }
  return {
    success: false,
    problems: parsed.issues.map((issue) => ({
      path: v.getDotPath(issue) ?? "(the facts)",
      message: plainMessage(issue),
    })),
  };
}

/** Thrown by `assessEligibility` when it is given facts or a date it cannot use, with every problem listed. */
export class EligibilityInputError extends Error {
  readonly problems: readonly EligibilityFactProblem[];
  constructor(problems: readonly EligibilityFactProblem[]) {
    super(`the eligibility facts are not valid:\n${problems.map((p) => `- ${p.path}: ${p.message}`).join("\n")}`);
    this.name = "EligibilityInputError";
    this.problems = problems;
  }
}

// Which exits are due, or coming soon, for a child the service supports: so that a home visitor
// plans the transition before the last visit, not after it.
import * as v from "valibot";
import { addDays, type IsoDate } from "../dates/date-only.js";
import { dateInWords } from "../dates/in-words.js";
import { supportEndDate } from "../eligibility/support-end.js";
import { valueOn } from "../protocol/parse.js";
import { IsoDateSchema, type Protocol } from "../protocol/schema.js";

/** The facts about a child that can bring their time with the service to an end. */
export const ExitFactsSchema = v.strictObject({
  dateOfBirth: IsoDateSchema,
  /** Hours a week in an early years setting: now, or from `settingHoursFrom` when a place is agreed. */
  settingHoursPerWeek: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0, "must not be negative"))),
  /** The day `settingHoursPerWeek` applies from; left out, it applies now. */
  settingHoursFrom: v.optional(IsoDateSchema),
  /** The day the child started, or will start, at a setting or school. */
  startedSettingOn: v.optional(IsoDateSchema),
  /** Whether the family lives in the council's area today. */
  livesInArea: v.boolean(),
  /** The day the family moves, or moved, out of the area, when known. */
  movesOutOfAreaOn: v.optional(IsoDateSchema),
  /** The day a parent or carer withdrew consent to the service. */
  consentWithdrawnOn: v.optional(IsoDateSchema),
  /** The day staff flagged repeatedly missed visits under the protocol's missed-visits rule. */
  missedVisitsFlaggedOn: v.optional(IsoDateSchema),
});
/** The facts about a child that can bring their time with the service to an end. */
export type ExitFacts = v.InferOutput<typeof ExitFactsSchema>;

/** The parts of a protocol that decide exits. */
export type ExitProtocol = Pick<Protocol, "eligibility" | "exits" | "visits">;

/** An exit that is due now, or will be within the lookahead. */
export interface DueExit {
  /** The exit reason, one the protocol lists. */
  readonly reasonId: string;
  /** The day the exit applies from. */
  readonly due: IsoDate;
  /** `due` on or before `asOf`; `upcoming` within the lookahead. */
  readonly status: "due" | "upcoming";
  /** Why, in plain words for staff. */
  readonly why: string;
  /** The protocol clause applied. */
  readonly clauseId: string;
  /** Whether this exit reason calls for a transition report. */
  readonly transitionReport: boolean;
}

/** Options for {@link dueExits}. */
export interface DueExitsOptions {
  /** How many weeks ahead an exit counts as upcoming. Default 13 (a term). */
  readonly lookaheadWeeks?: number;
}

/** How far ahead {@link dueExits} looks by default: 13 weeks, about a term. */
export const DEFAULT_EXIT_LOOKAHEAD_WEEKS = 13;

type Candidate = Omit<DueExit, "status" | "transitionReport">;

function ageExit(child: ExitFacts, protocol: ExitProtocol): Candidate {
  const due = supportEndDate(child.dateOfBirth, protocol);
  const rule = protocol.eligibility.age.end;
  const why =
    rule.rule === "funded-early-education"
      ? `Born ${dateInWords(child.dateOfBirth as IsoDate)}: eligible for funded early education for 3-year-olds from ${dateInWords(due as IsoDate)}, when Portage support ends.`
      : rule.rule === "age-in-months"
        ? `Born ${dateInWords(child.dateOfBirth as IsoDate)}: reaches ${rule.months} months on ${dateInWords(due as IsoDate)}, the end of the service's age range.`
        : rule.rule === "school-entry"
          ? `Born ${dateInWords(child.dateOfBirth as IsoDate)}: can start school on ${dateInWords(due as IsoDate)}, when Portage support ends.`
          : `Born ${dateInWords(child.dateOfBirth as IsoDate)}: reaches ${rule.latestAgeMonths} months on ${dateInWords(due as IsoDate)}, the latest the service plans for before school.`;
  return { reasonId: "age-limit", due, why, clauseId: protocol.eligibility.age.id };
}

function settingHoursExit(child: ExitFacts, protocol: ExitProtocol, asOf: IsoDate): Candidate | undefined {
  const hours = child.settingHoursPerWeek;
  if (hours === undefined) return undefined;
  const from = child.settingHoursFrom ?? asOf;
  const cap = valueOn(protocol.eligibility.settingHours.values, from)?.maxHoursPerWeek;
  if (cap === undefined || cap === null || !(hours > cap)) return undefined;
  return {
    reasonId: "setting-hours",
    due: from,
    why: `${hours} hours a week in a setting from ${dateInWords(from as IsoDate)}, over the service's limit of ${cap}.`,
    clauseId: protocol.eligibility.settingHours.id,
  };
}

function startedSettingExit(child: ExitFacts, protocol: ExitProtocol): Candidate | undefined {
  // Only where support lasts "until the child starts a setting or school"; elsewhere the hours
  // in a setting decide, not the start itself.
  if (protocol.eligibility.age.end.rule !== "starts-setting-or-school" || child.startedSettingOn === undefined) {
    return undefined;
  }
  return {
    reasonId: "started-setting",
    due: child.startedSettingOn,
    why: `Starts at a setting or school on ${dateInWords(child.startedSettingOn as IsoDate)}; support lasts until then.`,
    clauseId: protocol.eligibility.age.id,
  };
}

function movedAwayExit(child: ExitFacts, protocol: ExitProtocol, asOf: IsoDate): Candidate | undefined {
  if (child.livesInArea && child.movesOutOfAreaOn === undefined) return undefined;
  const due = child.movesOutOfAreaOn ?? asOf;
  return {
    reasonId: "moved-away",
    due,
    why: `The family ${due <= asOf ? "no longer lives" : `moves out of the area on ${dateInWords(due as IsoDate)} and will no longer live`} in the area the service covers.`,
    clauseId: protocol.eligibility.residence.id,
  };
}

function withdrewExit(child: ExitFacts, protocol: ExitProtocol): Candidate | undefined {
  if (child.consentWithdrawnOn === undefined) return undefined;
  return {
    reasonId: "family-withdrew",
    due: child.consentWithdrawnOn,
    why: `A parent or carer withdrew consent to the service on ${dateInWords(child.consentWithdrawnOn as IsoDate)}.`,
    clauseId: protocol.eligibility.consent.id,
  };
}

function missedVisitsExit(child: ExitFacts, protocol: ExitProtocol): Candidate | undefined {
  if (child.missedVisitsFlaggedOn === undefined) return undefined;
  const rule = protocol.visits.missedVisits;
  return {
    reasonId: "missed-visits",
    due: child.missedVisitsFlaggedOn,
    why: `Flagged on ${dateInWords(child.missedVisitsFlaggedOn as IsoDate)} for ${rule.consecutiveLimit} or more visits missed in a row. ${rule.action}`,
    clauseId: rule.id,
  };
}

/**
 * The exits that are due for a child on `asOf`, or will be within the lookahead (13 weeks unless
 * `options.lookaheadWeeks` says otherwise), earliest first. Only exit reasons the protocol lists
 * are reported: a council that does not end support for setting hours never sees that exit.
 * Each exit says why, cites the protocol clause, and says whether a transition report is needed.
 *
 * @example dueExits({ dateOfBirth: parseIsoDate("2023-05-14"), livesInArea: true }, lancashire, parseIsoDate("2026-07-01"))
 * // [{ reasonId: "age-limit", due: "2026-09-01", status: "upcoming", ... }]
 */
export function dueExits(
  child: ExitFacts,
  protocol: ExitProtocol,
  asOf: IsoDate,
  options: DueExitsOptions = {},
): DueExit[] {
  const weeks = options.lookaheadWeeks;
  // A lookahead that is not a count of weeks falls back to the default rather than hiding exits.
  const lookahead =
    weeks !== undefined && Number.isFinite(weeks) && weeks >= 0 ? Math.floor(weeks) : DEFAULT_EXIT_LOOKAHEAD_WEEKS;
  const horizon = addDays(asOf, lookahead * 7);
  const candidates = [
    ageExit(child, protocol),
    settingHoursExit(child, protocol, asOf),
    startedSettingExit(child, protocol),
    movedAwayExit(child, protocol, asOf),
    withdrewExit(child, protocol),
    missedVisitsExit(child, protocol),
  ];
  const reasons = protocol.exits.reasons;
  const exits: DueExit[] = [];
  for (const candidate of candidates) {
    const reason = reasons.find((r) => r.id === candidate?.reasonId);
    if (candidate === undefined || reason === undefined || candidate.due > horizon) continue;
    exits.push({
      ...candidate,
      status: candidate.due <= asOf ? "due" : "upcoming",
      transitionReport: reason.transitionReport,
    });
  }
  const order = (id: string) => reasons.findIndex((r) => r.id === id);
  return exits.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : order(a.reasonId) - order(b.reasonId)));
}

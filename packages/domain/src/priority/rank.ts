// The waiting list in priority order: each referral scored once, then sorted by a total order
// whose tie-breaks are published, so the same list always comes out the same way.
import { compareDates, type IsoDate, isIsoDate } from "../dates/date-only.js";
import { dateInWords } from "../dates/in-words.js";
import { figure, round2 } from "../eligibility/wording.js";
import type { PriorityCriterion, Protocol } from "../protocol/schema.js";
import { checkWaitingList, type WaitingListEntry, WaitingListError } from "./entry.js";
import { type PriorityPoints, type PriorityScore, priorityScorer } from "./score.js";

/** The rules that order the waiting list, in the order they are applied. */
export type RankingRuleId = "more-points" | "ages-out-sooner" | "accepted-earlier" | "referred-earlier" | "id";

/** A rule of the order, in words a council can publish. */
export interface RankingRule {
  readonly id: RankingRuleId;
  readonly text: string;
}

/** The first rule: more priority points first. */
export const POINTS_RULE: RankingRule = {
  id: "more-points",
  text: "Children with more priority points are offered a home visitor first.",
};

/**
 * What decides between children with equal points, in order. The last compares referral ids
 * character by character (not by locale), so the order never depends on the order the list
 * was stored in, and two different lists of the same referrals rank identically.
 */
export const TIE_BREAKS: readonly RankingRule[] = [
  {
    id: "ages-out-sooner",
    text: "When points are equal, the child who would reach the end of the age range sooner comes first.",
  },
  { id: "accepted-earlier", text: "Then the child accepted onto the waiting list earlier comes first." },
  { id: "referred-earlier", text: "Then the child whose referral was received earlier comes first." },
  {
    id: "id",
    text: "If everything else is equal, the order follows the referral's record number, compared character by character, so it never depends on how the list was stored.",
  },
];

interface Scored {
  readonly entry: WaitingListEntry;
  readonly score: PriorityScore;
}

const COMPARE: Readonly<Record<RankingRuleId, (a: Scored, b: Scored) => number>> = {
  "more-points": (a, b) => b.score.total - a.score.total,
  "ages-out-sooner": (a, b) => compareDates(a.score.agesOutOn, b.score.agesOutOn),
  "accepted-earlier": (a, b) => compareDates(a.entry.acceptedOn, b.entry.acceptedOn),
  "referred-earlier": (a, b) => compareDates(a.entry.referredOn, b.entry.referredOn),
  id: (a, b) => (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0),
};
const ORDER: readonly RankingRuleId[] = [POINTS_RULE.id, ...TIE_BREAKS.map((rule) => rule.id)];

/** The rule that separates two scored referrals (`id` when nothing else does), and which way. */
export function decide(a: Scored, b: Scored): { rule: RankingRuleId; sign: number } {
  for (const rule of ORDER) {
    const sign = Math.sign(COMPARE[rule](a, b));
    if (sign !== 0) return { rule, sign };
  }
  return { rule: "id", sign: 0 };
}

/**
 * Orders two scored referrals by the same rules as {@link decide}, written out for speed (a
 * 100,000-entry list takes about 1.7 million comparisons): the end date and the acceptance
 * date are compared through the day counts already in the score (fewer days left is an
 * earlier end date; more days waited is an earlier acceptance). A property test holds the two
 * to the same answers. Negative when `a` comes first; a total order when ids are unique.
 */
export function compareScored(a: Scored, b: Scored): number {
  return (
    b.score.total - a.score.total ||
    a.score.daysLeft - b.score.daysLeft ||
    b.score.daysWaited - a.score.daysWaited ||
    (a.entry.referredOn < b.entry.referredOn ? -1 : a.entry.referredOn > b.entry.referredOn ? 1 : 0) ||
    (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0)
  );
}

/** One place on the ranked waiting list. */
export interface RankedEntry {
  /** 1 for the first child to be offered a home visitor. */
  readonly position: number;
  readonly entry: WaitingListEntry;
  readonly score: PriorityScore;
}

/** The waiting list in priority order on a given day. */
export interface WaitingListRanking {
  readonly asOf: IsoDate;
  readonly protocolId: string;
  /** In order: `entries[i].position === i + 1`. */
  readonly entries: readonly RankedEntry[];
}

/**
 * Ranks the waiting list on `asOf`: each referral is scored once with `scorePriority`'s rules,
 * then sorted by {@link POINTS_RULE} and the {@link TIE_BREAKS}: higher total first; then the
 * earlier `agesOutOn`; then the earlier `acceptedOn`; then the earlier `referredOn`; then the
 * id compared character by character. The order is total, so it never depends on the order of
 * `entries`, and adding a referral can move others down by one place but never up.
 *
 * @throws WaitingListError listing every problem when an id is used twice, an entry's dates
 * are impossible, or `asOf` is not a real date (see `checkWaitingList`).
 */
export function rankWaitingList(
  entries: readonly WaitingListEntry[],
  protocol: Protocol,
  asOf: IsoDate,
): WaitingListRanking {
  if (!isIsoDate(asOf))
    throw new WaitingListError([{ id: "asOf", message: `"${asOf}" is not a date in the form YYYY-MM-DD` }]);
  const problems = checkWaitingList(entries, asOf);
  if (problems.length > 0) throw new WaitingListError(problems);
  const score = priorityScorer(protocol, asOf);
  const scored: Scored[] = entries.map((entry) => ({ entry, score: score(entry) }));
  scored.sort(compareScored);
  return {
    asOf,
    protocolId: protocol.id,
    entries: scored.map(({ entry, score }, i) => ({ position: i + 1, entry, score })),
  };
}

/** How one criterion's points differ between two referrals. */
export interface PointsDifference {
  readonly criterionId: string;
  readonly kind: PriorityCriterion["kind"];
  readonly abovePoints: number;
  readonly belowPoints: number;
  /** `abovePoints - belowPoints`: negative where the lower child has more. */
  readonly difference: number;
}

/** Why one referral is above another on the ranked list. */
export interface PositionExplanation {
  readonly aboveId: string;
  readonly belowId: string;
  readonly abovePosition: number;
  readonly belowPosition: number;
  /** The rule that decided: more points, or the tie-break that settled equal points. */
  readonly decidedBy: RankingRuleId;
  /** How many more points the higher referral has (0 when a tie-break decided). */
  readonly pointsDifference: number;
  /** The criteria where the two differ, in the protocol's order. */
  readonly differences: readonly PointsDifference[];
  /** The answer in plain words. */
  readonly text: string;
}

const CRITERION_WORDS: Readonly<Record<PriorityCriterion["kind"], string>> = {
  complexity: "complexity of needs",
  "no-setting": "not in a setting",
  "no-other-specialist-support": "no other specialist support",
  "first-time": "first time with Portage",
  "time-waited": "time waited",
  "time-left": "time left before leaving the service",
};

function signed(value: number): string {
  return value > 0 ? `+${figure(value)}` : figure(value);
}

function tieBreakText(rule: RankingRuleId, above: RankedEntry, below: RankedEntry): string {
  const [a, b] = [above.entry, below.entry];
  switch (rule) {
    case "ages-out-sooner":
      return `${a.id} would reach the end of the age range sooner (${dateInWords(above.score.agesOutOn)}, against ${dateInWords(below.score.agesOutOn)} for ${b.id}).`;
    case "accepted-earlier":
      return `Both would reach the end of the age range on the same day, and ${a.id} was accepted onto the waiting list earlier (${dateInWords(a.acceptedOn)}, against ${dateInWords(b.acceptedOn)}).`;
    case "referred-earlier":
      return `Both would reach the end of the age range and were accepted on the same days, and ${a.id}'s referral was received earlier (${dateInWords(a.referredOn)}, against ${dateInWords(b.referredOn)}).`;
    default:
      return `Everything else is equal, so the order falls to the referrals' record numbers, and ${a.id}'s comes first.`;
  }
}

/**
 * Answers "why is this child above that one?" for two referrals on a ranked list: which
 * criteria differ and by how many points, or, with equal points, which tie-break decided.
 * The answer follows the list, so when `higherId` is in fact below `lowerId` it explains why
 * `lowerId` is above.
 *
 * @throws WaitingListError when either id is not on the list, or both are the same.
 */
export function explainPosition(ranking: WaitingListRanking, higherId: string, lowerId: string): PositionExplanation {
  const first = ranking.entries.find((r) => r.entry.id === higherId);
  const second = ranking.entries.find((r) => r.entry.id === lowerId);
  const problems = [
    ...(first === undefined ? [{ id: higherId, message: "is not on this waiting list" }] : []),
    ...(second === undefined ? [{ id: lowerId, message: "is not on this waiting list" }] : []),
    ...(higherId === lowerId ? [{ id: higherId, message: "cannot be compared with itself" }] : []),
  ];
  if (first === undefined || second === undefined || problems.length > 0) throw new WaitingListError(problems);
  const [above, below] = first.position < second.position ? [first, second] : [second, first];
  const { rule } = decide(above, below);
  const differences: PointsDifference[] = [];
  above.score.breakdown.forEach((line, i) => {
    // Both were scored by the same protocol, so their breakdowns list the same criteria in order.
    const belowPoints = (below.score.breakdown[i] as PriorityPoints).points;
    if (line.points !== belowPoints) {
      differences.push({
        criterionId: line.criterionId,
        kind: line.kind,
        abovePoints: line.points,
        belowPoints,
        difference: round2(line.points - belowPoints),
      });
    }
  });
  const pointsDifference = round2(above.score.total - below.score.total);
  const [a, b] = [above.entry.id, below.entry.id];
  const where = `${a} is at position ${above.position} and ${b} at position ${below.position}.`;
  const detail = differences.map(
    (d) =>
      `${CRITERION_WORDS[d.kind]}: ${figure(d.abovePoints)} against ${figure(d.belowPoints)} (${signed(d.difference)})`,
  );
  const text =
    rule === "more-points"
      ? `${where} ${a} has ${figure(above.score.total)} points and ${b} has ${figure(below.score.total)}: ${figure(pointsDifference)} more for ${a}. Where their points differ: ${detail.join("; ")}.`
      : `${where} Both have ${figure(above.score.total)} points${
          differences.length > 0 ? ` (made up differently: ${detail.join("; ")})` : ""
        }, so a tie-break decided. ${tieBreakText(rule, above, below)}`;
  return {
    aboveId: a,
    belowId: b,
    abovePosition: above.position,
    belowPosition: below.position,
    decidedBy: rule,
    pointsDifference,
    differences,
    text,
  };
}

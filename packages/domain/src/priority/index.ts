export {
  type Complexity,
  ComplexitySchema,
  checkWaitingList,
  entryProblems,
  type WaitingListEntry,
  WaitingListEntrySchema,
  WaitingListError,
  type WaitingListProblem,
} from "./entry.js";
export {
  explainPosition,
  POINTS_RULE,
  type PointsDifference,
  type PositionExplanation,
  type RankedEntry,
  type RankingRule,
  type RankingRuleId,
  rankWaitingList,
  TIE_BREAKS,
  type WaitingListRanking,
} from "./rank.js";
export { type PriorityPoints, type PriorityScore, scorePriority } from "./score.js";

export {
  type ActivityRecord,
  ActivityRecordSchema,
  type DoneRecord,
  DoneRecordSchema,
  type NotPractisedRecord,
  NotPractisedRecordSchema,
  parseActivityRecord,
  type RecordedBy,
  RecordedBySchema,
  type RecordProblem,
  type TriesRecord,
  TriesRecordSchema,
} from "./activity-record.js";
export { checkPracticeDay, type PracticeDayEntry, type PracticeDayWindow } from "./practice-day.js";
export {
  compareProgress,
  criterionInWords,
  type IgnoredRecord,
  meetsCriterion,
  PROGRESS_STATUSES,
  type ProgressStatus,
  type TargetProgress,
  targetProgress,
} from "./progress.js";

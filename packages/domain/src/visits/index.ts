export { type MissedVisitCheck, missedVisitFlag } from "./missed.js";
export { type MonitoringDate, type MonitoringVisitsDue, monitoringVisitsDue } from "./monitoring.js";
export { planVisits, type SkippedVisit, type SkipReason, type VisitPattern, type VisitSchedule } from "./schedule.js";
export {
  describeTermDay,
  nextTermDay,
  previousTermDay,
  type TermDates,
  type TermDay,
  termDay,
  withClosures,
} from "./term-time.js";
export { VISIT_STATUSES, type Visit, VisitSchema, type VisitStatus, VisitStatusSchema } from "./visit.js";

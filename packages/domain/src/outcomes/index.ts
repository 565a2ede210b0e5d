export * from "./exit-counts.js";
export { type DaysSummary, type ExcludedRecord, summariseDays } from "./figures.js";
export * from "./target-outcomes.js";
export * from "./visit-outcomes.js";
export * from "./waiting-times.js";

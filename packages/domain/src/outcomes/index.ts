export * from "./exit-counts.js";
export { type DaysSummary, type ExcludedRecord, summariseDays } from "./figures.js";
export * from "./targets-achieved.js";
export * from "./visits-held.js";
export * from "./waiting-times.js";

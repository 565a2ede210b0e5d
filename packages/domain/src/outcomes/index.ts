export * from "./exit-counts.js";
export { type DaysSummary, type ExcludedRecord, percentOf, summariseDays } from "./figures.js";
export * from "./months.js";
export * from "./percentiles.js";
export * from "./small-numbers.js";
export * from "./targets-achieved.js";
export * from "./visits-held.js";
export * from "./waiting-list-size.js";
export * from "./waiting-times.js";

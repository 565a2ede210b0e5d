export * from "./due-exits.js";
export * from "./transition-report.js";

export * from "./records.js";
export * from "./sharing-decision.js";

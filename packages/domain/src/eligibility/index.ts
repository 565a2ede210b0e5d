export * from "./assess.js";
export * from "./facts.js";
export * from "./support-end.js";

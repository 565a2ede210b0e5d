export * from "./assess.js";
export * from "./cases.js";
export * from "./facts.js";
export * from "./support-end.js";

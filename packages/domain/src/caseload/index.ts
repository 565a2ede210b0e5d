export * from "./caseload-limit.js";

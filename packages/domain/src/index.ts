/**
 * @openportage/domain: the rules of a council Portage service as code. Pure functions over
 * plain data: no I/O and no clock (every rule that depends on "today" takes an `asOf` date).
 */

export * from "./caseload/index.js";
export * from "./consent/index.js";
export * from "./dates/index.js";
export * from "./duplicates/index.js";
export * from "./eligibility/index.js";
export * from "./exits/index.js";
export * from "./outcomes/index.js";
export * from "./plan/index.js";
export * from "./priority/index.js";
export * from "./profile/index.js";
export * from "./progress/index.js";
export * from "./protocol/index.js";
export * from "./retention/index.js";
export * from "./review/index.js";
export * from "./text/index.js";
export * from "./visits/index.js";

/**
 * @openportage/domain: the rules of a council Portage service as code. Pure functions over
 * plain data: no I/O and no clock (every rule that depends on "today" takes an `asOf` date).
 */
export * from "./dates/index.js";
export * from "./eligibility/index.js";
export * from "./protocol/index.js";

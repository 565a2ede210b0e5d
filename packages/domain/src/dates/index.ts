export * from "./date-only.js";
export * from "./funded-early-education.js";
export * from "./in-words.js";
export * from "./school-entry.js";

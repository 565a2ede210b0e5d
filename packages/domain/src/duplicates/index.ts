export * from "./possible-duplicates.js";

export * from "./support-end.js";

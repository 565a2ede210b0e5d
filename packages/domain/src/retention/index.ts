export * from "./destroy-after.js";

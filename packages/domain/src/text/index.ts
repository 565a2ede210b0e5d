export * from "./unsafe-characters.js";

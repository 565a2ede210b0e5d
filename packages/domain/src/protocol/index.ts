export * from "./exit-reasons.js";
export { type JsonTextError, parseJsonText } from "./json-text.js";
export * from "./parse.js";
export { cheshireEast, cheshireEastInput } from "./presets/cheshire-east.js";
export { lancashire, lancashireInput } from "./presets/lancashire.js";
export { familyRoute, professionalRoutes } from "./routes.js";
export * from "./schema.js";

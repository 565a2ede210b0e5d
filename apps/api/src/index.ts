/**
 * @openportage/api: the Open Portage API as a library, for the server, tests and the typed client.
 * `AppType` types `hc` from `hono/client`: `hc<AppType>("https://portage.example.gov.uk/api")`.
 */
export { type Config, loadConfig } from "./config.js";
export { openDatabase } from "./db/client.js";
export { migrateDatabase } from "./db/migrate.js";
export { type AppType, createApp } from "./lib/create-app.js";
export type * from "./routes/allocations/contract.js";
export type * from "./routes/cases/bodies.js";
export type * from "./routes/cases/views.js";
export type * from "./routes/consent/contract.js";
export type * from "./routes/exits/contract.js";
export type * from "./routes/family/contract.js";
export type * from "./routes/family-access/contract.js";
export type * from "./routes/family-auth/contract.js";
export type * from "./routes/family-demo-mail/contract.js";
export type * from "./routes/family-messages/contract.js";
export type * from "./routes/monitoring/contract.js";
export type * from "./routes/notifications/contract.js";
export type * from "./routes/professionals/contract.js";
export type * from "./routes/report-sends/contract.js";
export type * from "./routes/reports/contract.js";
export type * from "./routes/reviews/contract.js";

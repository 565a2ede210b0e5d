// Filled in by issue 10's work: see docs/adr/0041-the-case-after-allocation.md.
import { Hono } from "hono";
import type { AppEnv } from "../../lib/types.js";

export const reviewRoutes = new Hono<AppEnv>();

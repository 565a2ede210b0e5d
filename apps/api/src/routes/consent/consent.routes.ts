// Filled in by issue 11's work (consent and information sharing).
import { Hono } from "hono";
import type { AppEnv } from "../../lib/types.js";

export const consentRoutes = new Hono<AppEnv>();

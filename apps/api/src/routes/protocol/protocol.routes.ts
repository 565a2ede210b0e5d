// GET /api/protocol: the council's published protocol, the same data the rules run on.
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import type { AppEnv } from "../../lib/types.js";

export const protocolRoutes = new Hono<AppEnv>().get(
  "/protocol",
  describeRoute({
    tags: ["Service"],
    summary: "The council's Portage protocol",
    description: "Eligibility, priority, visits, sharing and exits, each clause with its description and reference.",
    responses: { 200: { description: "The protocol (see @openportage/domain's Protocol type)" } },
  }),
  (c) => {
    c.header("Cache-Control", "public, max-age=300");
    return c.json(c.get("deps").protocol);
  },
);

// POST /api/eligibility-check: the eligibility checker without JavaScript. The site's checker
// page is a plain form posted here; the answers go through the same code as the browser's island
// (@openportage/referral-form's checker, then `assessEligibility` from @openportage/domain, on the
// protocol this server runs) and the answer is a page in the site's frame: the result with its
// reasons, or the questions again with the problems. Nothing is stored or logged.
import { presentationFor } from "@openportage/council";
import { assessEligibility, familyRoute } from "@openportage/domain";
import { checkAnswers, checkerAnswersFrom, toFacts } from "@openportage/referral-form";
import { Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import { bodyLimit } from "../../lib/body-limit.js";
import { englandDate } from "../../lib/clock.js";
import { mediaType } from "../../lib/http.js";
import { ProblemError } from "../../lib/problem.js";
import { templateFor } from "../../lib/site.js";
import type { AppEnv } from "../../lib/types.js";
import { ProblemSchema } from "../openapi-schemas.js";
import { checkerErrorPage, checkerResultPage } from "./html.js";

/** The checker's answers are a few short fields (well under 1 KB). */
export const ELIGIBILITY_CHECK_BODY_LIMIT = 8 * 1024;

const html = { "text/html": { schema: { type: "string" as const } } };

export const eligibilityCheckRoutes = new Hono<AppEnv>().post(
  "/eligibility-check",
  describeRoute({
    tags: ["Eligibility"],
    summary: "Check likely eligibility (public, no JavaScript)",
    description:
      "The public site's eligibility checker as a plain HTML form post (`application/x-www-form-urlencoded`): `dateOfBirth-day`, `-month`, `-year`, `diagnosis`, `delayKnown`, `delayAreas` (repeated), `delayMonths-<area id>`, `knownToPanel`, `attendsSetting`, `settingHours`, `livesInArea`, `availableForVisits` (each yes, no or not-sure). Answered with an HTML page; nothing is stored. With JavaScript the site runs the same rules in the browser.",
    requestBody: {
      required: true,
      content: { "application/x-www-form-urlencoded": { schema: { type: "object" } } },
    },
    responses: {
      200: { description: "The result page: the likely outcome with each reason", content: html },
      413: {
        description: "The form is too large",
        content: { "application/problem+json": { schema: resolver(ProblemSchema) } },
      },
      415: {
        description: "Not a form post",
        content: { "application/problem+json": { schema: resolver(ProblemSchema) } },
      },
      422: { description: "The answers have problems: the questions again, with an error summary", content: html },
    },
  }),
  bodyLimit({
    maxSize: ELIGIBILITY_CHECK_BODY_LIMIT,
    onError: () => {
      throw new ProblemError(
        "body-too-large",
        413,
        `The checker's answers are limited to ${ELIGIBILITY_CHECK_BODY_LIMIT / 1024} KB`,
      );
    },
  }),
  async (c) => {
    if (mediaType(c) !== "application/x-www-form-urlencoded") {
      throw new ProblemError(
        "unsupported-media-type",
        415,
        "Send the checker's answers as a form post (application/x-www-form-urlencoded)",
      );
    }
    const { protocol, clock } = c.get("deps");
    const template = templateFor(c.get("site"), "/check-eligibility");
    const today = englandDate(clock.now());
    const answers = checkerAnswersFrom(new URLSearchParams(await c.req.text()), protocol);
    c.header("Cache-Control", "no-store");
    const errors = checkAnswers(answers, today);
    if (errors.length > 0) return c.html(checkerErrorPage(protocol, today, answers, errors, template), 422);
    const result = assessEligibility(toFacts(answers, protocol), protocol, today);
    const referHref = familyRoute(protocol) ? "/refer" : null;
    return c.html(checkerResultPage(protocol, presentationFor(protocol), result, referHref, template), 200);
  },
);

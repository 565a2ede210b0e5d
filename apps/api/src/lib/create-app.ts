// Builds the Hono app from its dependencies (database, configuration, protocol, clock, notifier,
// logger), so the server and each test file build the same app, tests on a temp database.
import { EligibilityInputError } from "@openportage/domain";
import { toJsonSchema } from "@valibot/to-json-schema";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { type ContentSecurityPolicyOptionHandler, NONCE, secureHeaders } from "hono/secure-headers";
import { generateSpecs } from "hono-openapi";
import { unavailableReason } from "../db/client.js";
import { accountRoutes } from "../routes/account/account.routes.js";
import { activityChartRoutes } from "../routes/activity-chart/activity-chart.routes.js";
import { allocationRoutes } from "../routes/allocations/allocations.routes.js";
import { auditRoutes } from "../routes/audit/audit.routes.js";
import { authRoutes } from "../routes/auth/auth.routes.js";
import { passwordResetRoutes } from "../routes/auth/password-reset.routes.js";
import { caseRoutes } from "../routes/cases/cases.routes.js";
import { consentRoutes } from "../routes/consent/consent.routes.js";
import { diaryRoutes } from "../routes/diary/diary.routes.js";
import { docsRoutes } from "../routes/docs/docs.routes.js";
import { eligibilityCheckRoutes } from "../routes/eligibility-check/eligibility-check.routes.js";
import { exitRoutes } from "../routes/exits/exits.routes.js";
import { familyRoutes } from "../routes/family/family.routes.js";
import { familyAccessRoutes } from "../routes/family-access/family-access.routes.js";
import { familyAuthRoutes } from "../routes/family-auth/family-auth.routes.js";
import { familyDemoMailRoutes } from "../routes/family-demo-mail/family-demo-mail.routes.js";
import { familyMessageRoutes } from "../routes/family-messages/family-messages.routes.js";
import { healthRoutes } from "../routes/health/health.routes.js";
import { IMPORT_BODY_LIMIT, importRoutes } from "../routes/imports/imports.routes.js";
import { monitoringRoutes } from "../routes/monitoring/monitoring.routes.js";
import { notificationRoutes } from "../routes/notifications/notifications.routes.js";
import { completeDocument, type OpenApiDocument } from "../routes/openapi-content.js";
import { ProblemSchema } from "../routes/openapi-schemas.js";
import { planRoutes } from "../routes/plans/plans.routes.js";
import { practiceRoutes } from "../routes/practice/practice.routes.js";
import { professionalRoutes } from "../routes/professionals/professionals.routes.js";
import { profileRoutes } from "../routes/profiles/profiles.routes.js";
import { protocolRoutes } from "../routes/protocol/protocol.routes.js";
import { publicReferralRoutes } from "../routes/referrals/public.routes.js";
import { staffReferralRoutes } from "../routes/referrals/staff.routes.js";
import { reportSendRoutes } from "../routes/report-sends/report-sends.routes.js";
import { reportRoutes } from "../routes/reports/reports.routes.js";
import { reviewRoutes } from "../routes/reviews/reviews.routes.js";
import { secondFactorRoutes } from "../routes/second-factor/second-factor.routes.js";
import { userRoutes } from "../routes/users/users.routes.js";
import { visitRoutes } from "../routes/visits/visits.routes.js";
import { waitingListRoutes } from "../routes/waiting-list/waiting-list.routes.js";
import { auditTrail } from "./audit.js";
import { bodyLimit } from "./body-limit.js";
import { describeError } from "./errors.js";
import { loadFamilySession } from "./family-session.js";
import {
  PROBLEM_TYPES,
  ProblemError,
  type ProblemType,
  problemTypeUri,
  sendDatabaseUnavailable,
  sendProblem,
  validationProblem,
} from "./problem.js";
import { appLimits } from "./rate-limit.js";
import { callerAddress, sameOriginForUnsafe } from "./security.js";
import { loadSession } from "./session.js";
import { type Site, siteHandler } from "./site.js";
import type { AppEnv, Deps } from "./types.js";

/** Bodies on staff routes are small JSON documents. */
export const STAFF_BODY_LIMIT = 16 * 1024;

const statusTypes: Partial<Record<number, ProblemType>> = {
  400: "malformed-body",
  401: "not-signed-in",
  403: "forbidden",
  404: "not-found",
  405: "method-not-allowed",
  413: "body-too-large",
  415: "unsupported-media-type",
  429: "rate-limited",
};

/** The routes, chained so the RPC client (`hc<AppType>`) knows every one. */
function routes() {
  return new Hono<AppEnv>()
    .route("/", healthRoutes)
    .route("/", protocolRoutes)
    .route("/", publicReferralRoutes)
    .route("/", eligibilityCheckRoutes)
    .route("/", authRoutes)
    .route("/", passwordResetRoutes)
    .route("/", secondFactorRoutes)
    .route("/", accountRoutes)
    .route("/", userRoutes)
    .route("/", staffReferralRoutes)
    .route("/", waitingListRoutes)
    .route("/", allocationRoutes)
    .route("/", auditRoutes)
    .route("/", caseRoutes)
    .route("/", profileRoutes)
    .route("/", planRoutes)
    .route("/", visitRoutes)
    .route("/", practiceRoutes)
    .route("/", activityChartRoutes)
    .route("/", diaryRoutes)
    .route("/", reviewRoutes)
    .route("/", exitRoutes)
    .route("/", monitoringRoutes)
    .route("/", consentRoutes)
    .route("/", professionalRoutes)
    .route("/", reportSendRoutes)
    .route("/", notificationRoutes)
    .route("/", reportRoutes)
    .route("/", importRoutes)
    .route("/", familyAccessRoutes)
    .route("/", familyAuthRoutes)
    .route("/", familyRoutes)
    .route("/", familyMessageRoutes)
    .route("/", docsRoutes);
}

/** Whether a path is one of the family app's API routes. */
export function isFamilyPath(path: string): boolean {
  return path === "/api/family" || path.startsWith("/api/family/");
}

/** What else the app serves besides the API. */
export interface AppOptions {
  /** The built public site, served at `/` with its own per-page CSP (see lib/site.ts). */
  readonly site?: Site | undefined;
}

/** Builds the app. */
export function createApp(deps: Deps, options: AppOptions = {}) {
  const limits = appLimits(deps.db, {
    limit: deps.config.REFERRAL_RATE_LIMIT,
    windowSeconds: deps.config.REFERRAL_RATE_WINDOW_SECONDS,
  });
  const api = routes();
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    c.set("deps", deps);
    c.set("limits", limits);
    c.set("site", options.site);
    await next();
  });
  // The public site's files answer before the API's headers: its pages carry their own CSP.
  if (options.site) app.use(siteHandler(options.site));
  // The API's headers. The reference page (/api/docs) alone may apply the styles its own script
  // injects, by the same per-request nonce as its scripts: never 'unsafe-inline' (routes/docs).
  // Nothing else the API answers has inline code, so nothing else carries (or pays to make) a
  // nonce: its answers allow scripts from files of its own origin only.
  const headersFor = (extra: (string | ContentSecurityPolicyOptionHandler)[]) =>
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...extra],
        styleSrc: ["'self'", ...extra],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      strictTransportSecurity: "max-age=31536000; includeSubDomains",
      referrerPolicy: "no-referrer",
      xFrameOptions: "DENY",
      crossOriginResourcePolicy: "same-origin",
      permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
    });
  const apiHeaders = headersFor([]);
  const docsHeaders = headersFor([NONCE]);
  app.use((c, next) => (c.req.path === "/api/docs" ? docsHeaders(c, next) : apiHeaders(c, next)));
  app.use(callerAddress);
  app.use("/api/*", auditTrail);
  // Staff routes read only the staff cookie, family routes (`/api/family/...`) only the family
  // cookie: a session of one kind never reaches the other's routes (ADR 0044).
  app.use("/api/*", (c, next) => (isFamilyPath(c.req.path) ? loadFamilySession(c, next) : loadSession(c, next)));
  // Staff routes: small bodies, and state changes only from the service's own pages.
  const limitOf = (limit: number) =>
    bodyLimit({
      maxSize: limit,
      onError: () => {
        throw new ProblemError("body-too-large", 413, `Request bodies are limited to ${limit / 1024} KB`);
      },
    });
  const staffLimit = limitOf(STAFF_BODY_LIMIT);
  const importLimit = limitOf(IMPORT_BODY_LIMIT);
  app.use("/api/*", async (c, next) => {
    // The public form posts (a referral; the eligibility checker, which changes nothing) have
    // their own body limits and come from the public site, which may be on another origin.
    if (c.req.path === "/api/referrals" || c.req.path === "/api/eligibility-check") return next();
    // The caseload import carries a council's CSV files: its own, larger limit.
    return (c.req.path === "/api/imports" ? importLimit : staffLimit)(c, async () => {
      // Whether a reset link can be used: read-only and without a cookie, asked when the emailed
      // link is opened (a navigation from outside, so with no same-origin header to pass on).
      if (c.req.path === "/api/auth/password-reset/check") return next();
      await sameOriginForUnsafe(c, next);
    });
  });

  // Demo only: the family emails the outbox holds (no email leaves the demo). Not registered in
  // production mode, and before the API so no family route's pattern can answer for it.
  if (deps.config.OPENPORTAGE_MODE === "demo") app.route("/api", familyDemoMailRoutes);
  app.route("/api", api);
  // The document: generated from the routes, then every refusal the edge can give each operation
  // added where the route has not described it (routes/openapi-content.ts). Built once.
  let document: Promise<OpenApiDocument> | undefined;
  app.get("/api/openapi.json", async (c) => {
    document ??= generateSpecs(api, {
      // Keep routes whose last segment has a dot (`/diary.ics`): they are API operations, not files.
      excludeStaticFile: false,
      documentation: {
        openapi: "3.1.0",
        info: {
          title: "Open Portage API",
          version: "0.1.0",
          description:
            "Referral intake, staff sign-in, triage, the waiting list, allocation, casework (the child's case, developmental profiles, the play plan, visits, practice records, the diary) and the audit trail of a council Portage service. Errors are RFC 9457 problem documents. See docs/api.md.",
        },
        servers: [{ url: "/api" }],
        components: {
          securitySchemes: {
            session: { type: "apiKey", in: "cookie", name: "__Host-openportage-session" },
            familySession: { type: "apiKey", in: "cookie", name: "__Host-openportage-family" },
          },
        },
      },
    }).then((generated) => completeDocument(generated as unknown as OpenApiDocument, toJsonSchema(ProblemSchema)));
    return c.json(await document);
  });

  app.notFound((c) => sendProblem(c, new ProblemError("not-found", 404, "There is nothing here").problem));
  app.onError((error, c) => {
    if (error instanceof ProblemError) return sendProblem(c, error.problem, error.headers);
    if (error instanceof HTTPException) {
      const type = statusTypes[error.status] ?? "server-error";
      return sendProblem(c, {
        type: problemTypeUri(type),
        title: PROBLEM_TYPES[type],
        status: error.status,
        detail: error.status === 400 ? "The request could not be read" : PROBLEM_TYPES[type],
      });
    }
    // Facts the domain's rules cannot use (a staff correction, say): the fields, never the values.
    if (error instanceof EligibilityInputError) {
      return sendProblem(
        c,
        validationProblem(
          error.problems.map((p) => ({ field: p.path, message: "is not something the eligibility rules can use" })),
          "The facts given cannot be used by the eligibility rules",
        ).problem,
      );
    }
    // A libSQL server out of reach (ADR 0054): 503 with a time to try again, not a fault of ours.
    const unavailable = unavailableReason(error);
    if (unavailable !== undefined) {
      deps.logger.error("database unavailable", { reason: unavailable, route: c.req.routePath, method: c.req.method });
      return sendDatabaseUnavailable(c);
    }
    deps.logger.error("unhandled error", { ...describeError(error), route: c.req.routePath, method: c.req.method });
    return sendProblem(c, new ProblemError("server-error", 500, "Something went wrong. Try again later.").problem);
  });
  return app;
}

/** The API's routes, for the typed client: `hc<AppType>("https://.../api")`. */
export type AppType = ReturnType<typeof routes>;

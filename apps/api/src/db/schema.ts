// The database schema. Tables follow the service's lifecycle: a child and their family, the
// referral that brought them, the decision on it, the allocation to a home visitor; staff and
// their sessions; the audit trail and the notification outbox. Casework hangs off `children`: the
// case's own notes, developmental profiles, the play plan (one document per plan, every version
// kept), visits and the family's practice records (docs/adr/0040-the-case-model.md).
//
// Times are UTC ISO 8601 strings (`2026-11-22T17:40:00.000Z`); calendar dates are `YYYY-MM-DD`.
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Staff who sign in. */
export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    /** Lower-cased; unique. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ["home-visitor", "coordinator", "administrator"] }).notNull(),
    passwordHash: text("password_hash").notNull(),
    /** A demo account, created by `seed-demo`: the server refuses to start in production while one exists. */
    demo: integer("demo", { mode: "boolean" }).notNull().default(false),
    /** Set when an administrator chose the password: the next sign-in asks for a new one first. */
    mustChangePassword: integer("must_change_password", { mode: "boolean" }).notNull().default(false),
    createdAt: text("created_at").notNull(),
    disabledAt: text("disabled_at"),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

/** Server-side sessions. The cookie holds a random token; only its SHA-256 is stored. */
export const sessions = sqliteTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
    lastSeenAt: text("last_seen_at").notNull(),
    /** The absolute end: sign-in time plus the absolute timeout. */
    expiresAt: text("expires_at").notNull(),
    endedAt: text("ended_at"),
    /**
     * A sign-in not finished yet (docs/adr/0046-staff-second-factor.md): the step it waits for
     * (`second-factor`, `new-password` or `enrol`), and no staff route lets it in. Null once signed in.
     */
    pendingStep: text("pending_step", { enum: ["second-factor", "new-password", "enrol"] }),
    /** The browser and system, coarsely (`Firefox on Windows`), for "Your sessions". */
    device: text("device"),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

// Staff second factors (docs/adr/0046-staff-second-factor.md): an authenticator app (TOTP), passkeys
// and recovery codes, in tables of their own, never mixed with the family app's.

/** A member of staff's authenticator app (TOTP, RFC 6238: SHA-1, 6 digits, 30 seconds). One per account. */
export const staffTotp = sqliteTable("staff_totp", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id),
  /** The shared secret, base32: given to the app once at enrolment, never returned after. */
  secret: text("secret").notNull(),
  /** Null while enrolment waits for a first code. */
  confirmedAt: text("confirmed_at"),
  /** The last 30-second step a code was accepted for: a code is never accepted twice (no replay). */
  lastUsedStep: integer("last_used_step"),
  createdAt: text("created_at").notNull(),
});

/** A member of staff's passkey (WebAuthn credential). */
export const staffPasskeys = sqliteTable(
  "staff_passkeys",
  {
    /** The credential id, base64url. */
    credentialId: text("credential_id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    /** The COSE public key, base64url. */
    publicKey: text("public_key").notNull(),
    counter: integer("counter").notNull().default(0),
    transports: text("transports", { mode: "json" }),
    deviceType: text("device_type"),
    backedUp: integer("backed_up", { mode: "boolean" }).notNull().default(false),
    createdAt: text("created_at").notNull(),
    lastUsedAt: text("last_used_at"),
  },
  (t) => [index("staff_passkeys_user").on(t.userId)],
);

/** A staff WebAuthn challenge handed out and not yet answered (single use, short-lived, one account's). */
export const staffChallenges = sqliteTable("staff_challenges", {
  id: text("id").primaryKey(),
  purpose: text("purpose", { enum: ["register", "authenticate"] }).notNull(),
  challenge: text("challenge").notNull(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id),
  expiresAt: text("expires_at").notNull(),
  usedAt: text("used_at"),
});

/** One-time recovery codes: 10 at a time, shown once, only a salted SHA-256 stored, each used once. */
export const staffRecoveryCodes = sqliteTable(
  "staff_recovery_codes",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    codeHash: text("code_hash").notNull(),
    createdAt: text("created_at").notNull(),
    usedAt: text("used_at"),
  },
  (t) => [index("staff_recovery_codes_user").on(t.userId)],
);

/** A forgotten-password link: only its token's SHA-256 stored, single use, 30 minutes. */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    usedAt: text("used_at"),
  },
  (t) => [index("password_resets_user").on(t.userId)],
);

/**
 * Rate limits and sign-in throttles, kept in the database so that they hold across processes
 * and restarts: one fixed window per key. The key is the limit's name and a SHA-256 of what it
 * counts (an address, an email), never the address or email itself.
 */
export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").primaryKey(),
  /** When the current window began, in milliseconds since 1970. */
  windowStart: integer("window_start").notNull(),
  hits: integer("hits").notNull(),
});

/**
 * A counter for each list the API keeps ranked in memory, raised by triggers (migration 0013) on
 * every change that could move the list: `waiting-list` by any insert, update or delete of a
 * waiting referral and any change to a child. A process reads one row to know whether its ranking
 * is still fresh, whatever the list's length and whichever process made the change.
 */
export const listVersions = sqliteTable("list_versions", {
  name: text("name").primaryKey(),
  version: integer("version").notNull(),
});

/** A child known to the service. Personal data: read and changed only through audited routes. */
export const children = sqliteTable("children", {
  id: text("id").primaryKey(),
  firstName: text("first_name").notNull(),
  lastName: text("last_name").notNull(),
  dateOfBirth: text("date_of_birth").notNull(),
  sex: text("sex").notNull(),
  homeLanguages: text("home_languages").notNull(),
  interpreterNeeded: integer("interpreter_needed", { mode: "boolean" }).notNull(),
  addressLine1: text("address_line1").notNull(),
  addressLine2: text("address_line2"),
  addressTown: text("address_town").notNull(),
  postcode: text("postcode").notNull(),
  /** Date of birth plus the protocol's retention period: the record is destroyed after it. */
  destroyAfter: text("destroy_after").notNull(),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
});

/** A parent or carer of a child. */
export const carers = sqliteTable(
  "carers",
  {
    id: text("id").primaryKey(),
    childId: text("child_id")
      .notNull()
      .references(() => children.id),
    name: text("name").notNull(),
    relationship: text("relationship").notNull(),
    phone: text("phone"),
    email: text("email"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("carers_child").on(t.childId)],
);

/** Referral statuses: triage moves a referral from `received` on. */
export const REFERRAL_STATUSES = [
  "received",
  "more-information",
  "not-eligible",
  "waiting",
  "allocated",
  "closed",
] as const;

/** A referral: how a child came to the service, the answers given, and where triage has got to. */
export const referrals = sqliteTable(
  "referrals",
  {
    id: text("id").primaryKey(),
    /** The short reference the family is given (no I, O, 0 or 1). */
    reference: text("reference").notNull(),
    childId: text("child_id")
      .notNull()
      .references(() => children.id),
    /** The protocol's referral route id (`self-referral`, `early-help`, ...). */
    route: text("route").notNull(),
    /** `public-form` for a family's own referral; `staff` when entered by a member of staff. */
    source: text("source", { enum: ["public-form", "staff"] }).notNull(),
    enteredBy: text("entered_by").references(() => users.id),
    receivedAt: text("received_at").notNull(),
    /** The answers given, as JSON (the referral form's fields, or the staff form's). */
    answers: text("answers", { mode: "json" }).notNull(),
    /** Idempotency: the client's key, or `answers:<sha256>` when none was sent. */
    idempotencyKey: text("idempotency_key"),
    /** SHA-256 of the canonical answers, to tell a true retry from a reused key. */
    fingerprint: text("fingerprint").notNull(),
    status: text("status", { enum: REFERRAL_STATUSES }).notNull().default("received"),
    /** Facts staff add at triage (delays by area, known to the panel, ...), merged over the answers' facts. */
    triageFacts: text("triage_facts", { mode: "json" }),
    /** The domain's eligibility assessment, as JSON, and when it was made. */
    eligibility: text("eligibility", { mode: "json" }),
    eligibilityOutcome: text("eligibility_outcome"),
    assessedAt: text("assessed_at"),
    /** Triage facts the priority rules use. */
    complexity: text("complexity", { enum: ["low", "moderate", "high"] }),
    hadPortageBefore: integer("had_portage_before", { mode: "boolean" }),
    otherSpecialistSupport: integer("other_specialist_support", { mode: "boolean" }),
    /** The date the child joined the waiting list (`YYYY-MM-DD`). */
    acceptedOn: text("accepted_on"),
    updatedAt: text("updated_at").notNull(),
    /** The answers' `attendsSetting` is `yes` (a priority fact), kept beside the JSON for the waiting list. */
    inSetting: integer("in_setting", { mode: "boolean" }),
  },
  (t) => [
    uniqueIndex("referrals_reference_unique").on(t.reference),
    uniqueIndex("referrals_idempotency_unique").on(t.idempotencyKey),
    // Covers the waiting list's query and its version check (count and latest change by status),
    // so neither reads the referral rows with their large JSON columns.
    index("referrals_waiting").on(
      t.status,
      t.updatedAt,
      t.id,
      t.childId,
      t.reference,
      t.receivedAt,
      t.acceptedOn,
      t.complexity,
      t.hadPortageBefore,
      t.otherSpecialistSupport,
      t.inSetting,
    ),
    index("referrals_child").on(t.childId),
  ],
);

/** Every triage decision, newest last: who decided what, when, and the signposting given. */
export const decisions = sqliteTable(
  "decisions",
  {
    id: text("id").primaryKey(),
    referralId: text("referral_id")
      .notNull()
      .references(() => referrals.id),
    outcome: text("outcome", { enum: ["accepted", "not-eligible", "more-information"] }).notNull(),
    note: text("note"),
    signposting: text("signposting"),
    decidedBy: text("decided_by")
      .notNull()
      .references(() => users.id),
    decidedAt: text("decided_at").notNull(),
  },
  (t) => [index("decisions_referral").on(t.referralId)],
);

/** A child allocated to a home visitor. The current allocation has no `endedAt`. */
export const allocations = sqliteTable(
  "allocations",
  {
    id: text("id").primaryKey(),
    referralId: text("referral_id")
      .notNull()
      .references(() => referrals.id),
    childId: text("child_id")
      .notNull()
      .references(() => children.id),
    homeVisitorId: text("home_visitor_id")
      .notNull()
      .references(() => users.id),
    allocatedBy: text("allocated_by")
      .notNull()
      .references(() => users.id),
    allocatedAt: text("allocated_at").notNull(),
    endedAt: text("ended_at"),
    /** Why the allocation ended: another home visitor took the child on, back to the waiting list, or the child left. */
    endReason: text("end_reason", { enum: ["reallocated", "returned-to-waiting-list", "exited"] }),
    /** What the home visitor before passed on (a re-allocation's handover note). */
    handoverNote: text("handover_note"),
    /** Why the coordinator allocated beyond the home visitor's caseload limit, when they did. */
    overCaseloadReason: text("over_caseload_reason"),
  },
  (t) => [
    index("allocations_visitor").on(t.homeVisitorId),
    index("allocations_child").on(t.childId),
    // One current allocation per referral: two visitors must never both hold the same child.
    uniqueIndex("allocations_one_active").on(t.referralId).where(sql`ended_at is null`),
  ],
);

/** What staff keep about an allocated child's case beyond the referral: home-visit safety notes. */
export const cases = sqliteTable("cases", {
  childId: text("child_id")
    .primaryKey()
    .references(() => children.id),
  /** Pets, hazards, parking, who else is at home: read before every visit (lone-worker safety). */
  homeVisitNotes: text("home_visit_notes"),
  /** Set by the missed-visit rule (the domain's `missedVisitFlag`) when it flags the family; cleared by a held visit. */
  missedVisitsFlaggedOn: text("missed_visits_flagged_on"),
  /** Optimistic concurrency: a change names the version it was made from. */
  version: integer("version").notNull().default(1),
  updatedAt: text("updated_at").notNull(),
  updatedBy: text("updated_by").references(() => users.id),
});

/** A dated developmental profile: what the child can do in each area, on the protocol's scale. */
export const developmentalProfiles = sqliteTable(
  "developmental_profiles",
  {
    id: text("id").primaryKey(),
    childId: text("child_id")
      .notNull()
      .references(() => children.id),
    recordedOn: text("recorded_on").notNull(),
    /** The domain's `ProfileEntry[]`, as JSON. */
    entries: text("entries", { mode: "json" }).notNull(),
    recordedBy: text("recorded_by")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("profiles_child").on(t.childId, t.recordedOn)],
);

/** Plan statuses, as the domain names them. */
export const PLAN_STATUSES = ["draft", "agreed", "active", "in-review", "completed"] as const;

/**
 * A child's play plan: the domain's `PlayPlan` document (long-term goals, blocks, targets with
 * teaching steps), checked by the domain on every write. `version` goes up by one with each
 * change, and every version is kept in `play_plan_revisions`.
 */
export const playPlans = sqliteTable(
  "play_plans",
  {
    id: text("id").primaryKey(),
    childId: text("child_id")
      .notNull()
      .references(() => children.id),
    status: text("status", { enum: PLAN_STATUSES }).notNull(),
    document: text("document", { mode: "json" }).notNull(),
    version: integer("version").notNull().default(1),
    createdAt: text("created_at").notNull(),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    updatedAt: text("updated_at").notNull(),
    updatedBy: text("updated_by")
      .notNull()
      .references(() => users.id),
  },
  (t) => [
    index("plans_child").on(t.childId),
    // One plan in progress per child: a new plan starts only once the last one is completed.
    uniqueIndex("plans_one_open").on(t.childId).where(sql`status <> 'completed'`),
  ],
);

/** Every version of every plan, never changed: who changed what, when, and the plan as it then was. */
export const playPlanRevisions = sqliteTable(
  "play_plan_revisions",
  {
    id: text("id").primaryKey(),
    planId: text("plan_id")
      .notNull()
      .references(() => playPlans.id),
    version: integer("version").notNull(),
    /** A short code for the change (`goal-added`, `target-changed`, `plan-agreed`, ...). */
    change: text("change").notNull(),
    document: text("document", { mode: "json" }).notNull(),
    changedBy: text("changed_by")
      .notNull()
      .references(() => users.id),
    changedAt: text("changed_at").notNull(),
  },
  (t) => [uniqueIndex("plan_revisions_version").on(t.planId, t.version)],
);

/** Visit statuses, as the domain names them. */
export const VISIT_STATUSES = ["planned", "held", "missed", "cancelled-by-service", "cancelled-by-family"] as const;

/** A visit of a block: planned from the block's rhythm, rearranged, then recorded as held or missed. */
export const visits = sqliteTable(
  "visits",
  {
    id: text("id").primaryKey(),
    childId: text("child_id")
      .notNull()
      .references(() => children.id),
    planId: text("plan_id")
      .notNull()
      .references(() => playPlans.id),
    blockId: text("block_id").notNull(),
    /** The date the block's rhythm gave it; `date` differs once the visit is rearranged. */
    plannedDate: text("planned_date").notNull(),
    date: text("date").notNull(),
    time: text("time").notNull(),
    status: text("status", { enum: VISIT_STATUSES }).notNull().default("planned"),
    /** A visit at home, or a transition visit (a joint visit at the child's next setting, say). */
    kind: text("kind", { enum: ["home", "transition"] })
      .notNull()
      .default("home"),
    /** Where a visit away from home happens ("Little Acorns Nursery"). */
    place: text("place"),
    /** The three elements of a held Portage visit, in the visitor's words. */
    familyFocus: text("family_focus"),
    structuredTeaching: text("structured_teaching"),
    childLedPlay: text("child_led_play"),
    /** Target ids worked on at the visit, as JSON. */
    targetsWorkedOn: text("targets_worked_on", { mode: "json" }),
    practiseNext: text("practise_next"),
    durationMinutes: integer("duration_minutes"),
    note: text("note"),
    recordedBy: text("recorded_by").references(() => users.id),
    recordedAt: text("recorded_at"),
    version: integer("version").notNull().default(1),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    // Generating a block's visits twice never plans a date twice.
    uniqueIndex("visits_block_date").on(t.blockId, t.plannedDate),
    index("visits_child_date").on(t.childId, t.date),
    // The plan screens count each block's visits.
    index("visits_plan").on(t.planId, t.blockId),
    // The reports: visits dated in a period (covering), and each child's first visit held.
    index("visits_by_date").on(t.date, t.childId, t.status, t.blockId),
    index("visits_held").on(t.childId, t.date).where(sql`status = 'held'`),
  ],
);

/** The family's daily practice of one target, from their activity chart: one record a target a day. */
export const practiceRecords = sqliteTable(
  "practice_records",
  {
    id: text("id").primaryKey(),
    childId: text("child_id")
      .notNull()
      .references(() => children.id),
    planId: text("plan_id")
      .notNull()
      .references(() => playPlans.id),
    targetId: text("target_id").notNull(),
    date: text("date").notNull(),
    /** `family` (from the family's chart) or `visitor` (practised at a visit). */
    recordedBy: text("recorded_by", { enum: ["family", "visitor"] }).notNull(),
    /** Tries and successes; both null on a day not practised. */
    tries: integer("tries"),
    successes: integer("successes"),
    practised: integer("practised", { mode: "boolean" }).notNull().default(true),
    note: text("note"),
    /** The member of staff who entered (or last changed) it; null when the family entered it themselves. */
    enteredBy: text("entered_by").references(() => users.id),
    /** The family member who entered (or last changed) it in the family app; null when staff did. */
    enteredByFamily: text("entered_by_family").references(() => familyAccounts.id),
    version: integer("version").notNull().default(1),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("practice_target_date").on(t.targetId, t.date),
    index("practice_child_date").on(t.childId, t.date),
    // Progress reads every record of a plan.
    index("practice_plan").on(t.planId),
  ],
);

/** A block's review: what the records show (the domain's `reviewBlock`), the family's words, and the decision. */
export const blockReviews = sqliteTable(
  "block_reviews",
  {
    id: text("id").primaryKey(),
    childId: text("child_id")
      .notNull()
      .references(() => children.id),
    planId: text("plan_id")
      .notNull()
      .references(() => playPlans.id),
    blockId: text("block_id").notNull(),
    reviewedOn: text("reviewed_on").notNull(),
    /** What the family and child celebrate, in their words. */
    celebrations: text("celebrations").notNull(),
    /** The focus for the next block, as agreed. */
    nextFocus: text("next_focus").notNull(),
    /** What the review decided, from the protocol's choices. */
    decision: text("decision", { enum: ["next-block", "waiting-list", "exit"] }).notNull(),
    /** The domain's `BlockReview` on the day, as JSON: the figures and report as the family saw them. */
    summary: text("summary", { mode: "json" }).notNull(),
    /** The developmental profile recorded for the review, compared with the first. */
    profileId: text("profile_id").references(() => developmentalProfiles.id),
    recordedBy: text("recorded_by")
      .notNull()
      .references(() => users.id),
    version: integer("version").notNull().default(1),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("block_reviews_block").on(t.blockId), index("block_reviews_child").on(t.childId)],
);

/** A long-term goal's review (about every six months, with the coordinator). */
export const goalReviews = sqliteTable(
  "goal_reviews",
  {
    id: text("id").primaryKey(),
    childId: text("child_id")
      .notNull()
      .references(() => children.id),
    planId: text("plan_id")
      .notNull()
      .references(() => playPlans.id),
    goalId: text("goal_id").notNull(),
    reviewedOn: text("reviewed_on").notNull(),
    outcome: text("outcome", { enum: ["achieved", "continued", "changed", "stopped"] }).notNull(),
    note: text("note"),
    /** The coordinator the goal was reviewed with. */
    coordinatorId: text("coordinator_id").references(() => users.id),
    recordedBy: text("recorded_by")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("goal_reviews_child").on(t.childId, t.goalId)],
);

/** The plan for a child's move to a setting or school: where, when, who is involved. */
export const transitionPlans = sqliteTable("transition_plans", {
  childId: text("child_id")
    .primaryKey()
    .references(() => children.id),
  settingName: text("setting_name").notNull(),
  /** `nursery`, `pre-school`, `childminder`, `school`, `special-school`, `other`. */
  settingType: text("setting_type").notNull(),
  startDate: text("start_date").notNull(),
  /** Who is involved (the setting's SENCO, the health visitor, ...), in words. */
  peopleInvolved: text("people_involved"),
  notes: text("notes"),
  version: integer("version").notNull().default(1),
  updatedAt: text("updated_at").notNull(),
  updatedBy: text("updated_by")
    .notNull()
    .references(() => users.id),
});

/** A child leaving the service: the reason (the protocol's), the day, where to, and the transition report. */
export const exits = sqliteTable(
  "exits",
  {
    id: text("id").primaryKey(),
    childId: text("child_id")
      .notNull()
      .references(() => children.id),
    referralId: text("referral_id")
      .notNull()
      .references(() => referrals.id),
    /** One of the protocol's exit reasons (`exits.reasons[].id`). */
    reasonId: text("reason_id").notNull(),
    exitedOn: text("exited_on").notNull(),
    /** The setting or school the child goes on to, when there is one. */
    destination: text("destination"),
    note: text("note"),
    /** The transition report (the domain's `TransitionReport`), as JSON; null when none was made. */
    transitionReport: text("transition_report", { mode: "json" }),
    recordedBy: text("recorded_by")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
    /** Set when a coordinator reopens the case. */
    reopenedAt: text("reopened_at"),
    reopenedBy: text("reopened_by").references(() => users.id),
    reopenReason: text("reopen_reason"),
  },
  (t) => [index("exits_child").on(t.childId)],
);

/** A monitoring visit to a family on the waiting list, where the protocol makes them. */
export const monitoringVisits = sqliteTable(
  "monitoring_visits",
  {
    id: text("id").primaryKey(),
    childId: text("child_id")
      .notNull()
      .references(() => children.id),
    referralId: text("referral_id")
      .notNull()
      .references(() => referrals.id),
    date: text("date").notNull(),
    time: text("time"),
    status: text("status", { enum: ["held", "missed", "cancelled-by-family", "cancelled-by-service"] }).notNull(),
    note: text("note"),
    recordedBy: text("recorded_by")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("monitoring_child").on(t.childId, t.date)],
);

/**
 * Consent records: consent to the service, and consent to share with named recipients (the
 * domain's `ConsentRecord`), each with who gave it, when, how, and the day it was withdrawn.
 */
export const consents = sqliteTable(
  "consents",
  {
    id: text("id").primaryKey(),
    childId: text("child_id")
      .notNull()
      .references(() => children.id),
    kind: text("kind", { enum: ["service", "sharing"] }).notNull(),
    givenByName: text("given_by_name").notNull(),
    givenByRelationship: text("given_by_relationship").notNull(),
    givenOn: text("given_on").notNull(),
    recordedAs: text("recorded_as", { enum: ["written", "verbal"] }).notNull(),
    /** Verbal consent has no signature: the member of staff who heard it, by name. */
    heardBy: text("heard_by"),
    /** What consent to the service covers, in words (home visits, keeping records, ...). */
    covers: text("covers"),
    /** For consent to share: the protocol's recipient ids and, when limited, the purposes (JSON arrays). */
    recipientIds: text("recipient_ids", { mode: "json" }),
    purposes: text("purposes", { mode: "json" }),
    withdrawnOn: text("withdrawn_on"),
    recordedBy: text("recorded_by")
      .notNull()
      .references(() => users.id),
    version: integer("version").notNull().default(1),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("consents_child").on(t.childId, t.kind)],
);

/** The professionals involved with a child (health visitor, paediatrician, SENCO, ...). */
export const professionals = sqliteTable(
  "professionals",
  {
    id: text("id").primaryKey(),
    childId: text("child_id")
      .notNull()
      .references(() => children.id),
    /** A role id from the referral form's list of professionals (`health-visitor`, ...) or `other`. */
    role: text("role").notNull(),
    name: text("name"),
    organisation: text("organisation"),
    /** A secure way to reach them (a secure email address, a phone number). */
    contact: text("contact"),
    /** `referral` when the referral's answers named them; `staff` when staff added them. */
    source: text("source", { enum: ["referral", "staff"] }).notNull(),
    version: integer("version").notNull().default(1),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    updatedBy: text("updated_by").references(() => users.id),
  },
  (t) => [index("professionals_child").on(t.childId)],
);

/** Every time information about a child leaves the service: what, to whom, why, on what basis, when, how, by whom. */
export const disclosures = sqliteTable(
  "disclosures",
  {
    id: text("id").primaryKey(),
    childId: text("child_id")
      .notNull()
      .references(() => children.id),
    /** The protocol's recipient id (`health-visitor`, `family-wellbeing-service`, ...). */
    recipientId: text("recipient_id").notNull(),
    professionalId: text("professional_id").references(() => professionals.id),
    /** `report`, `summary`, `conversation`, `notification`, ... */
    what: text("what").notNull(),
    description: text("description"),
    purpose: text("purpose").notNull(),
    basis: text("basis", { enum: ["consent", "safeguarding", "legal-duty"] }).notNull(),
    consentId: text("consent_id").references(() => consents.id),
    /** For an exception: the lawful basis in words, the reason, and the coordinator who decided (JSON). */
    exception: text("exception", { mode: "json" }),
    channel: text("channel").notNull(),
    /** For a disclosure sent by email through the outbox: the address it went to. */
    emailAddress: text("email_address"),
    /** The sending form's idempotency key: the same send submitted twice is stored once. */
    idempotencyKey: text("idempotency_key"),
    /** Set when an email send was stopped before it left (consent withdrawn): nothing was disclosed. */
    cancelledAt: text("cancelled_at"),
    disclosedOn: text("disclosed_on").notNull(),
    disclosedBy: text("disclosed_by")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    index("disclosures_child").on(t.childId, t.disclosedOn),
    uniqueIndex("disclosures_idempotency_unique").on(t.idempotencyKey),
    // A routine notice (the protocol's `informedRoutinely` recipients) is sent once per child
    // (again only when the one before was stopped before it left).
    uniqueIndex("disclosures_routine_notice")
      .on(t.childId, t.recipientId)
      .where(sql`what = 'routine-notice' and cancelled_at is null`),
  ],
);

/** A home visitor's calendar subscription: a random token in the feed's address, stored hashed. */
export const calendarFeeds = sqliteTable(
  "calendar_feeds",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
  },
  (t) => [index("calendar_feeds_user").on(t.userId)],
);

/**
 * An audit event's columns: who, what record, which action, when, from where; never the personal
 * data itself. A function, so that each of the trail's tables below has columns of its own.
 */
const auditColumns = () => ({
  id: integer("id").primaryKey({ autoIncrement: true }),
  at: text("at").notNull(),
  /** The member of staff, or null for the public and for unknown accounts. */
  actorId: text("actor_id"),
  actorRole: text("actor_role"),
  /** `read`, `create`, `change`, `decide`, `allocate`, `sign-in`, `sign-in-failed`, `sign-out`, `denied`, ... */
  action: text("action").notNull(),
  /** `child`, `referral`, `user`, `session`, `waiting-list`, `audit`, ... */
  recordType: text("record_type"),
  recordId: text("record_id"),
  /** `success` or `denied` or `failure`. */
  outcome: text("outcome").notNull(),
  /** The request's method and route pattern (never a query string or body). */
  request: text("request"),
  address: text("address"),
  /** A short reason code (`wrong-role`, `not-allocated`, `bad-password`, ...): never personal data. */
  reason: text("reason"),
});

/**
 * The audit trail (ADR 0064): in the database a view, `audit_archive` and `audit_inbox` together,
 * ordered by one sequence of ids; read it here. An insert here goes to the inbox (the view's
 * trigger, migration 0015). Declared as a table so that drizzle can write to it; drizzle-kit's
 * snapshot of it is never used to make SQL (migration 0015 is written by hand).
 */
export const auditEvents = sqliteTable("audit_events", auditColumns());

/**
 * Where every audit event is first committed: no index but its ids, so a commit writes the one or
 * two pages its rows fill and not a page for each record read (the archive's `audit_record` index
 * has a place for every child). Append-only: an event leaves it only once it is in the archive,
 * whole and with the same id (triggers, migration 0015).
 */
export const auditInbox = sqliteTable("audit_inbox", auditColumns());

/**
 * The audit trail's events moved from the inbox in batches (lib/audit.ts, `moveAuditEvents`),
 * indexed for the searches of the trail, with their ids. Append-only: triggers refuse UPDATE and
 * DELETE.
 */
export const auditArchive = sqliteTable("audit_archive", auditColumns(), (t) => [
  index("audit_at").on(t.at),
  index("audit_record").on(t.recordType, t.recordId),
  index("audit_actor").on(t.actorId),
]);

/** Notifications to send, written in the same transaction as the change that causes them. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    /** `parent-confirmation`, `team-alert`, `report` (a report sent as a document) or `routine-notice`. */
    kind: text("kind").notNull(),
    emailAddress: text("email_address").notNull(),
    /** Template personalisation, as JSON. */
    personalisation: text("personalisation", { mode: "json" }).notNull(),
    /** The referral it is about (its id), for tracing. */
    referralId: text("referral_id").references(() => referrals.id),
    /** The child it is about, when it carries information about a case. */
    childId: text("child_id").references(() => children.id),
    /** The disclosure it delivers: checked against the family's consent again just before sending. */
    disclosureId: text("disclosure_id").references(() => disclosures.id),
    /** A document sent through Notify's document sending (base64) and its file name. */
    document: text("document"),
    documentName: text("document_name"),
    /**
     * `pending` (due at `nextAttemptAt`), `sending` (claimed by a worker at `claimedAt`: after the
     * lease, Notify is asked whether it arrived before it is sent again), `sent`, `failed` (gave up),
     * `cancelled` (consent withdrawn before it left), `set-aside` (failed, and a member of staff
     * decided it is not to be sent: the audit trail says who and when; docs/adr/0055).
     * A text column without a check: the list of states lives here, so adding one needs no migration.
     */
    status: text("status", { enum: ["pending", "sending", "sent", "failed", "cancelled", "set-aside"] })
      .notNull()
      .default("pending"),
    claimedAt: text("claimed_at"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: text("next_attempt_at").notNull(),
    lastError: text("last_error"),
    createdAt: text("created_at").notNull(),
    sentAt: text("sent_at"),
    /**
     * What GOV.UK Notify said became of a sent email, asked after it was sent (docs/adr/0059): null
     * until it has said, `delivered`, `not-delivered` (it bounced or Notify gave up: the row is then
     * `failed` with the reason in `lastError`, for staff to correct the address and send again) or
     * `unknown` (the notifier cannot tell, as without a Notify key, or Notify never said in time).
     */
    delivery: text("delivery", { enum: ["delivered", "not-delivered", "unknown"] }),
    /** When Notify was last asked about the delivery. */
    deliveryCheckedAt: text("delivery_checked_at"),
  },
  (t) => [
    index("outbox_due").on(t.status, t.nextAttemptAt),
    index("outbox_disclosure").on(t.disclosureId),
    // The sent emails still to ask Notify about: sent, delivery not known, in the last days.
    index("outbox_delivery").on(t.status, t.delivery, t.sentAt),
  ],
);

/** Council settings that administrators change (key -> JSON value). */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull(),
  updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
});

// The family app (docs/adr/0044-family-sign-in.md): parents, carers and others the home visitor
// invites see the child's plan and record practice. Family members are not staff: their own
// accounts, sessions, passkeys and one-time codes, never mixed with the staff tables.

/** A person who uses the family app, across the children they were invited for. Email is lower-cased and unique. */
export const familyAccounts = sqliteTable(
  "family_accounts",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    createdAt: text("created_at").notNull(),
    disabledAt: text("disabled_at"),
  },
  (t) => [uniqueIndex("family_accounts_email").on(t.email)],
);

/** What the family app may show a family member for one child, and whether the invitation was taken up. */
export const familyAccess = sqliteTable(
  "family_access",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => familyAccounts.id),
    childId: text("child_id")
      .notNull()
      .references(() => children.id),
    /** The carer on the referral this person is, when they are one. */
    carerId: text("carer_id").references(() => carers.id),
    relationship: text("relationship").notNull(),
    /**
     * `carer`: a parent or carer with parental responsibility, who sees everything and may change
     * the sharing choices. `helper`: someone else the family wants involved (a grandparent), who
     * sees what `permissions` allow.
     */
    kind: text("kind", { enum: ["carer", "helper"] }).notNull(),
    /** `{practice, visits, reports, sharing}` booleans (JSON): what a helper may see; a carer has all. */
    permissions: text("permissions", { mode: "json" }).notNull(),
    /** `invited` until the invitation is used; `revoked` by staff; `ended` when the case closed. */
    status: text("status", { enum: ["invited", "active", "revoked", "ended"] }).notNull(),
    invitedBy: text("invited_by")
      .notNull()
      .references(() => users.id),
    invitedAt: text("invited_at").notNull(),
    acceptedAt: text("accepted_at"),
    /** When access ends or ended (revoked now; after a case closes, the family keeps the reports for a while). */
    endsAt: text("ends_at"),
    endReason: text("end_reason"),
    version: integer("version").notNull().default(1),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("family_access_account_child").on(t.accountId, t.childId),
    index("family_access_child").on(t.childId),
  ],
);

/** A single-use invitation link (emailed, or printed on a letter as a QR code). Only the token's SHA-256 is stored. */
export const familyInvitations = sqliteTable(
  "family_invitations",
  {
    tokenHash: text("token_hash").primaryKey(),
    accessId: text("access_id")
      .notNull()
      .references(() => familyAccess.id),
    via: text("via", { enum: ["email", "letter"] }).notNull(),
    expiresAt: text("expires_at").notNull(),
    usedAt: text("used_at"),
    /** Voided when another invitation for the same access was used, or access was revoked. */
    voidedAt: text("voided_at"),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("family_invitations_access").on(t.accessId)],
);

/** A family member's passkey (WebAuthn credential). */
export const familyPasskeys = sqliteTable(
  "family_passkeys",
  {
    /** The credential id, base64url. */
    credentialId: text("credential_id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => familyAccounts.id),
    /** The COSE public key, base64url. */
    publicKey: text("public_key").notNull(),
    counter: integer("counter").notNull().default(0),
    transports: text("transports", { mode: "json" }),
    deviceType: text("device_type"),
    backedUp: integer("backed_up", { mode: "boolean" }).notNull().default(false),
    createdAt: text("created_at").notNull(),
    lastUsedAt: text("last_used_at"),
  },
  (t) => [index("family_passkeys_account").on(t.accountId)],
);

/** A WebAuthn challenge handed out and not yet answered (single use, short-lived). */
export const familyChallenges = sqliteTable("family_challenges", {
  id: text("id").primaryKey(),
  purpose: text("purpose", { enum: ["register", "authenticate"] }).notNull(),
  challenge: text("challenge").notNull(),
  /** For registration: the invitation being taken up (its token's hash) or the signed-in account. */
  invitationHash: text("invitation_hash"),
  accountId: text("account_id").references(() => familyAccounts.id),
  expiresAt: text("expires_at").notNull(),
  usedAt: text("used_at"),
});

/** A one-time sign-in code sent by email: 6 digits, only its hash stored, single use, short-lived, few tries. */
export const familyCodes = sqliteTable(
  "family_codes",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => familyAccounts.id),
    codeHash: text("code_hash").notNull(),
    expiresAt: text("expires_at").notNull(),
    usedAt: text("used_at"),
    failedAttempts: integer("failed_attempts").notNull().default(0),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("family_codes_account").on(t.accountId, t.createdAt)],
);

/** Family sessions: their own cookie and lifetimes, separate from staff sessions. Only the token's SHA-256 is stored. */
export const familySessions = sqliteTable(
  "family_sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => familyAccounts.id),
    /** How the session began: `passkey`, `code` or `invitation`. */
    method: text("method", { enum: ["passkey", "code", "invitation"] }).notNull(),
    createdAt: text("created_at").notNull(),
    lastSeenAt: text("last_seen_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    endedAt: text("ended_at"),
  },
  (t) => [index("family_sessions_account").on(t.accountId)],
);

/** What a family member tells the service from the app: a question or note, a request to leave, a consent withdrawn. */
export const familyMessages = sqliteTable(
  "family_messages",
  {
    id: text("id").primaryKey(),
    childId: text("child_id")
      .notNull()
      .references(() => children.id),
    accessId: text("access_id")
      .notNull()
      .references(() => familyAccess.id),
    kind: text("kind", { enum: ["message", "leave-request", "consent-withdrawn"] }).notNull(),
    body: text("body"),
    createdAt: text("created_at").notNull(),
    readAt: text("read_at"),
    readBy: text("read_by").references(() => users.id),
  },
  (t) => [index("family_messages_child").on(t.childId, t.createdAt)],
);

/** Every earlier version of a practice record, kept when the family or staff change it. */
export const practiceRecordRevisions = sqliteTable(
  "practice_record_revisions",
  {
    id: text("id").primaryKey(),
    recordId: text("record_id")
      .notNull()
      .references(() => practiceRecords.id),
    version: integer("version").notNull(),
    tries: integer("tries"),
    successes: integer("successes"),
    practised: integer("practised", { mode: "boolean" }).notNull(),
    note: text("note"),
    enteredBy: text("entered_by").references(() => users.id),
    enteredByFamily: text("entered_by_family").references(() => familyAccounts.id),
    /** When that version was written. */
    enteredAt: text("entered_at").notNull(),
  },
  (t) => [uniqueIndex("practice_revisions_record_version").on(t.recordId, t.version)],
);

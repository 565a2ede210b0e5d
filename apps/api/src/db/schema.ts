// The database schema. Tables follow the service's lifecycle: a child and their family, the
// referral that brought them, the decision on it, the allocation to a home visitor; staff and
// their sessions; the audit trail and the notification outbox. Plans, visits, records, reviews,
// consents, disclosures and exits hang off `children` when they arrive.
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
  },
  (t) => [index("sessions_user").on(t.userId)],
);

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
  },
  (t) => [
    index("allocations_visitor").on(t.homeVisitorId),
    index("allocations_child").on(t.childId),
    // One current allocation per referral: two visitors must never both hold the same child.
    uniqueIndex("allocations_one_active").on(t.referralId).where(sql`ended_at is null`),
  ],
);

/**
 * The audit trail: append-only (triggers in the migrations refuse UPDATE and DELETE). Who, what
 * record, which action, when, from where; never the personal data itself.
 */
export const auditEvents = sqliteTable(
  "audit_events",
  {
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
  },
  (t) => [
    index("audit_at").on(t.at),
    index("audit_record").on(t.recordType, t.recordId),
    index("audit_actor").on(t.actorId),
  ],
);

/** Notifications to send, written in the same transaction as the change that causes them. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    /** `parent-confirmation` or `team-alert`. */
    kind: text("kind").notNull(),
    emailAddress: text("email_address").notNull(),
    /** Template personalisation, as JSON. */
    personalisation: text("personalisation", { mode: "json" }).notNull(),
    /** The referral it is about (its id), for tracing. */
    referralId: text("referral_id").references(() => referrals.id),
    status: text("status", { enum: ["pending", "sent", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: text("next_attempt_at").notNull(),
    lastError: text("last_error"),
    createdAt: text("created_at").notNull(),
    sentAt: text("sent_at"),
  },
  (t) => [index("outbox_due").on(t.status, t.nextAttemptAt)],
);

/** Council settings that administrators change (key -> JSON value). */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull(),
  updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
});

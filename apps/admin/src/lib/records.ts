// The shapes of what the API sends back, as the admin app reads them (see apps/api/src/routes).
import type { MonitoringDueView } from "@openportage/api";
import type { Role } from "./navigation.ts";

/** A referral's status, as the API names it. */
export type ReferralStatus = "received" | "more-information" | "not-eligible" | "waiting" | "allocated" | "closed";

/** The eligibility outcome, as the domain package names it. */
export type EligibilityOutcome = "eligible" | "not-eligible" | "more-information-needed";

export interface ChildSummary {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly dateOfBirth: string;
}

/** One line of the referrals inbox (`GET /api/referrals`). */
export interface ReferralSummary {
  readonly id: string;
  readonly reference: string;
  readonly route: string;
  readonly status: ReferralStatus;
  readonly receivedAt: string;
  /** An {@link EligibilityOutcome}; typed as the API types its column. */
  readonly eligibilityOutcome: string | null;
  readonly child: ChildSummary;
  /** How many other referrals may be for the same child or family. */
  readonly possibleDuplicates?: number;
}

export interface Page {
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
}

export interface ReferralList extends Page {
  readonly referrals: readonly ReferralSummary[];
}

/** One reason of an eligibility assessment, with the protocol clause it applies. */
export interface EligibilityReason {
  readonly clauseId: string;
  readonly topic: string;
  readonly result: "met" | "not-met" | "unknown";
  readonly parent: string;
  readonly staff: string;
}

export interface MissingFact {
  readonly fact: string;
  readonly clauseId: string;
  readonly question: string;
}

/** Something the protocol asks a coordinator to review, without changing the outcome (Hampshire's setting hours). */
export interface EligibilityFlag {
  readonly clauseId: string;
  readonly kind: string;
  readonly staff: string;
}

export interface EligibilityAssessment {
  readonly outcome: EligibilityOutcome;
  readonly reasons: readonly EligibilityReason[];
  readonly missing: readonly MissingFact[];
  readonly signposting: readonly string[];
  /** Absent from assessments made before the domain raised flags. */
  readonly flags?: readonly EligibilityFlag[] | undefined;
  readonly supportEnds?: string | undefined;
  readonly supportEndsRule: string;
  readonly evaluatedOn: string;
  readonly protocolId: string;
}

export interface Decision {
  readonly id: string;
  readonly outcome: "accepted" | "not-eligible" | "more-information";
  readonly note: string | null;
  readonly signposting: string | null;
  readonly decidedAt: string;
  readonly decidedBy: { readonly id: string; readonly name: string };
}

export interface Carer {
  readonly id: string;
  readonly name: string;
  readonly relationship: string;
  readonly phone: string | null;
  readonly email: string | null;
}

/** A referral's full record (`GET /api/referrals/:id`). */
export interface ReferralRecord {
  readonly id: string;
  readonly reference: string;
  readonly route: string;
  readonly source: "public-form" | "staff";
  readonly status: ReferralStatus;
  readonly receivedAt: string;
  readonly acceptedOn: string | null;
  readonly complexity: "low" | "moderate" | "high" | null;
  readonly hadPortageBefore: boolean | null;
  readonly otherSpecialistSupport: boolean | null;
  /** Always there in practice; the API's type allows for a missing row. */
  readonly child: (ChildSummary & Readonly<Record<string, unknown>>) | undefined;
  readonly carers: readonly Carer[];
  readonly answers: Readonly<Record<string, unknown>>;
  /** What triage found out (JSON, see the API's TriageFactsSchema). */
  readonly triageFacts?: unknown;
  readonly eligibility: EligibilityAssessment | null;
  readonly assessedAt: string | null;
  readonly decisions: readonly Decision[];
  readonly allocation: {
    readonly id: string;
    readonly allocatedAt: string;
    readonly homeVisitor: { readonly id: string; readonly name: string };
    /** Why the child went to a home visitor at or above the caseload limit (null when within it). */
    readonly overCaseloadReason?: string | null;
  } | null;
  /** Other referrals that may be for the same child or family (null for a home visitor). */
  readonly possibleDuplicates?: readonly PossibleDuplicate[] | null;
}

/** Why two referrals may be one (the domain's `DuplicateMatch`). */
export type DuplicateMatch = "same-child" | "same-phone" | "same-email" | "same-address";

/** Another referral that may be the same child or family, with what matched. */
export interface PossibleDuplicate {
  readonly id: string;
  readonly reference: string;
  readonly status: ReferralStatus;
  readonly receivedAt: string;
  readonly child: ChildSummary;
  readonly matches: readonly DuplicateMatch[];
}

/** One criterion's points in a priority score. */
export interface PriorityPoints {
  readonly criterionId: string;
  readonly kind: string;
  readonly points: number;
  readonly why: string;
  readonly clauseId: string;
}

/** A place on the waiting list in brief (the summary and the explanations). */
export interface WaitingBrief {
  readonly position: number;
  readonly referralId: string;
  readonly reference: string;
  readonly child: Pick<ChildSummary, "id" | "firstName" | "lastName">;
  readonly daysWaited: number;
  readonly agesOutOn: string;
  readonly weeksLeft: number;
  readonly agedOut: boolean;
}

/** How one criterion's points differ between two children. */
export interface PointsDifference {
  readonly criterionId: string;
  readonly abovePoints: number;
  readonly belowPoints: number;
  readonly difference: number;
  readonly aboveWhy: string;
  readonly belowWhy: string;
}

/**
 * Why one child is above another (`GET /api/waiting-list/explain`, and each list entry's
 * `aboveNext`): the domain package's `explainPosition`, as the API words it.
 */
export interface PositionExplanation {
  readonly above: WaitingBrief;
  readonly below: WaitingBrief;
  /** `more-points`, or the tie-break that decided. */
  readonly decidedBy: string;
  /** The published rule that decided. */
  readonly rule: string;
  readonly pointsDifference: number;
  readonly differences: readonly PointsDifference[];
  /** The answer in plain words. */
  readonly text: string;
}

/** The waiting list in brief, for the coordinator's dashboard (`GET /api/waiting-list/summary`). */
export interface WaitingListSummary {
  readonly asOf: string;
  readonly size: number;
  readonly longestWaitDays: number;
  readonly longestWait: WaitingBrief | null;
  readonly ageingOutWithinWeeks: number;
  readonly ageingOutSoonTotal: number;
  readonly ageingOutSoon: readonly WaitingBrief[];
}

/** One place on the ranked waiting list (`GET /api/waiting-list`). */
export interface WaitingListEntry {
  readonly position: number;
  readonly referralId: string;
  readonly reference: string;
  readonly child: ChildSummary;
  readonly acceptedOn: string;
  readonly daysWaited: number;
  readonly agesOutOn: string;
  readonly weeksLeft: number;
  readonly agedOut: boolean;
  readonly total: number;
  readonly breakdown: readonly PriorityPoints[];
  /** Why this child is above the next on the page (null for the page's last). */
  readonly aboveNext: PositionExplanation | null;
  /** When the next monitoring visit is due: only where the protocol makes them while a family waits. */
  readonly monitoring?: MonitoringDueView | undefined;
}

export interface WaitingList extends Page {
  readonly asOf: string;
  readonly protocolId: string;
  /** The longest wait on the whole list, in days. */
  readonly longestWaitDays: number;
  readonly entries: readonly WaitingListEntry[];
}

/** A page of the audit trail (`GET /api/audit`). */
export interface AuditPage extends Page {
  readonly events: readonly AuditEvent[];
}

/** A home visitor and how many children they hold now (`GET /api/home-visitors`). */
export interface HomeVisitor {
  readonly id: string;
  readonly name: string;
  readonly caseload: number;
  /** One more child needs a reason: at or above the council's caseload limit. */
  readonly atOrAboveLimit?: boolean;
}

/** One child on the signed-in home visitor's caseload (`GET /api/caseload`). */
export interface CaseloadEntry {
  readonly referralId: string;
  readonly reference: string;
  readonly allocatedAt: string;
  readonly child: ChildSummary;
}

/** A staff account (`GET /api/users`). */
export interface StaffAccount {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly demo: boolean;
  readonly createdAt: string;
  readonly disabledAt: string | null;
}

/** One audit event (`GET /api/audit`). */
export interface AuditEvent {
  readonly id: number;
  readonly at: string;
  readonly actorId: string | null;
  /** The member of staff's name (null when nobody was signed in). */
  readonly actorName: string | null;
  readonly actorRole: string | null;
  readonly action: string;
  readonly recordType: string | null;
  readonly recordId: string | null;
  /** `success`, `denied` or `failure`. */
  readonly outcome: string;
  readonly request: string | null;
  readonly address: string | null;
  readonly reason: string | null;
  /** For a child or referral event: the referral's reference, and the child's name for a coordinator. */
  readonly reference?: string | null;
  readonly childName?: string | null;
}

/** A protocol clause as the API publishes it (`GET /api/protocol`), enough to cite it. */
export interface Clause {
  readonly id: string;
  readonly description: string;
  readonly reference?: { readonly title: string; readonly url?: string };
}

/** A referral route from the protocol. */
export interface ReferralRoute {
  readonly id: string;
  readonly name: string;
  readonly referrer?: string;
}

/** A referral's child, or a stand-in when the record has none (it always should). */
export function childOf(record: Pick<ReferralRecord, "child">): ChildSummary {
  return record.child ?? { id: "", firstName: "Child", lastName: "not recorded", dateOfBirth: "" };
}

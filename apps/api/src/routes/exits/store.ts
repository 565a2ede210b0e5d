// Reading what a child's leaving rests on: the facts the domain's `dueExits` needs (from the
// referral, the case and the transition plan), the transition plan itself, the draft transition
// report (from the play plan, the latest developmental profile and the referral), and a closed
// case, which only coordinators reach (an exited child has no current allocation, so `caseFor`
// no longer finds them).
import {
  addDays,
  checkTransitionReport,
  type DueExit,
  dateInWords,
  dueExits,
  type ExitFacts,
  type IsoDate,
  type Protocol,
  type TransitionReport,
  transitionReportContents,
} from "@openportage/domain";
import { professionalOptions } from "@openportage/referral-form";
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Context } from "hono";
import type { Database } from "../../db/client.js";
import {
  allocations,
  auditEvents,
  cases,
  children,
  developmentalProfiles,
  exits,
  familyAccess,
  familyAccounts,
  outbox,
  referrals,
  transitionPlans,
  users,
} from "../../db/schema.js";
import { audit, auditRow } from "../../lib/audit.js";
import { englandDayStart } from "../../lib/clock.js";
import { endFamilyAccountSessions, familyOrigin } from "../../lib/family-session.js";
import { newId } from "../../lib/ids.js";
import { ProblemError } from "../../lib/problem.js";
import { staff } from "../../lib/session.js";
import type { AppEnv } from "../../lib/types.js";
import { voidInvitations } from "../family-access/store.js";
import type { Tx } from "../plans/store.js";
import { currentPlan } from "../plans/store.js";
import { areaName } from "../plans/view.js";
import {
  type DueExitView,
  type ExitDraftAnswer,
  SETTING_TYPES,
  type SettingType,
  type TransitionPlanView,
  type TransitionReportView,
} from "./contract.js";

type Reader = Database | Tx;

/** Said on every report: consent to share is a record of its own, and so is every time it is sent. */
export const SHARING_NOTE =
  "The family's consent to share this report is recorded separately by the service, and the service keeps a record of every time this report is sent: to whom, why and on what basis.";

/** The recipient a transition report goes to: the setting's SENCO when the protocol lists one. */
export function reportRecipient(protocol: Protocol): { id: string; name: string } {
  const recipients = protocol.sharing.recipients;
  return recipients.find((r) => r.id === "setting-senco") ?? recipients[0] ?? { id: "setting-senco", name: "Setting" };
}

/** The exit reason's name in the protocol (its id when the protocol no longer lists it). */
export function reasonName(protocol: Protocol, reasonId: string): string {
  return protocol.exits.reasons.find((r) => r.id === reasonId)?.name ?? reasonId;
}

/** A due exit as the screens show it. */
export function dueExitView(exit: DueExit, protocol: Protocol): DueExitView {
  return { ...exit, reason: reasonName(protocol, exit.reasonId) };
}

interface Answers {
  readonly attendsSetting?: unknown;
  readonly settingHoursPerWeek?: unknown;
  readonly livesInArea?: unknown;
  readonly professionalsInvolved?: unknown;
  readonly professionalsDetails?: unknown;
}

/**
 * The facts `dueExits` reads, from what the service holds: the date of birth, setting hours and
 * living in the area from the referral (triage facts over the answers), the transition plan's
 * start date, the missed-visit flag. Moving away and withdrawing consent are not recorded yet.
 */
export function exitFacts(row: {
  dateOfBirth: string;
  answers: unknown;
  triageFacts: unknown;
  startDate: string | null;
  missedVisitsFlaggedOn: string | null;
}): ExitFacts {
  const answers = (row.answers ?? {}) as Answers;
  const triage = (row.triageFacts ?? {}) as { livesInArea?: unknown };
  const hours =
    answers.attendsSetting === "no"
      ? 0
      : typeof answers.settingHoursPerWeek === "number"
        ? answers.settingHoursPerWeek
        : undefined;
  const livesInArea = typeof triage.livesInArea === "boolean" ? triage.livesInArea : answers.livesInArea !== "no";
  return {
    dateOfBirth: row.dateOfBirth as IsoDate,
    livesInArea,
    ...(hours !== undefined ? { settingHoursPerWeek: hours } : {}),
    ...(row.startDate ? { startedSettingOn: row.startDate as IsoDate } : {}),
    ...(row.missedVisitsFlaggedOn ? { missedVisitsFlaggedOn: row.missedVisitsFlaggedOn as IsoDate } : {}),
  };
}

/** The allocated children with what {@link exitFacts} reads; add a `where` (current allocations, one child). */
export function factsQuery(db: Reader) {
  return db
    .select({
      child: {
        id: children.id,
        firstName: children.firstName,
        lastName: children.lastName,
        dateOfBirth: children.dateOfBirth,
      },
      reference: referrals.reference,
      homeVisitor: { id: users.id, name: users.name },
      answers: referrals.answers,
      triageFacts: referrals.triageFacts,
      startDate: transitionPlans.startDate,
      missedVisitsFlaggedOn: cases.missedVisitsFlaggedOn,
    })
    .from(allocations)
    .innerJoin(children, eq(children.id, allocations.childId))
    .innerJoin(referrals, eq(referrals.id, allocations.referralId))
    .innerJoin(users, eq(users.id, allocations.homeVisitorId))
    .leftJoin(transitionPlans, eq(transitionPlans.childId, allocations.childId))
    .leftJoin(cases, eq(cases.childId, allocations.childId));
}

/** The exits due for a child now or within `weeks`, as the screens show them. */
export function dueExitsFor(facts: ExitFacts, protocol: Protocol, asOf: IsoDate, weeks: number): DueExitView[] {
  return dueExits(facts, protocol, asOf, { lookaheadWeeks: weeks }).map((e) => dueExitView(e, protocol));
}

/** The child's transition plan, or null. */
export async function transitionPlanOf(db: Reader, childId: string): Promise<TransitionPlanView | null> {
  const [row] = await db
    .select({ plan: transitionPlans, name: users.name })
    .from(transitionPlans)
    .leftJoin(users, eq(users.id, transitionPlans.updatedBy))
    .where(eq(transitionPlans.childId, childId));
  if (!row) return null;
  const p = row.plan;
  return {
    settingName: p.settingName,
    settingType: (SETTING_TYPES as readonly string[]).includes(p.settingType)
      ? (p.settingType as SettingType)
      : "other",
    startDate: p.startDate,
    peopleInvolved: p.peopleInvolved,
    notes: p.notes,
    version: p.version,
    updatedAt: p.updatedAt,
    updatedBy: { id: p.updatedBy, name: row.name ?? "(unknown)" },
  };
}

/** A target as the report words it: what the child does, under what conditions. */
const targetWords = (t: { does: string; conditions: string }) => `${t.does} ${t.conditions}`.trim();

/** The parts of a report the service's records can draft: the plan's targets, the profile, the referral. */
export async function draftReport(
  db: Database,
  childId: string,
  referralId: string,
  protocol: Protocol,
): Promise<ExitDraftAnswer["draft"]> {
  const [stored, [profile], [referral]] = await Promise.all([
    currentPlan(db, childId),
    db
      .select({ entries: developmentalProfiles.entries })
      .from(developmentalProfiles)
      .where(eq(developmentalProfiles.childId, childId))
      .orderBy(desc(developmentalProfiles.recordedOn), desc(developmentalProfiles.createdAt))
      .limit(1),
    db.select({ answers: referrals.answers }).from(referrals).where(eq(referrals.id, referralId)),
  ]);
  const targets = (stored?.plan.blocks ?? []).flatMap((b) => b.targets);
  const asReport = (t: (typeof targets)[number]) => ({
    areaId: t.areaId,
    area: areaName(protocol, t.areaId),
    target: targetWords(t),
    teachingStepsThatHelp: t.teachingSteps.map((s) => s.text),
  });
  const achieved = targets.filter((t) => t.outcome?.result === "achieved");
  // A target carried forward lives on as a new target in the next block: only open ones count here.
  const workingOn = targets.filter((t) => t.status === "open");
  const marks = protocol.plans.markingScale.marks;
  const entries = (profile?.entries ?? []) as { areaId: string; mark: string; note?: string }[];
  const canNowDo = protocol.plans.areas.areas.flatMap((area) => {
    const done = achieved.filter((t) => t.areaId === area.id).map((t) => `${targetWords(t)}.`);
    const entry = entries.find((e) => e.areaId === area.id);
    const mark = entry ? marks.find((m) => m.id === entry.mark)?.name : undefined;
    const profileWords = entry ? [entry.note, mark ? `(${mark} on the last developmental profile)` : undefined] : [];
    const summary = [...done, ...profileWords].filter(Boolean).join(" ");
    return summary ? [{ areaId: area.id, area: area.name, summary }] : [];
  });
  const answers = (referral?.answers ?? {}) as Answers;
  const known = Array.isArray(answers.professionalsInvolved) ? (answers.professionalsInvolved as string[]) : [];
  const professionals = known
    .filter((p) => p !== "other")
    .map((p) => ({ role: professionalOptions.find((o) => o.value === p)?.label ?? p }));
  const details = typeof answers.professionalsDetails === "string" ? answers.professionalsDetails.trim() : "";
  if (details) professionals.push({ role: details });
  return {
    strengthsAndInterests: "",
    howChildLearnsBest: "",
    familyWantsSettingToKnow: "",
    canNowDo,
    targetsAchieved: achieved.map(asReport),
    targetsWorkingOn: workingOn.map(asReport),
    professionalsInvolved: professionals,
  };
}

/** The domain's report from the draft and what staff wrote, for the setting named. */
export function reportFrom(
  draft: ExitDraftAnswer["draft"],
  written: {
    strengthsAndInterests?: string | undefined;
    howChildLearnsBest?: string | undefined;
    familyWantsSettingToKnow?: string | undefined;
    canNowDo?: readonly { areaId: string; summary?: string | undefined }[] | undefined;
    professionalsInvolved?:
      | readonly { role: string; name?: string | undefined; contact?: string | undefined }[]
      | undefined;
  },
  settingName: string,
  referralId: string,
  protocol: Protocol,
): unknown {
  const strip = ({ area: _area, ...rest }: { area: string } & Record<string, unknown>) => rest;
  const optional = (key: string, value: string | undefined) => (value ? { [key]: value } : {});
  return {
    strengthsAndInterests: written.strengthsAndInterests ?? draft.strengthsAndInterests,
    canNowDo: written.canNowDo
      ? written.canNowDo.filter((e) => e.summary).map((e) => ({ areaId: e.areaId, summary: e.summary }))
      : draft.canNowDo.map(strip),
    targetsAchieved: draft.targetsAchieved.map(strip),
    targetsWorkingOn: draft.targetsWorkingOn.map(strip),
    howChildLearnsBest: written.howChildLearnsBest ?? draft.howChildLearnsBest,
    professionalsInvolved: (written.professionalsInvolved ?? draft.professionalsInvolved).map((p) => ({
      role: p.role,
      ...optional("name", p.name),
      ...optional("contact", p.contact),
    })),
    familyWantsSettingToKnow: written.familyWantsSettingToKnow ?? draft.familyWantsSettingToKnow,
    sharing: {
      settingName,
      recipientId: reportRecipient(protocol).id,
      // Consent records are a later piece of work: the report names the referral whose consent
      // it rests on for now, and says that sharing is recorded separately.
      consentId: `referral:${referralId}`,
    },
  };
}

/** What the draft still lacks, by the domain's check (blank sections written as placeholders). */
export function draftMissing(
  draft: ExitDraftAnswer["draft"],
  settingName: string,
  referralId: string,
  protocol: Protocol,
) {
  const check = checkTransitionReport(
    reportFrom(draft, {}, settingName || "(setting)", referralId, protocol),
    protocol,
  );
  return check.complete ? [] : check.missing.map((m) => ({ section: m.section, title: m.title, problem: m.problem }));
}

/** A stored report as the screens and the PDF show it. */
export function reportView(report: TransitionReport, protocol: Protocol): TransitionReportView {
  const withArea = <T extends { areaId: string }>(entry: T) => ({ ...entry, area: areaName(protocol, entry.areaId) });
  return {
    strengthsAndInterests: report.strengthsAndInterests,
    canNowDo: report.canNowDo.map(withArea),
    targetsAchieved: report.targetsAchieved.map((t) =>
      withArea({ ...t, teachingStepsThatHelp: [...t.teachingStepsThatHelp] }),
    ),
    targetsWorkingOn: report.targetsWorkingOn.map((t) =>
      withArea({ ...t, teachingStepsThatHelp: [...t.teachingStepsThatHelp] }),
    ),
    howChildLearnsBest: report.howChildLearnsBest,
    professionalsInvolved: report.professionalsInvolved.map((p) => ({ ...p })),
    familyWantsSettingToKnow: report.familyWantsSettingToKnow,
    sharing: {
      ...report.sharing,
      recipient:
        protocol.sharing.recipients.find((r) => r.id === report.sharing.recipientId)?.name ??
        report.sharing.recipientId,
    },
  };
}

/** Whether the protocol asks for a report for this reason (the domain's `transitionReportContents`). */
export function requirement(reasonId: string, protocol: Protocol) {
  const r = transitionReportContents(reasonId, protocol);
  return { ...r, sections: r.sections.map((s) => ({ id: s.id, title: s.title, description: s.description })) };
}

/** A closed case: the child's exit not reopened, while they have no current allocation. */
export interface ClosedAccess {
  readonly exit: typeof exits.$inferSelect;
}

/** The closed case of child `childId` for a coordinator; otherwise a 404 (audited). */
export async function closedCaseFor(
  c: Context<AppEnv>,
  childId: string,
  db: Reader = c.get("deps").db,
): Promise<ClosedAccess> {
  const user = staff(c);
  const [exit] = await db
    .select()
    .from(exits)
    .where(and(eq(exits.childId, childId), isNull(exits.reopenedAt)))
    .orderBy(desc(exits.createdAt))
    .limit(1);
  const [current] = await db
    .select({ id: allocations.id })
    .from(allocations)
    .where(and(eq(allocations.childId, childId), isNull(allocations.endedAt)))
    .limit(1);
  if (!exit || current || user.role !== "coordinator") {
    await audit(c, {
      action: "denied",
      outcome: "denied",
      recordType: "child",
      recordId: childId,
      reason: "no-such-closed-case",
    });
    throw new ProblemError("not-found", 404, "There is no closed case here that you can see");
  }
  return { exit };
}

/** How long a family keeps their child's reports in the family app after the child leaves. */
export const FAMILY_REPORTS_DAYS = 28;

/**
 * Ends the family's access when the child leaves, inside the exit's transaction: every access
 * still invited or active becomes `ended`, with `ends_at` the start of the day after the
 * {@link FAMILY_REPORTS_DAYS}th day from `today` (the day the exit is recorded, so a family told
 * today always has the full 28 days, however far back the exit is dated); until then the family
 * app shows only the reports. Invitations not yet used are voided, the members' family sessions
 * end (they sign in again for the reports, ADR 0044), and each member who had signed up is
 * emailed (`family-access-ended`). Returns how many accesses ended.
 */
export async function endFamilyAccess(
  tx: Tx,
  c: Context<AppEnv>,
  childId: string,
  childFirstName: string,
  today: IsoDate,
): Promise<number> {
  const { clock, protocol } = c.get("deps");
  const now = clock.now();
  const nowIso = now.toISOString();
  const reportsUntil = addDays(today, FAMILY_REPORTS_DAYS);
  const endsAt = englandDayStart(addDays(reportsUntil, 1));
  const rows = await tx
    .select({ access: familyAccess, account: familyAccounts })
    .from(familyAccess)
    .innerJoin(familyAccounts, eq(familyAccounts.id, familyAccess.accountId))
    .where(and(eq(familyAccess.childId, childId), inArray(familyAccess.status, ["invited", "active"])));
  for (const { access, account } of rows) {
    await tx
      .update(familyAccess)
      .set({ status: "ended", endsAt, endReason: "case-closed", version: access.version + 1, updatedAt: nowIso })
      .where(eq(familyAccess.id, access.id));
    await voidInvitations(tx, access.id, nowIso);
    if (access.status !== "active") continue;
    await endFamilyAccountSessions(tx, account.id, now);
    if (account.disabledAt) continue;
    await tx.insert(outbox).values({
      id: newId(),
      kind: "family-access-ended",
      emailAddress: account.email,
      personalisation: {
        service_name: protocol.serviceName,
        name: account.name,
        child_first_name: childFirstName,
        reports_until: dateInWords(reportsUntil),
        link: `${familyOrigin(c)}/family`,
      },
      childId,
      status: "pending",
      attempts: 0,
      nextAttemptAt: nowIso,
      createdAt: nowIso,
    });
  }
  if (rows.length > 0) {
    await tx.insert(auditEvents).values(
      auditRow(c, {
        action: "change",
        outcome: "success",
        recordType: "child",
        recordId: childId,
        reason: "family-access-ended",
      }),
    );
  }
  return rows.length;
}

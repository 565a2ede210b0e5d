// The family's practice records as both the home visitor's screens and the family app read and
// write them: one record a target a day, changed only from its version, every earlier version
// kept in `practice_record_revisions`, and who entered each version (a member of staff, or a
// family member in the family app). What a day may hold is the domain's `checkPracticeDay`.
import {
  type Block,
  checkPracticeDay,
  type IsoDate,
  type PlayPlan,
  type RecordProblem,
  type Target,
} from "@openportage/domain";
import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Database } from "../../db/client.js";
import { familyAccounts, practiceRecordRevisions, practiceRecords, users } from "../../db/schema.js";
import { newId } from "../../lib/ids.js";
import { validationProblem } from "../../lib/problem.js";
import { editConflict } from "../cases/conflict.js";
import type { PracticeEnteredBy, PracticeRecordView } from "../cases/views.js";
import type { Tx } from "../plans/store.js";
import { currentBlock } from "../plans/view.js";

type Reader = Database | Tx;
export type PracticeRow = typeof practiceRecords.$inferSelect;

/** Who is writing: a member of staff, or a family member (their family account). */
export type PracticeAuthor = { readonly staff: string } | { readonly family: string };

/** The target `targetId` on the plan, with its block; undefined when the plan has none. */
export function findTarget(plan: PlayPlan, targetId: string): { target: Target; block: Block } | undefined {
  for (const block of plan.blocks) {
    const target = block.targets.find((t) => t.id === targetId);
    if (target) return { target, block };
  }
  return undefined;
}

/**
 * What the family practises this week: the open targets of the current block (the block running
 * today, or else the next agreed or draft one), as the case page shows them.
 */
export function targetsThisWeek(plan: PlayPlan): { block: Block | undefined; targets: Target[] } {
  const block = currentBlock(plan.blocks);
  return { block, targets: (block?.targets ?? []).filter((t) => t.status === "open") };
}

/**
 * What the family records in the family app: this week's targets once their block is agreed with
 * the family (a draft block's targets are still being written).
 */
export function familyTargetsThisWeek(plan: PlayPlan): { block: Block | undefined; targets: Target[] } {
  const week = targetsThisWeek(plan);
  return week.block?.status === "draft" ? { block: week.block, targets: [] } : week;
}

/** How many days back the family can fill in or correct their chart: today and the 6 days before. */
export const FAMILY_PRACTICE_DAYS = 7;

/** A day's values as stored. */
export interface PracticeValues {
  readonly practised: boolean;
  readonly tries: number | null;
  readonly successes: number | null;
  readonly note: string | null;
}

/**
 * Checks one day's entry by the domain's `checkPracticeDay` (a real day, not after today, in the
 * target's block; tries and successes, or not practised). Returns the values to store, or the
 * problems with their fields under `at` (`records.2`, or `""` for a body of one day).
 */
export function checkDay(
  entry: {
    date: string;
    practised?: boolean | undefined;
    tries?: number | undefined;
    successes?: number | undefined;
    note?: string | undefined;
  },
  target: { targetId: string; block: Block },
  asOf: IsoDate,
  at = "",
): { ok: true; values: PracticeValues } | { ok: false; problems: { field: string; message: string }[] } {
  const result = checkPracticeDay(
    { ...entry, targetId: target.targetId, recordedBy: "family" },
    { asOf, block: { start: target.block.start, end: target.block.end } },
  );
  if (!result.ok) {
    const field = (p: RecordProblem) => (at ? (p.path ? `${at}.${p.path}` : at) : p.path);
    return { ok: false, problems: result.problems.map((p) => ({ field: field(p), message: p.message })) };
  }
  const record = result.record;
  const practised = !("practised" in record);
  return {
    ok: true,
    values: {
      practised,
      tries: "tries" in record ? record.tries : null,
      successes: "successes" in record ? record.successes : null,
      note: record.note ?? null,
    },
  };
}

const staffAuthor = alias(users, "staff_author");
const familyAuthor = alias(familyAccounts, "family_author");

function enteredBy(
  row: { enteredBy: string | null; enteredByFamily: string | null },
  staffName: string | null,
  familyName: string | null,
): PracticeEnteredBy {
  if (row.enteredByFamily) return { kind: "family", id: row.enteredByFamily, name: familyName ?? "(unknown)" };
  return { kind: "staff", id: row.enteredBy ?? "", name: staffName ?? "(unknown)" };
}

/** A stored record with who entered it and every earlier version. */
export interface StoredPracticeRecord {
  readonly record: PracticeRow;
  readonly enteredBy: PracticeEnteredBy;
  readonly earlier: PracticeRecordView["earlierVersions"];
}

/** The practice records matching `where`, by date, with who entered each version. */
export async function practiceRecordsWhere(db: Reader, where: SQL | undefined): Promise<StoredPracticeRecord[]> {
  const rows = await db
    .select({ record: practiceRecords, staffName: staffAuthor.name, familyName: familyAuthor.name })
    .from(practiceRecords)
    .leftJoin(staffAuthor, eq(staffAuthor.id, practiceRecords.enteredBy))
    .leftJoin(familyAuthor, eq(familyAuthor.id, practiceRecords.enteredByFamily))
    .where(where)
    .orderBy(asc(practiceRecords.date));
  const ids = rows.map((r) => r.record.id);
  const revisions =
    ids.length > 0
      ? await db
          .select({ revision: practiceRecordRevisions, staffName: staffAuthor.name, familyName: familyAuthor.name })
          .from(practiceRecordRevisions)
          .leftJoin(staffAuthor, eq(staffAuthor.id, practiceRecordRevisions.enteredBy))
          .leftJoin(familyAuthor, eq(familyAuthor.id, practiceRecordRevisions.enteredByFamily))
          .where(inArray(practiceRecordRevisions.recordId, ids))
          .orderBy(asc(practiceRecordRevisions.version))
      : [];
  return rows.map((r) => ({
    record: r.record,
    enteredBy: enteredBy(r.record, r.staffName, r.familyName),
    earlier: revisions
      .filter((x) => x.revision.recordId === r.record.id)
      .map(({ revision: x, staffName, familyName }) => ({
        version: x.version,
        tries: x.tries,
        successes: x.successes,
        practised: x.practised,
        note: x.note,
        enteredBy: enteredBy(x, staffName, familyName),
        enteredAt: x.enteredAt,
      })),
  }));
}

/** A stored record as the home visitor's screens show it. */
export function recordView(stored: StoredPracticeRecord): PracticeRecordView {
  const row = stored.record;
  return {
    id: row.id,
    targetId: row.targetId,
    date: row.date,
    recordedBy: row.recordedBy,
    tries: row.tries,
    successes: row.successes,
    practised: row.practised,
    note: row.note,
    enteredBy: stored.enteredBy,
    enteredAt: row.updatedAt,
    earlierVersions: [...stored.earlier],
    version: row.version,
  };
}

/** One day to write: the values, or `clear` to remove a day entered by mistake. */
export interface PracticeDayWrite {
  readonly childId: string;
  readonly planId: string;
  readonly targetId: string;
  readonly date: string;
  readonly values: PracticeValues | "clear";
  /** The version the change was made from (0 or left out: a new day). */
  readonly version: number | undefined;
  readonly by: PracticeAuthor;
  readonly now: string;
  /** Where the day sits in the request, for a refusal's field (`records.2`, or `""`). */
  readonly at?: string;
}

function same(row: PracticeRow, values: PracticeValues): boolean {
  return (
    row.tries === values.tries &&
    row.successes === values.successes &&
    row.practised === values.practised &&
    row.note === values.note
  );
}

/**
 * Writes one day inside the caller's transaction. A day already recorded changes only from its
 * `version` (409 `edit-conflict` otherwise, naming who changed it); the same values sent again
 * (a retried form) change nothing. The version it replaces is kept as a revision. Clearing
 * removes a day (and its versions) entered by mistake, but never one the family entered: that is
 * corrected instead, so both versions stay. Returns what happened.
 */
export async function writePracticeDay(
  tx: Tx,
  day: PracticeDayWrite,
): Promise<"unchanged" | "created" | "changed" | "cleared"> {
  const [current] = await practiceRecordsWhere(
    tx,
    and(eq(practiceRecords.targetId, day.targetId), eq(practiceRecords.date, day.date)),
  );
  const given = day.version ?? 0;
  const author =
    "staff" in day.by
      ? { enteredBy: day.by.staff, enteredByFamily: null }
      : { enteredBy: null, enteredByFamily: day.by.family };
  if (!current) {
    if (day.values === "clear") return "unchanged";
    if (given !== 0) {
      throw editConflict(`practice record for ${day.date}`, given, {
        currentVersion: 0,
        changedBy: null,
        changedAt: null,
        changes: ["practice-cleared"],
      });
    }
    await tx.insert(practiceRecords).values({
      id: newId(),
      childId: day.childId,
      planId: day.planId,
      targetId: day.targetId,
      date: day.date,
      recordedBy: "family",
      ...day.values,
      ...author,
      version: 1,
      createdAt: day.now,
      updatedAt: day.now,
    });
    return "created";
  }
  const row = current.record;
  if (day.values !== "clear" && same(row, day.values) && (given === 0 || given === row.version)) return "unchanged";
  if (given !== row.version) {
    throw editConflict(`practice record for ${day.date}`, given, {
      currentVersion: row.version,
      changedBy: current.enteredBy.name,
      changedAt: row.updatedAt,
      changes: ["practice-recorded"],
    });
  }
  if (day.values === "clear") {
    const byFamily = current.enteredBy.kind === "family" || current.earlier.some((e) => e.enteredBy.kind === "family");
    if (byFamily) {
      throw validationProblem(
        [
          {
            field: day.at ? `${day.at}.clear` : "clear",
            message: "cannot remove a day the family entered: change it instead, so both versions are kept",
          },
        ],
        "A day the family entered is corrected, never removed",
      );
    }
    await tx.delete(practiceRecordRevisions).where(eq(practiceRecordRevisions.recordId, row.id));
    await tx.delete(practiceRecords).where(eq(practiceRecords.id, row.id));
    return "cleared";
  }
  await tx.insert(practiceRecordRevisions).values({
    id: newId(),
    recordId: row.id,
    version: row.version,
    tries: row.tries,
    successes: row.successes,
    practised: row.practised,
    note: row.note,
    enteredBy: row.enteredBy,
    enteredByFamily: row.enteredByFamily,
    enteredAt: row.updatedAt,
  });
  await tx
    .update(practiceRecords)
    .set({ ...day.values, ...author, version: row.version + 1, updatedAt: day.now })
    .where(and(eq(practiceRecords.id, row.id), eq(practiceRecords.version, row.version)));
  return "changed";
}

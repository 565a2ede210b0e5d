// A developmental profile: what the child can already do, marked area by area on the protocol's
// scale and dated, so that a later profile can be compared with the first one.
import * as v from "valibot";
import type { IsoDate } from "../dates/date-only.js";
import { RecordIdSchema, TextSchema } from "../plan/schema.js";
import { IsoDateSchema, type Protocol } from "../protocol/schema.js";

/** One area of a profile: the mark given and, in words, what the child does. */
export const ProfileEntrySchema = v.strictObject({
  /** One of the protocol's developmental areas (`plans.areas`). */
  areaId: RecordIdSchema,
  /** One of the protocol's marks (`plans.markingScale`). */
  mark: RecordIdSchema,
  /** What the child does now in this area, in the words the family and visitor agreed. */
  note: v.optional(TextSchema),
});

/** A dated developmental profile: one entry per area marked (not every area needs a mark). */
export const DevelopmentalProfileSchema = v.strictObject({
  recordedOn: IsoDateSchema,
  entries: v.pipe(v.array(ProfileEntrySchema), v.minLength(1, "must mark at least one area")),
});

/** One area of a profile. */
export type ProfileEntry = v.InferOutput<typeof ProfileEntrySchema>;
/** A dated developmental profile. */
export type DevelopmentalProfile = v.InferOutput<typeof DevelopmentalProfileSchema>;

/** The parts of a protocol a profile is checked against. */
export type ProfileRules = Pick<Protocol, "plans">;

/** One problem with a profile: where (`entries.2.mark`), what is wrong, and the clause. */
export interface ProfileProblem {
  readonly path: string;
  readonly message: string;
  readonly clause?: string;
}

/**
 * Lists every problem with a profile: its shape (a real date, at least one entry), areas and
 * marks the protocol has, each area marked once, and a date not after `asOf` (a profile records
 * what was seen). An empty list means the profile can be kept.
 */
export function validateProfile(profile: unknown, rules: ProfileRules, asOf: IsoDate): readonly ProfileProblem[] {
  const parsed = v.safeParse(DevelopmentalProfileSchema, profile, { abortEarly: false });
  if (!parsed.success) {
    return parsed.issues.map((issue) => ({
      path: v.getDotPath(issue) ?? "",
      message:
        issue.kind === "schema" && issue.expected === "never"
          ? "is not part of a developmental profile"
          : issue.kind === "schema" && issue.received === "undefined"
            ? "is required"
            : issue.message,
    }));
  }
  const { areas, markingScale } = rules.plans;
  const problems: ProfileProblem[] = [];
  if (parsed.output.recordedOn > asOf) {
    problems.push({ path: "recordedOn", message: `must not be after ${asOf}: a profile records what was seen` });
  }
  const seen = new Set<string>();
  parsed.output.entries.forEach((entry, i) => {
    if (!areas.areas.some((a) => a.id === entry.areaId)) {
      problems.push({
        path: `entries.${i}.areaId`,
        message: `"${entry.areaId}" is not one of the protocol's developmental areas (${areas.areas.map((a) => a.id).join(", ")})`,
        clause: areas.id,
      });
    } else if (seen.has(entry.areaId)) {
      problems.push({ path: `entries.${i}.areaId`, message: `the area "${entry.areaId}" is marked more than once` });
    }
    seen.add(entry.areaId);
    if (!markingScale.marks.some((m) => m.id === entry.mark)) {
      problems.push({
        path: `entries.${i}.mark`,
        message: `"${entry.mark}" is not one of the protocol's marks (${markingScale.marks.map((m) => m.id).join(", ")})`,
        clause: markingScale.id,
      });
    }
  });
  return problems;
}

/** How one area moved between two profiles. */
export type ProfileChange = "moved-on" | "same" | "moved-back" | "first-marked" | "not-marked-later" | "not-marked";

/** One area compared between an earlier and a later profile. */
export interface AreaComparison {
  readonly areaId: string;
  /** The area's name from the protocol. */
  readonly area: string;
  /** The mark's id and name in the earlier profile, when it marked the area. */
  readonly before?: { readonly mark: string; readonly name: string; readonly note?: string };
  readonly after?: { readonly mark: string; readonly name: string; readonly note?: string };
  readonly change: ProfileChange;
  /** How many steps of the scale the area moved (positive: on; negative: back), when both marked it. */
  readonly steps?: number;
}

/** Two profiles compared, area by area, in the protocol's order of areas. */
export interface ProfileComparison {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly areas: readonly AreaComparison[];
  /** How many areas moved on, stayed the same or moved back. */
  readonly movedOn: number;
  readonly same: number;
  readonly movedBack: number;
  /** The clauses applied: developmental areas and marking scale. */
  readonly clauses: readonly string[];
}

/**
 * Compares an earlier profile with a later one, area by area, in the protocol's order of areas:
 * how many steps of the marking scale each area moved. Areas only one of the two marked say
 * so (`first-marked`, `not-marked-later`); areas neither marked are `not-marked`. The two may
 * be given in either order: the earlier one is taken as `from`.
 */
export function compareProfiles(
  a: DevelopmentalProfile,
  b: DevelopmentalProfile,
  rules: ProfileRules,
): ProfileComparison {
  const [earlier, later] = a.recordedOn <= b.recordedOn ? [a, b] : [b, a];
  const { areas, markingScale } = rules.plans;
  const rank = (mark: string) => markingScale.marks.findIndex((m) => m.id === mark);
  const describe = (entry: ProfileEntry | undefined) => {
    if (!entry) return undefined;
    const name = markingScale.marks.find((m) => m.id === entry.mark)?.name ?? entry.mark;
    return { mark: entry.mark, name, ...(entry.note === undefined ? {} : { note: entry.note }) };
  };
  const compared = areas.areas.map((area): AreaComparison => {
    const before = earlier.entries.find((e) => e.areaId === area.id);
    const after = later.entries.find((e) => e.areaId === area.id);
    const base = {
      areaId: area.id,
      area: area.name,
      ...(before ? { before: describe(before) as NonNullable<AreaComparison["before"]> } : {}),
      ...(after ? { after: describe(after) as NonNullable<AreaComparison["after"]> } : {}),
    };
    if (before && after) {
      const steps = rank(after.mark) - rank(before.mark);
      return { ...base, steps, change: steps > 0 ? "moved-on" : steps < 0 ? "moved-back" : "same" };
    }
    if (after) return { ...base, change: "first-marked" };
    if (before) return { ...base, change: "not-marked-later" };
    return { ...base, change: "not-marked" };
  });
  const countOf = (change: ProfileChange) => compared.filter((c) => c.change === change).length;
  return {
    from: earlier.recordedOn,
    to: later.recordedOn,
    areas: compared,
    movedOn: countOf("moved-on"),
    same: countOf("same"),
    movedBack: countOf("moved-back"),
    clauses: [areas.id, markingScale.id],
  };
}

// The caseload import's dry run: reads the CSV files, checks every row against the templates,
// the referral form's rules, the protocol and the other files, and plans what would be written.
// Every problem is listed by file, row and column; nothing is written here (write.ts does that).
import {
  type Block,
  dateFromParts,
  dateInWords,
  type IsoDate,
  isIsoDate,
  type PlayPlan,
  PlayPlanSchema,
  type Protocol,
  WEEKDAYS,
} from "@openportage/domain";
import { parseReferral, type Referral, referralFields } from "@openportage/referral-form";
import { CsvError, parse } from "csv-parse/sync";
import * as v from "valibot";
import { IMPORT_KINDS, type ImportKind, TEMPLATES, type TemplateColumn } from "./templates.js";

/** The CSV files of one import, by kind; any may be left out except children and referrals. */
export type ImportFiles = { readonly [K in ImportKind]?: string | undefined };

/** One problem, where it is: the file, the line (1 is the header) and the column. */
export interface ImportProblem {
  readonly file: string;
  readonly row: number;
  readonly column?: string;
  readonly message: string;
}

/** A decision to store. */
export interface PlannedDecision {
  readonly decidedOn: IsoDate;
  readonly outcome: "accepted" | "not-eligible" | "more-information";
  readonly note: string | null;
  readonly signposting: string | null;
}

/** Everything to store for one child. */
export interface PlannedChild {
  readonly childRef: string;
  readonly answers: Referral;
  readonly receivedOn: IsoDate;
  readonly route: string;
  readonly referrer: Record<string, string> | null;
  readonly decisions: readonly PlannedDecision[];
  readonly waiting: {
    readonly acceptedOn: IsoDate;
    readonly complexity: "low" | "moderate" | "high" | null;
    readonly hadPortageBefore: boolean | null;
    readonly otherSpecialistSupport: boolean | null;
  } | null;
  readonly allocation: { readonly homeVisitorId: string; readonly allocatedOn: IsoDate } | null;
  /** The play plan with its one active block (ids filled in when written). */
  readonly plan: Omit<PlayPlan, "id" | "childId"> | null;
  /** The rows this child came from, for telling a re-run from a change. */
  readonly rows: readonly string[];
}

/** What a dry run finds. */
export interface ImportCheck {
  readonly problems: readonly ImportProblem[];
  readonly children: readonly PlannedChild[];
  /** Rows read in each file. */
  readonly rows: Partial<Record<ImportKind, number>>;
}

/** What the check needs to know of the service: its protocol, today, and its home visitors. */
export interface ImportContext {
  readonly protocol: Protocol;
  readonly today: IsoDate;
  /** Active home visitors' ids by lower-case email. */
  readonly homeVisitors: ReadonlyMap<string, string>;
}

const CHILD_REF = /^[A-Za-z0-9_-]{1,64}$/;

/** A row of a file: its line and its cells by column name. */
interface Row {
  readonly line: number;
  readonly cells: Readonly<Record<string, string>>;
  readonly raw: string;
}

/** A problem while reading, marked when the file cannot be checked row by row until it is put right. */
type ReadProblem = ImportProblem & { unusable?: true };

function readFile(kind: ImportKind, text: string, problems: ReadProblem[]): Row[] {
  const template = TEMPLATES[kind];
  const file = template.file;
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
  } catch (error) {
    const line = error instanceof CsvError ? Number((error as CsvError & { lines?: number }).lines ?? 0) : 0;
    problems.push({ file, row: line, message: `cannot be read as CSV: ${(error as Error).message}`, unusable: true });
    return [];
  }
  const [header, ...body] = records;
  if (!header) {
    problems.push({ file, row: 1, message: "is empty: it needs the template's header row", unusable: true });
    return [];
  }
  const names = header.record.map((h) => h.trim().toLowerCase());
  const known = new Set(template.columns.map((c) => c.name));
  names.forEach((name, i) => {
    if (!known.has(name)) {
      problems.push({ file, row: 1, column: name || `column ${i + 1}`, message: "is not a column of this template" });
    }
  });
  for (const column of template.columns) {
    if (column.required && !names.includes(column.name)) {
      problems.push({ file, row: 1, column: column.name, message: "is missing from the header row", unusable: true });
    }
  }
  const rows: Row[] = [];
  for (const { record, info } of body) {
    if (record.length !== names.length) {
      problems.push({
        file,
        row: info.lines,
        message: `has ${record.length} cells where the header has ${names.length}`,
      });
      continue;
    }
    const cells: Record<string, string> = {};
    names.forEach((name, i) => {
      cells[name] = (record[i] ?? "").trim();
    });
    rows.push({ line: info.lines, cells, raw: JSON.stringify(record) });
  }
  return rows;
}

/** A day written YYYY-MM-DD or DD/MM/YYYY, or undefined. */
export function dayOf(value: string): IsoDate | undefined {
  if (isIsoDate(value)) return value;
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  return uk ? dateFromParts(Number(uk[3]), Number(uk[2]), Number(uk[1])) : undefined;
}

/** Checks the files and plans the import. Pure: reads nothing but its arguments. */
export function checkImport(files: ImportFiles, context: ImportContext): ImportCheck {
  const problems: ReadProblem[] = [];
  const rowsOf = {} as Record<ImportKind, Row[]>;
  const counts: Partial<Record<ImportKind, number>> = {};
  for (const kind of IMPORT_KINDS) {
    const text = files[kind];
    if (text === undefined) {
      if (kind === "children" || kind === "referrals") {
        problems.push({
          file: TEMPLATES[kind].file,
          row: 0,
          message: "is needed: every child comes with a referral",
          unusable: true,
        });
      }
      rowsOf[kind] = [];
      continue;
    }
    rowsOf[kind] = readFile(kind, text, problems);
    counts[kind] = rowsOf[kind].length;
  }
  // A file that cannot be read, or whose header lacks a column it needs, is put right before any
  // row is checked: every row would otherwise repeat the missing column.
  if (problems.some((p) => p.unusable)) {
    return { problems: problems.map(({ unusable: _, ...p }) => p), children: [], rows: counts };
  }
  const problem = (kind: ImportKind, row: Row, column: string | undefined, message: string) =>
    problems.push({ file: TEMPLATES[kind].file, row: row.line, ...(column ? { column } : {}), message });

  /** A required or optional cell: reports an empty required cell. */
  const cell = (kind: ImportKind, row: Row, column: TemplateColumn | string): string => {
    const c =
      typeof column === "string" ? (TEMPLATES[kind].columns.find((x) => x.name === column) as TemplateColumn) : column;
    const value = row.cells[c.name] ?? "";
    if (c.required && value === "") problem(kind, row, c.name, "is empty: fill it in");
    else if (value !== "" && c.values && !c.values.includes(value) && !(c.field && isMultiple(c.field))) {
      problem(kind, row, c.name, `must be one of: ${c.values.join(", ")}`);
    }
    return value;
  };
  const day = (kind: ImportKind, row: Row, column: string, notBefore?: { day: IsoDate; what: string }) => {
    const value = cell(kind, row, column);
    if (value === "") return undefined;
    const parsed = dayOf(value);
    if (parsed === undefined) {
      problem(kind, row, column, "must be a real date written YYYY-MM-DD or DD/MM/YYYY");
      return undefined;
    }
    if (parsed > context.today) {
      problem(kind, row, column, "must not be in the future");
      return undefined;
    }
    if (notBefore && parsed < notBefore.day) {
      problem(kind, row, column, `must not be before ${notBefore.what} (${dateInWords(notBefore.day)})`);
      return undefined;
    }
    return parsed;
  };

  // Each child's row in children.csv, by their reference; then one referral each.
  const childRows = new Map<string, Row>();
  for (const row of rowsOf.children) {
    const ref = cell("children", row, "child_ref");
    if (ref === "") continue;
    if (!CHILD_REF.test(ref)) problem("children", row, "child_ref", "must be letters, digits, - or _ (up to 64)");
    else if (childRows.has(ref)) {
      problem("children", row, "child_ref", `is used twice: also on row ${childRows.get(ref)?.line}`);
    } else childRows.set(ref, row);
  }
  const byChild = (kind: ImportKind, once: boolean) => {
    const map = new Map<string, Row[]>();
    for (const row of rowsOf[kind]) {
      const ref = cell(kind, row, "child_ref");
      if (ref === "") continue;
      if (!childRows.has(ref)) {
        problem(kind, row, "child_ref", "is not in children.csv");
        continue;
      }
      const list = map.get(ref) ?? [];
      if (once && list.length > 0) {
        problem(kind, row, "child_ref", `has a row already (row ${list[0]?.line}): one a child`);
        continue;
      }
      list.push(row);
      map.set(ref, list);
    }
    return map;
  };
  const referralRows = byChild("referrals", true);
  const decisionRows = byChild("decisions", false);
  const waitingRows = byChild("waiting-list", true);
  const allocationRows = byChild("allocations", true);
  const targetRows = byChild("targets", false);

  const routes = context.protocol.eligibility.routes.routes.map((r) => r.id);
  const areas = context.protocol.plans.areas.areas.map((a) => a.id);
  const children: PlannedChild[] = [];
  for (const [childRef, childRow] of childRows) {
    const referralRow = referralRows.get(childRef)?.[0];
    if (!referralRow) {
      problem("children", childRow, "child_ref", "has no row in referrals.csv");
      continue;
    }
    const before = problems.length;
    // The answers, checked by the referral form's own rules.
    const input: Record<string, unknown> = {};
    const fieldPlace = new Map<string, { kind: ImportKind; row: Row; column: string }>();
    for (const [kind, row] of [
      ["children", childRow],
      ["referrals", referralRow],
    ] as const) {
      for (const column of TEMPLATES[kind].columns) {
        if (!column.field) continue;
        fieldPlace.set(column.field, { kind, row, column: column.name });
        const value = row.cells[column.name] ?? "";
        input[column.field] = formValue(column.field, value);
      }
    }
    const dateOfBirth = dayOf(childRow.cells.child_date_of_birth ?? "");
    if ((childRow.cells.child_date_of_birth ?? "") !== "" && dateOfBirth === undefined) {
      problem("children", childRow, "child_date_of_birth", "must be a real date written YYYY-MM-DD or DD/MM/YYYY");
    }
    const parsed = parseReferral(input, { today: context.today });
    if (!parsed.success) {
      for (const e of parsed.errors) {
        const place = fieldPlace.get(e.field.split(".")[0] ?? "");
        if (place) {
          if (place.column === "child_date_of_birth" && dateOfBirth === undefined) continue;
          problem(place.kind, place.row, place.column, e.message);
        } else problem("referrals", referralRow, undefined, e.message);
      }
    }
    const receivedOn = day(
      "referrals",
      referralRow,
      "received_on",
      dateOfBirth && { day: dateOfBirth, what: "the child's date of birth" },
    );
    const route = cell("referrals", referralRow, "route");
    if (route !== "" && !routes.includes(route)) {
      problem("referrals", referralRow, "route", `must be one of the protocol's routes: ${routes.join(", ")}`);
    }
    const referrerName = referralRow.cells.referrer_name ?? "";
    const referrerRole = referralRow.cells.referrer_role ?? "";
    if ((referrerName === "") !== (referrerRole === "")) {
      problem(
        "referrals",
        referralRow,
        referrerName === "" ? "referrer_name" : "referrer_role",
        "is needed with the referrer's other details",
      );
    }
    const received = receivedOn && { day: receivedOn, what: "the day the referral was received" };

    const decisions: PlannedDecision[] = [];
    for (const row of decisionRows.get(childRef) ?? []) {
      const decidedOn = day("decisions", row, "decided_on", received);
      const outcome = cell("decisions", row, "outcome");
      if (decidedOn && ["accepted", "not-eligible", "more-information"].includes(outcome)) {
        decisions.push({
          decidedOn,
          outcome: outcome as PlannedDecision["outcome"],
          note: row.cells.note || null,
          signposting: row.cells.signposting || null,
        });
      }
    }
    decisions.sort((a, b) => a.decidedOn.localeCompare(b.decidedOn));

    let waiting: PlannedChild["waiting"] = null;
    const waitingRow = waitingRows.get(childRef)?.[0];
    if (waitingRow) {
      const acceptedOn = day("waiting-list", waitingRow, "accepted_on", received);
      const complexity = cell("waiting-list", waitingRow, "complexity");
      const yesNo = (column: string) => {
        const value = cell("waiting-list", waitingRow, column);
        return value === "" ? null : value === "yes";
      };
      const last = decisions[decisions.length - 1];
      if (acceptedOn && last && last.outcome !== "accepted" && last.decidedOn >= acceptedOn) {
        problem(
          "waiting-list",
          waitingRow,
          "accepted_on",
          `comes before the child's last decision (${last.outcome}, ${last.decidedOn})`,
        );
      }
      if (acceptedOn) {
        waiting = {
          acceptedOn,
          complexity: (["low", "moderate", "high"].includes(complexity) ? complexity : null) as
            | "low"
            | "moderate"
            | "high"
            | null,
          hadPortageBefore: yesNo("had_portage_before"),
          otherSpecialistSupport: yesNo("other_specialist_support"),
        };
        // A child on the list was accepted: record the decision if the files do not have it.
        if (!decisions.some((d) => d.outcome === "accepted" && d.decidedOn <= acceptedOn)) {
          decisions.push({
            decidedOn: acceptedOn,
            outcome: "accepted",
            note: "Imported with the waiting list",
            signposting: null,
          });
          decisions.sort((a, b) => a.decidedOn.localeCompare(b.decidedOn));
        }
      }
    }

    let allocation: PlannedChild["allocation"] = null;
    const allocationRow = allocationRows.get(childRef)?.[0];
    if (allocationRow) {
      if (!waitingRow)
        problem(
          "allocations",
          allocationRow,
          "child_ref",
          "has no row in waiting-list.csv: a child is accepted before allocation",
        );
      const allocatedOn = day(
        "allocations",
        allocationRow,
        "allocated_on",
        waiting ? { day: waiting.acceptedOn, what: "the day the child joined the waiting list" } : received,
      );
      const email = cell("allocations", allocationRow, "home_visitor_email").toLowerCase();
      const visitorId = email === "" ? undefined : context.homeVisitors.get(email);
      if (email !== "" && visitorId === undefined) {
        problem(
          "allocations",
          allocationRow,
          "home_visitor_email",
          "is not an active home visitor's account: create the account first",
        );
      }
      if (allocatedOn && visitorId) allocation = { homeVisitorId: visitorId, allocatedOn };
    }

    let plan: PlannedChild["plan"] = null;
    const targets = targetRows.get(childRef) ?? [];
    if (targets.length > 0) {
      const first = targets[0] as Row;
      if (!allocationRow)
        problem("targets", first, "child_ref", "has no row in allocations.csv: a plan belongs to an allocated child");
      const BLOCK = ["block_start", "block_end", "frequency", "weekday", "time", "agreed_on", "agreed_by"];
      for (const row of targets.slice(1)) {
        for (const column of BLOCK) {
          if ((row.cells[column] ?? "") !== (first.cells[column] ?? "")) {
            problem(
              "targets",
              row,
              column,
              `must be the same on every row of the child (row ${first.line} says "${first.cells[column] ?? ""}")`,
            );
          }
        }
      }
      const start = day("targets", first, "block_start");
      const end = dayOf(cell("targets", first, "block_end"));
      if (first.cells.block_end && end === undefined)
        problem("targets", first, "block_end", "must be a real date written YYYY-MM-DD or DD/MM/YYYY");
      else if (start && end && end < start) problem("targets", first, "block_end", "must not be before block_start");
      const agreedOn = day("targets", first, "agreed_on");
      const frequency = cell("targets", first, "frequency");
      const weekday = cell("targets", first, "weekday").toLowerCase();
      if (weekday !== "" && !(WEEKDAYS as readonly string[]).includes(weekday)) {
        problem("targets", first, "weekday", "must be a day of the week, e.g. tuesday");
      }
      const time = cell("targets", first, "time");
      if (time !== "" && !/^([01]\d|2[0-3]):[0-5]\d$/.test(time))
        problem("targets", first, "time", "must be a time written HH:MM, e.g. 10:00");
      const agreedBy = splitList(cell("targets", first, "agreed_by"));
      const blockTargets: Block["targets"][number][] = [];
      targets.forEach((row, i) => {
        const area = cell("targets", row, "area");
        if (area !== "" && !areas.includes(area))
          problem("targets", row, "area", `must be one of the protocol's areas: ${areas.join(", ")}`);
        const steps = splitList(cell("targets", row, "teaching_steps"));
        const timesText = cell("targets", row, "practice_times_per_day");
        const times = timesText === "" ? undefined : Number(timesText);
        if (times !== undefined && (!Number.isInteger(times) || times < 1)) {
          problem("targets", row, "practice_times_per_day", "must be a whole number of 1 or more");
        }
        const howOften = cell("targets", row, "practice_how_often");
        if (timesText === "" && howOften === "") {
          problem(
            "targets",
            row,
            "practice_times_per_day",
            "or practice_how_often must say how often the family practises",
          );
        }
        blockTargets.push({
          id: `t${i + 1}`,
          areaId: area,
          does: cell("targets", row, "does"),
          conditions: cell("targets", row, "conditions"),
          criterion: {
            successes: context.protocol.plans.achievement.successes,
            outOf: context.protocol.plans.achievement.outOf,
            days: context.protocol.plans.achievement.days,
          },
          teachingSteps: steps.map((text, n) => ({ id: `s${n + 1}`, text })),
          practice: {
            how: cell("targets", row, "practice_how"),
            ...(times !== undefined && Number.isInteger(times) && times >= 1 ? { timesPerDay: times } : {}),
            ...(howOften ? { howOften } : {}),
          },
          status: "open",
        });
      });
      if (problems.length === before && start && end && agreedOn) {
        const candidate = {
          id: "plan",
          childId: "child",
          status: "active",
          agreedOn,
          agreedBy,
          longTermGoals: [],
          blocks: [
            {
              id: "b1",
              number: 1,
              start,
              end,
              frequency,
              weekday,
              time,
              status: "active",
              agreedOn,
              agreedBy,
              targets: blockTargets,
            },
          ],
        };
        const result = v.safeParse(PlayPlanSchema, candidate);
        if (result.success) {
          const { id: _id, childId: _child, ...rest } = result.output;
          plan = rest;
        } else {
          for (const issue of result.issues) {
            const path = issue.path?.map((p) => String(p.key)) ?? [];
            problem("targets", targets[Number(path[3] ?? 0)] ?? first, undefined, `${path.join(".")} ${issue.message}`);
          }
        }
      }
    }
    if (problems.length === before && parsed.success && receivedOn) {
      children.push({
        childRef,
        answers: parsed.referral,
        receivedOn,
        route,
        referrer:
          referrerName === ""
            ? null
            : {
                name: referrerName,
                role: referrerRole,
                ...(referralRow.cells.referrer_organisation
                  ? { organisation: referralRow.cells.referrer_organisation }
                  : {}),
              },
        decisions,
        waiting,
        allocation,
        plan,
        rows: [childRow, referralRow, ...(decisionRows.get(childRef) ?? []), waitingRow, allocationRow, ...targets]
          .filter((r): r is Row => r !== undefined)
          .map((r) => r.raw),
      });
    }
  }
  problems.sort(
    (a, b) => IMPORT_KINDS.indexOf(kindOfFile(a.file)) - IMPORT_KINDS.indexOf(kindOfFile(b.file)) || a.row - b.row,
  );
  return { problems, children, rows: counts };
}

const kindOfFile = (file: string) => IMPORT_KINDS.find((k) => TEMPLATES[k].file === file) ?? "children";

const splitList = (value: string) =>
  value
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s !== "");

const fieldByName = new Map(referralFields.map((f) => [f.name, f]));
const isMultiple = (field: string) => fieldByName.get(field)?.kind === "checkboxes" && field !== "consentToReferral";

/** A cell as the referral form's input expects it: a date in parts, lists as arrays. */
function formValue(field: string, value: string): unknown {
  const definition = fieldByName.get(field);
  if (definition?.kind === "date") {
    const date = dayOf(value);
    if (date === undefined) return { day: "", month: "", year: "" };
    return { year: date.slice(0, 4), month: String(Number(date.slice(5, 7))), day: String(Number(date.slice(8, 10))) };
  }
  if (definition?.kind === "checkboxes") return splitList(value);
  return value;
}

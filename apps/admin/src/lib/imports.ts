// The caseload import screen's work: reading the uploaded CSV files and asking the API to check
// or import them (POST /api/imports). The API answers 422 with the same list of problems when an
// import finds any, so the answer is read as it is rather than as a problem document.

/** The templates' kinds and files, in the order the screen lists them (the API's IMPORT_KINDS). */
export const IMPORT_FILES = [
  { kind: "children", file: "children.csv", label: "Children and their parents or carers" },
  { kind: "referrals", file: "referrals.csv", label: "Referrals" },
  { kind: "decisions", file: "decisions.csv", label: "Triage decisions" },
  { kind: "waiting-list", file: "waiting-list.csv", label: "The waiting list" },
  { kind: "allocations", file: "allocations.csv", label: "Allocations to home visitors" },
  { kind: "targets", file: "targets.csv", label: "Current plans' targets" },
] as const;
export type ImportKindName = (typeof IMPORT_FILES)[number]["kind"];

/** What the API answers for a check or an import. */
export interface ImportAnswer {
  readonly dryRun: boolean;
  readonly rows: Readonly<Record<string, number>>;
  readonly problems: readonly { file: string; row: number; column?: string; message: string }[];
  readonly children: { toImport: number; alreadyImported: number; changedSinceImport: readonly string[] };
  readonly written?: Readonly<Record<string, number>>;
}

/** A template as the API describes it. */
export interface ImportTemplate {
  readonly kind: ImportKindName;
  readonly file: string;
  readonly row: string;
  readonly columns: readonly { name: string; required: boolean; description: string; values?: readonly string[] }[];
}

/** The uploaded files' text by kind (files left empty are left out), and whether to import. */
export interface Upload {
  readonly files: Partial<Record<ImportKindName, string>>;
  readonly dryRun: boolean;
  /** Files that were not CSV text, by kind. */
  readonly unreadable: readonly ImportKindName[];
}

/** Reads a posted multipart form: each file input named by its kind, and the button pressed. */
export async function readUpload(request: Request): Promise<Upload> {
  let data: FormData;
  try {
    data = await request.formData();
  } catch {
    data = new FormData();
  }
  const files: Partial<Record<ImportKindName, string>> = {};
  const unreadable: ImportKindName[] = [];
  for (const { kind } of IMPORT_FILES) {
    const value = data.get(kind);
    if (value === null || typeof value === "string" || value.size === 0) continue;
    const text = await value.text();
    // A spreadsheet saved as .xlsx (a zip) or any binary file is not CSV text.
    if (text.includes("\u0000") || text.startsWith("PK\u0003\u0004")) unreadable.push(kind);
    else files[kind] = text;
  }
  return { files, dryRun: data.get("action") !== "import", unreadable };
}

/** The API's answer to a check or import, or the status when it refused otherwise. */
export async function readAnswer(
  response: Response | undefined,
): Promise<{ answer: ImportAnswer } | { status: number }> {
  if (!response) return { status: 0 };
  if (response.status === 200 || response.status === 422) {
    return { answer: (await response.json()) as ImportAnswer };
  }
  await response.body?.cancel();
  return { status: response.status };
}

/** "children.csv, row 4, postcode" for a problem. */
export function whereOf(problem: ImportAnswer["problems"][number]): string {
  return [problem.file, problem.row > 0 ? `row ${problem.row}` : "", problem.column ?? ""].filter(Boolean).join(", ");
}

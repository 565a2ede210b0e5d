// The API answers every refusal with an RFC 9457 problem document. This turns one into what a
// GOV.UK error summary needs: a message per field (linked to the field) or one for the page, in
// words a parent would use.

/** An RFC 9457 problem document as the API sends it; extra members are tolerated. */
export interface Problem {
  readonly type?: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  /** Validation errors: where in the request body, and what is wrong. */
  readonly errors?: readonly ProblemError[];
  /** For an edit conflict (409 `/api/problems/edit-conflict`): the record as it stands now. */
  readonly conflict?: EditConflict;
  /** For an invitation that cannot be used (404/410): why (`unknown`, `expired`, `used`, `voided`). */
  readonly invitation?: string;
}

/** What an edit conflict says about a record the home visitor changed while the family member was typing. */
export interface EditConflict {
  /** The version to send with the next change. */
  readonly currentVersion: number;
  /** Who changed it last, and when (ISO timestamp); null when the API does not know. */
  readonly changedBy: string | null;
  readonly changedAt: string | null;
  /** Change codes since the version the form was read at (`target-changed`, ...). */
  readonly changes: readonly string[];
}

/** One validation error, `path` as the API reports it (`"child.dateOfBirth"`, `["child", "dateOfBirth"]`, `"/child/dateOfBirth"`). */
export interface ProblemError {
  readonly path?: string | readonly (string | number)[];
  readonly message: string;
}

/** One line of a GOV.UK error summary: `href` points at the field, when there is one. */
export interface ErrorItem {
  readonly text: string;
  readonly href?: string;
}

/** What a form shows after a refusal: the summary lines and each field's own message. */
export interface FormErrors {
  readonly summary: readonly ErrorItem[];
  readonly fields: Readonly<Record<string, string>>;
}

/** The path of a validation error as dotted segments (`child.dateOfBirth`). */
export function pathKey(path: ProblemError["path"]): string {
  if (path === undefined) return "";
  if (Array.isArray(path)) return path.join(".");
  return String(path).replace(/^\/+/, "").replaceAll("/", ".");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads a problem document from whatever came back; falls back to a generic one for `status`. */
export function parseProblem(body: unknown, status: number): Problem {
  if (!isRecord(body)) return { title: fallbackTitle(status), status };
  const title = typeof body.title === "string" ? body.title : fallbackTitle(status);
  const rawErrors = body.errors ?? body.invalidParams ?? body["invalid-params"] ?? body.issues;
  const errors: ProblemError[] = [];
  if (Array.isArray(rawErrors)) {
    for (const raw of rawErrors) {
      if (!isRecord(raw)) continue;
      const message = raw.message ?? raw.reason ?? raw.detail;
      if (typeof message !== "string") continue;
      const path = raw.path ?? raw.field ?? raw.name ?? raw.pointer;
      const error: ProblemError =
        typeof path === "string" || Array.isArray(path)
          ? { message, path: path as string | (string | number)[] }
          : { message };
      errors.push(error);
    }
  }
  const conflict = editConflictOf(body);
  return {
    title,
    status: typeof body.status === "number" ? body.status : status,
    ...(typeof body.type === "string" ? { type: body.type } : {}),
    ...(typeof body.detail === "string" ? { detail: body.detail } : {}),
    ...(errors.length > 0 ? { errors } : {}),
    ...(conflict ? { conflict } : {}),
    ...(typeof body.invitation === "string" ? { invitation: body.invitation } : {}),
  };
}

/** The edit-conflict members of a problem document, when it has them. */
function editConflictOf(body: Record<string, unknown>): EditConflict | undefined {
  const version = body.currentVersion;
  if (typeof version !== "number" || !Number.isInteger(version)) return undefined;
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);
  return {
    currentVersion: version,
    changedBy: text(body.changedBy),
    changedAt: text(body.changedAt),
    changes: Array.isArray(body.changes) ? body.changes.filter((c): c is string => typeof c === "string") : [],
  };
}

/** Words for a status when the API sent no problem document (a proxy's error page, say). */
export function fallbackTitle(status: number): string {
  if (status === 0) return "The service is not working at the moment. Try again in a few minutes.";
  if (status === 401) return "You have been signed out. Sign in again.";
  if (status === 403) return "You cannot do that here.";
  if (status === 404) return "There is nothing here that you can see.";
  if (status === 409) return "This was changed by someone else. Check it and try again.";
  if (status === 413) return "That is too long to send. Make it shorter and try again.";
  if (status === 429) return "You have tried too many times. Wait 15 minutes and try again.";
  if (status >= 500) return "Something went wrong on our side. What you typed is kept: try again in a few minutes.";
  return "That could not be saved. Check what you typed and try again.";
}

/** A field on the page: its input's id, and what it is called (to complete a terse message). */
export type FieldRef = string | { readonly id: string; readonly label: string };

/**
 * The message as a sentence: the API's terse ones ("must not be empty") start with the field's
 * name ("Name must not be empty"), as GOV.UK error messages do.
 */
export function sentence(message: string, label: string | undefined): string {
  if (!label || !/^[a-z]/.test(message)) return message;
  return `${label} ${message}`;
}

/**
 * The error summary and field messages for a refused form. `fieldIds` maps an API path
 * (`child.dateOfBirth`) to the input on the page; errors on paths the form does not show still
 * reach the summary, without a link, so nothing the API said is hidden.
 */
export function formErrors(problem: Problem, fieldIds: Readonly<Record<string, FieldRef>> = {}): FormErrors {
  const summary: ErrorItem[] = [];
  const fields: Record<string, string> = {};
  for (const error of problem.errors ?? []) {
    const key = pathKey(error.path);
    const ref = fieldIds[key];
    const id = typeof ref === "string" ? ref : ref?.id;
    if (id) {
      const text = sentence(error.message, typeof ref === "string" ? undefined : ref?.label);
      if (!(id in fields)) fields[id] = text;
      summary.push({ text, href: `#${id}` });
    } else {
      summary.push({ text: key ? `${key}: ${error.message}` : error.message });
    }
  }
  if (summary.length === 0) summary.push({ text: problem.detail ?? problem.title });
  return { summary, fields };
}

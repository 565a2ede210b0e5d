// Reading a posted HTML form: every value a string, trimmed (so stray spaces around a name or an
// email address do not reach the API), except passwords, which are sent exactly as typed: a space
// at either end is part of the password. A refused form can then be shown again as it was typed.

/** True for a field that holds a password (`password`, `newPassword`...): never trimmed. */
export function isPasswordField(name: string): boolean {
  return /password/i.test(name);
}

/** A posted field's value as the API should have it: trimmed, unless it is a password. */
export function fieldValue(name: string, value: string): string {
  return isPasswordField(name) ? value : value.trim();
}

/** The posted form's text fields (files ignored); repeated names keep every value in `all`. */
export interface Posted {
  get(name: string): string;
  all(name: string): string[];
  /** Every text field, for showing a form again as it was typed. */
  readonly values: Readonly<Record<string, string>>;
}

/** Reads a request's form body. A body that is not a form reads as empty. */
export async function readForm(request: Request): Promise<Posted> {
  let data: FormData;
  try {
    data = await request.formData();
  } catch {
    data = new FormData();
  }
  const values: Record<string, string> = {};
  for (const [key, value] of data.entries()) {
    if (typeof value === "string" && !(key in values)) values[key] = fieldValue(key, value);
  }
  return {
    get: (name) => values[name] ?? "",
    all: (name) => data.getAll(name).flatMap((v) => (typeof v === "string" ? [fieldValue(name, v)] : [])),
    values,
  };
}

/** `"yes"` / `"no"` to a boolean; anything else to undefined (the API then says what is missing). */
export function yesNo(value: string): boolean | undefined {
  if (value === "yes") return true;
  if (value === "no") return false;
  return undefined;
}

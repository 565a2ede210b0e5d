// Reading a posted HTML form: every value a trimmed string, so a refused form can be shown again
// exactly as it was typed.

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
    if (typeof value === "string" && !(key in values)) values[key] = value.trim();
  }
  return {
    get: (name) => values[name] ?? "",
    all: (name) => data.getAll(name).flatMap((v) => (typeof v === "string" ? [v.trim()] : [])),
    values,
  };
}

/** `"yes"` / `"no"` to a boolean; anything else to undefined (the API then says what is missing). */
export function yesNo(value: string): boolean | undefined {
  if (value === "yes") return true;
  if (value === "no") return false;
  return undefined;
}

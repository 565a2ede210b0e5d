// A plain HTML form posts flat `name=value` pairs: the date of birth as three fields
// (`childDateOfBirth-day`, ...) and one pair per ticked checkbox. This turns them into the JSON
// shape the schema validates, keeping unknown keys so the schema can reject them.

const DATE_FIELDS = new Set(["childDateOfBirth"]);
const DATE_PART = /^(.+)-(day|month|year)$/;

/**
 * Builds the JSON shape of a referral from form fields (`URLSearchParams`, or `[name, value]`
 * pairs). A repeated name becomes an array. The result has no prototype, so a field named
 * `__proto__` is an ordinary key that validation rejects.
 */
export function fromFormEntries(entries: Iterable<readonly [string, string]>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const [name, value] of entries) {
    const date = DATE_PART.exec(name);
    if (date?.[1] !== undefined && DATE_FIELDS.has(date[1])) {
      if (!Object.hasOwn(out, date[1])) out[date[1]] = Object.create(null);
      const parts = out[date[1]] as Record<string, unknown>;
      const part = date[2] as string;
      parts[part] = part in parts ? [parts[part], value].flat() : value;
      continue;
    }
    if (Object.hasOwn(out, name)) {
      const existing = out[name];
      out[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
    } else {
      out[name] = value;
    }
  }
  return out;
}

/** The flat form fields for a referral's answers (as typed), to put them back in the form after an error. */
export function toFormValues(input: unknown): Record<string, string | readonly string[]> {
  const out: Record<string, string | readonly string[]> = {};
  if (input === null || typeof input !== "object") return out;
  for (const [name, value] of Object.entries(input)) {
    if (DATE_FIELDS.has(name) && value !== null && typeof value === "object") {
      for (const [part, partValue] of Object.entries(value)) {
        if (typeof partValue === "string") out[`${name}-${part}`] = partValue;
      }
    } else if (typeof value === "string") {
      out[name] = value;
    } else if (Array.isArray(value)) {
      out[name] = value.filter((x): x is string => typeof x === "string");
    }
  }
  return out;
}

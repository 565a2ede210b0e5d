// Which characters a line or a paragraph typed by a person may hold. Control characters, hidden
// formatting and direction overrides never belong in a name or a note: they can cut a value
// short (NUL), rewrite a terminal (escape sequences), make text read differently from how it is
// stored (bidirectional overrides, "Trojan Source"), or make two names look the same when they
// are not (zero-width spaces). One rule, used by the referral form and by every API body.

/** Why a piece of text is refused; `undefined` from {@link textProblem} when it is fine. */
export type TextProblem =
  /** A control character (C0 other than tab, line feed and carriage return; DEL; C1), a
   * direction override or isolate, a hidden formatting character, a noncharacter or a lone
   * surrogate. Refused in every field. */
  | "control-character"
  /** A line break or tab in a field of one line. */
  | "line-break";

/** How a field is typed. */
export interface TextRuleOptions {
  /** True for a field of several lines (a textarea): line feeds, carriage returns and tabs are kept. */
  readonly multiLine?: boolean;
}

/**
 * Characters refused everywhere:
 * - C0 controls except tab (U+0009), line feed (U+000A) and carriage return (U+000D); DEL; C1
 *   controls (U+0080 to U+009F, which include NEL).
 * - U+00AD soft hyphen, U+115F, U+1160, U+3164 and U+FFA0 (Hangul fillers, which draw nothing),
 *   U+180E Mongolian vowel separator, U+200B zero-width space, U+2060 to U+2064 (word joiner and
 *   invisible operators), U+FEFF (byte order mark), U+FFF9 to U+FFFB (interlinear annotation).
 * - U+202A to U+202E (embeddings and overrides) and U+2066 to U+2069 (isolates).
 * - U+2028 and U+2029 (line and paragraph separators: a break that most tools do not see as one).
 * - U+E0000 to U+E007F (tags, invisible), U+FFFE, U+FFFF and the other noncharacters.
 *
 * Kept: zero-width joiner and non-joiner (U+200C, U+200D: needed by many scripts and emoji),
 * the direction marks U+200E, U+200F and U+061C (they mark, they do not override), variation
 * selectors (emoji), and every letter, mark, digit, symbol and space.
 */
const REFUSED =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u115F\u1160\u180E\u200B\u2028\u2029\u202A-\u202E\u2060-\u2064\u2066-\u2069\u3164\uFDD0-\uFDEF\uFEFF\uFFA0\uFFF9-\uFFFB\uFFFE\uFFFF]|[\u{E0000}-\u{E007F}]|[\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{4FFFE}\u{4FFFF}\u{5FFFE}\u{5FFFF}\u{6FFFE}\u{6FFFF}\u{7FFFE}\u{7FFFF}\u{8FFFE}\u{8FFFF}\u{9FFFE}\u{9FFFF}\u{AFFFE}\u{AFFFF}\u{BFFFE}\u{BFFFF}\u{CFFFE}\u{CFFFF}\u{DFFFE}\u{DFFFF}\u{EFFFE}\u{EFFFF}\u{FFFFE}\u{FFFFF}\u{10FFFE}\u{10FFFF}]/u;

/** Half of a surrogate pair without its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Line feed, carriage return and tab: kept in a field of several lines only. */
const LINE_BREAK = /[\t\n\r]/;

/**
 * Whether a person may type `text` into a field: `undefined` when it is fine, otherwise why not.
 * A field of one line refuses line breaks and tabs too (see {@link TextRuleOptions.multiLine}).
 *
 * @example
 * textProblem("Poppy") // undefined
 * textProblem("Pop\u0000py") // "control-character"
 * textProblem("abc\u202Edef") // "control-character"
 * textProblem("first line\nsecond") // "line-break"
 * textProblem("first line\nsecond", { multiLine: true }) // undefined
 */
export function textProblem(text: string, options: TextRuleOptions = {}): TextProblem | undefined {
  // A lone surrogate cannot be stored as UTF-8 without changing it.
  if (LONE_SURROGATE.test(text)) return "control-character";
  if (REFUSED.test(text)) return "control-character";
  if (!options.multiLine && LINE_BREAK.test(text)) return "line-break";
  return undefined;
}

/** What a refused piece of text must not be, as the end of a sentence about the field. */
export const TEXT_PROBLEM_RULES: Readonly<Record<TextProblem, string>> = {
  "control-character": "must not contain control characters or hidden formatting characters",
  "line-break": "must be on one line, without line breaks or tabs",
};

/**
 * The message for a refused piece of text, GOV.UK style, naming the field by what people call it
 * ("Child's first name"). The API gives the rule alone ({@link TEXT_PROBLEM_RULES}) with the
 * field's path.
 *
 * @example
 * textProblemMessage("Child's first name", "control-character")
 * // "Child's first name must not contain control characters or hidden formatting characters"
 */
export function textProblemMessage(subject: string, problem: TextProblem): string {
  return `${subject} ${TEXT_PROBLEM_RULES[problem]}`;
}

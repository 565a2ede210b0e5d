// Checks every request body and query before its schema runs, in one place: how deeply the JSON
// nests, lists sent where an object belongs (valibot's object schemas take arrays), and every
// string against the domain's text rule (no control characters or hidden formatting anywhere; line
// breaks only in fields marked `multiLine`). Each finding names the field by its path.
import { TEXT_PROBLEM_RULES, textProblem } from "@openportage/domain";
import * as v from "valibot";

/** How deeply a JSON body may nest objects and lists (the API's deepest body uses 4 levels). */
export const MAX_JSON_DEPTH = 32;

/**
 * Marks a text field of several lines (a textarea): line feeds, carriage returns and tabs are
 * kept there and refused in every other field. Put it in the field's pipe:
 * `v.pipe(v.string(), v.maxLength(2000), multiLine)`.
 */
// biome-ignore lint/suspicious/noExplicitAny: a mark with no input of its own fits any field's pipe.
export const multiLine = v.metadata<any, { readonly openportageText: "multi-line" }>({ openportageText: "multi-line" });

/** Whether a JSON text nests objects and lists deeper than `max`. Reads the text once, no recursion. */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // a backslash escapes the next character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) {
      depth++;
      if (depth > max) return true;
    } else if (ch === 0x7d || ch === 0x5d) depth--;
  }
  return false;
}

/** The finding for a body that is a list where its schema wants an object. */
export const BODY_IS_A_LIST = "must be a JSON object, not a list";

/** One finding, as the validation problem lists it. */
export interface InputIssue {
  readonly field: string;
  readonly message: string;
}

// valibot's schemas as plain data: what the walk needs to know about each kind.
interface Node {
  readonly type: string;
  readonly kind?: string;
  readonly pipe?: readonly Node[];
  readonly metadata?: Record<string, unknown>;
  readonly wrapped?: Node;
  readonly getter?: (input: unknown) => Node;
  readonly entries?: Record<string, Node>;
  readonly rest?: Node;
  readonly item?: Node;
  readonly items?: readonly Node[];
  readonly value?: Node;
  readonly options?: readonly Node[];
  readonly key?: string;
}

const WRAPPERS = new Set([
  "optional",
  "exact_optional",
  "nullable",
  "nullish",
  "undefinedable",
  "non_optional",
  "non_nullable",
  "non_nullish",
]);
const OBJECTS = new Set(["object", "strict_object", "loose_object", "object_with_rest"]);
const TUPLES = new Set(["tuple", "strict_tuple", "loose_tuple", "tuple_with_rest"]);
/** Schemas that take anything: their strings may hold line breaks (control characters never). */
const OPEN = new Set(["unknown", "any"]);

function marked(node: Node): boolean {
  for (const item of node.pipe ?? []) {
    if (item.kind === "metadata" && item.metadata?.openportageText === "multi-line") return true;
    if (item.kind === "schema" && item !== node && marked(item)) return true;
  }
  return false;
}

/** The schema with its wrappers and lazy getters taken off, and whether any layer marked it multi-line. */
function unwrap(node: Node | undefined, value: unknown): { node: Node | undefined; multi: boolean } {
  let multi = false;
  let current = node;
  for (let guard = 0; current && guard < 64; guard++) {
    if (marked(current)) multi = true;
    if (WRAPPERS.has(current.type) && current.wrapped) current = current.wrapped;
    else if (current.type === "lazy" && current.getter) current = current.getter(value);
    else break;
  }
  return { node: current, multi };
}

/** The options of a union or variant that this value could be. */
function candidates(node: Node, value: unknown): readonly Node[] {
  const options = node.options ?? [];
  if (node.type === "variant" && node.key && value && typeof value === "object") {
    const tag = (value as Record<string, unknown>)[node.key];
    const chosen = options.filter((o) => {
      const entry = o.entries?.[node.key ?? ""];
      return entry ? v.is(entry as unknown as v.GenericSchema, tag) : false;
    });
    if (chosen.length > 0) return chosen;
  }
  const fitting = options.filter((o) => v.is(o as unknown as v.GenericSchema, value));
  return fitting.length > 0 ? fitting : options;
}

/**
 * Walks `value` alongside its schema. `inherited`: the strings here may hold line breaks (a
 * union marked multi-line, or inside a schema that takes anything). A key the schema does not
 * know is walked as a field of one line: the schema refuses the key anyway.
 */
function walk(schema: Node | undefined, value: unknown, path: string, inherited: boolean, out: InputIssue[]): void {
  const { node, multi: here } = unwrap(schema, value);
  const open = inherited || (node !== undefined && OPEN.has(node.type));
  if (node && (node.type === "union" || node.type === "variant" || node.type === "intersect")) {
    const options = node.type === "intersect" ? (node.options ?? []) : candidates(node, value);
    // The most lenient reading wins: the schema itself still refuses what fits no option.
    let best: InputIssue[] | undefined;
    for (const option of options) {
      const found: InputIssue[] = [];
      walk(option, value, path, open || here, found);
      if (!best || found.length < best.length) best = found;
      if (found.length === 0) break;
    }
    out.push(...(best ?? []));
    return;
  }
  if (typeof value === "string") {
    const problem = textProblem(value, { multiLine: open || here });
    if (problem) out.push({ field: path, message: TEXT_PROBLEM_RULES[problem] });
    return;
  }
  if (Array.isArray(value)) {
    if (node && (OBJECTS.has(node.type) || node.type === "record")) {
      out.push({ field: path, message: path ? "must be an object, not a list" : BODY_IS_A_LIST });
      return;
    }
    value.forEach((item, index) => {
      const child =
        node?.type === "array"
          ? node.item
          : node && TUPLES.has(node.type)
            ? (node.items?.[index] ?? node.rest)
            : undefined;
      walk(child, item, path ? `${path}.${index}` : String(index), open, out);
    });
    return;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const child =
        node && OBJECTS.has(node.type)
          ? (node.entries?.[key] ?? node.rest)
          : node?.type === "record"
            ? node.value
            : undefined;
      walk(child, item, path ? `${path}.${key}` : key, open, out);
    }
  }
}

/**
 * Every string in `value` checked against the domain's text rule, and every list where `schema`
 * wants an object, each with its dotted path. Runs before the schema, so nothing reaches a
 * transform or a handler with a NUL in it.
 */
export function inspectInput(schema: v.GenericSchema, value: unknown): InputIssue[] {
  const out: InputIssue[] = [];
  walk(schema as unknown as Node, value, "", false, out);
  return out;
}

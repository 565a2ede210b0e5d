// One table of bad input, sent to every route that takes input: each operation in the OpenAPI
// document with a JSON body gets every class of bad body (too deep, empty, a list, not JSON, a
// form post asking for JSON, control characters and line breaks in each of its text fields), and
// the routes that filter by date get impossible dates. Each answer must be a 4xx problem document
// naming the body or the field; none may be a 5xx or an HTML page. Every status seen must be one
// the OpenAPI document describes for the operation.
import { HONEYPOT_FIELD, IDEMPOTENCY_FIELD, referralFields } from "@openportage/referral-form";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH } from "../../lib/input-check.js";
import { caseWithPlan, type TestCase } from "../../test-support/casework.js";
import { familyMemberFor, type TestFamilyMember } from "../../test-support/family.js";
import { createHarness, type Harness } from "../../test-support/harness.js";

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field: string; pointer: string; message: string }[];
}

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  $ref?: string;
}

interface Operation {
  method: string;
  /** The document's path, `/cases/{id}`. */
  path: string;
  body?: JsonSchema;
  responses: string[];
}

const CONTROL = "must not contain control characters or hidden formatting characters";
const ONE_LINE = "must be on one line, without line breaks or tabs";

/**
 * The text fields of several lines (the admin and family apps' textareas): line breaks are kept
 * there and refused everywhere else. A field added to this list must be marked `multiLine` in its
 * schema, and the other way round.
 */
const MULTI_LINE: Record<string, string[]> = {
  "POST /referrals": ["helpWanted", "diagnosis", "developmentalConcerns", "professionalsDetails", "homeVisitSafety"],
  "POST /referrals/{id}/decision": ["note", "signposting"],
  "POST /referrals/{id}/allocation": ["overCaseloadReason"],
  "POST /cases/{id}/reallocation": ["handoverNote", "overCaseloadReason"],
  "POST /cases/{id}/return-to-waiting-list": ["reason"],
  "PUT /cases/{id}/home-visit-notes": ["text"],
  "POST /cases/{id}/profiles": ["entries.0.note"],
  "POST /cases/{id}/plan/goals": ["text"],
  "PATCH /cases/{id}/plan/goals/{goalId}": ["text"],
  "POST /cases/{id}/plan/blocks/{blockId}/targets": ["practice.how"],
  "PATCH /cases/{id}/plan/targets/{targetId}": ["practice.how"],
  "POST /cases/{id}/plan/targets/{targetId}/outcome": ["reason", "note"],
  "PATCH /cases/{id}/visits/{visitId}": ["note"],
  "PUT /cases/{id}/visits/{visitId}/record": [
    "familyFocus",
    "structuredTeaching",
    "childLedPlay",
    "practiseNext",
    "note",
  ],
  "PUT /cases/{id}/targets/{targetId}/practice-records": ["records.0.note"],
  "POST /cases/{id}/plan/blocks/{blockId}/review": [
    "celebrations",
    "nextFocus",
    "outcomes.0.reason",
    "outcomes.0.note",
  ],
  "PUT /cases/{id}/plan/blocks/{blockId}/review": ["celebrations", "nextFocus"],
  "POST /cases/{id}/plan/goals/{goalId}/reviews": ["note"],
  "PUT /cases/{id}/transition-plan": ["peopleInvolved", "notes"],
  "POST /cases/{id}/exit": [
    "note",
    "report.strengthsAndInterests",
    "report.howChildLearnsBest",
    "report.familyWantsSettingToKnow",
    "report.canNowDo.0.summary",
  ],
  "POST /closed-cases/{id}/reopen": ["reason"],
  "POST /referrals/{id}/monitoring-visits": ["note"],
  "POST /cases/{id}/consents": ["covers"],
  "POST /cases/{id}/disclosures": ["exception.reason"],
  "PUT /family/children/{id}/practice/{targetId}/{date}": ["note"],
  "POST /family/children/{id}/messages": ["body"],
  "POST /family/children/{id}/leave-request": ["body"],
  // A caseload import: each file is CSV text.
  "POST /imports": [
    "files.children",
    "files.referrals",
    "files.decisions",
    "files.waiting-list",
    "files.allocations",
    "files.targets",
  ],
};

/**
 * The sign-in steps after the password (second factor, new password) take input only from a
 * sign-in waiting for that step: anyone else is turned away (401) before the body is read. Their
 * bodies are tested with a sign-in in progress in routes/auth.
 */
const STEP_ROUTES = /^\/auth\/sign-in\/./;

/** Routes anyone may call: no session needed to reach their input checks. */
const PUBLIC = new Set([
  "POST /referrals",
  "POST /auth/sign-in",
  "POST /family/invitations/{token}/passkey",
  "POST /family/sign-in/code",
  "POST /family/sign-in/code/verify",
  "POST /family/sign-in/passkey",
]);

let h: Harness;
let coordinator: { id: string; cookie: string };
let visitor: { id: string; cookie: string };
let administrator: { id: string; cookie: string };
let theCase: TestCase;
let family: TestFamilyMember;
let operations: Operation[];
let doc: { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
/** Every status seen, by operation, to check against the document at the end. */
const seen = new Map<string, Set<number>>();

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.staffMember("coordinator");
  visitor = await h.staffMember("home-visitor");
  administrator = await h.staffMember("administrator");
  theCase = await caseWithPlan(h, coordinator, visitor, { childFirstName: "Badinput" });
  family = await familyMemberFor(h, theCase.childId, { invitedBy: coordinator.id, kind: "carer" });
  doc = (await (await h.request("/api/openapi.json")).json()) as typeof doc;
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const body = (op as { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }).requestBody
        ?.content?.["application/json"]?.schema;
      return {
        method: method.toUpperCase(),
        path,
        ...(body ? { body } : {}),
        responses: Object.keys(op.responses ?? {}),
      };
    }),
  );
});
afterAll(() => h.close());

function key(op: Operation): string {
  return `${op.method} ${op.path}`;
}

/** The operation's address with real ids from the test's case (the input is checked before the record is looked up). */
function addressOf(op: Operation): string {
  const path = op.path
    .replace(/^\/users\/\{id\}/, `/users/${visitor.id}`)
    .replace(/^\/referrals\/\{id\}/, `/referrals/${theCase.referralId}`)
    .replace("{id}", theCase.childId)
    .replace("{goalId}", theCase.goalId ?? "")
    .replace("{blockId}", theCase.blockId ?? "")
    .replace("{targetId}", theCase.targetId ?? "")
    .replace("{visitId}", theCase.visitIds?.[0] ?? "")
    .replace("{accessId}", family.accessId)
    .replace("{token}", "a".repeat(43))
    .replace("{date}", "2026-11-20")
    .replace("{name}", "visits")
    .replace(/\{[A-Za-z]+\}/g, "00000000-0000-4000-8000-000000000000");
  return `/api${path}`;
}

/** Who may call the operation: the first caller the route does not turn away for who they are. */
function callersOf(op: Operation): { cookie?: string }[] {
  if (PUBLIC.has(key(op))) return [{}];
  if (op.path.startsWith("/family/")) return [{ cookie: family.cookie }];
  return [{ cookie: coordinator.cookie }, { cookie: visitor.cookie }, { cookie: administrator.cookie }];
}

async function send(
  op: Operation,
  init: { body?: string; headers?: Record<string, string> },
): Promise<{ res: Response; text: string }> {
  let last: { res: Response; text: string } | undefined;
  for (const caller of callersOf(op)) {
    const res = await h.request(addressOf(op), {
      method: op.method,
      ...(caller.cookie ? { cookie: caller.cookie } : {}),
      ...(init.body !== undefined ? { body: init.body } : {}),
      headers: {
        "content-type": "application/json",
        ...(caller.cookie ? {} : { origin: "http://localhost" }),
        ...init.headers,
      },
    });
    last = { res, text: await res.text() };
    if (res.status !== 403 || !last.text.includes("/api/problems/forbidden")) break;
  }
  if (!last) throw new Error("no caller");
  const statuses = seen.get(key(op)) ?? new Set<number>();
  statuses.add(last.res.status);
  seen.set(key(op), statuses);
  return last;
}

function problemOf(answer: { res: Response; text: string }, status: number | number[]): Problem {
  const expected = Array.isArray(status) ? status : [status];
  expect(expected, answer.text).toContain(answer.res.status);
  expect(answer.res.headers.get("content-type")).toBe("application/problem+json");
  const problem = JSON.parse(answer.text) as Problem;
  expect(problem.status).toBe(answer.res.status);
  expect(answer.text).not.toMatch(/at .*\.(ts|js):\d+/);
  return problem;
}

/** Every text field of a body schema, as a dotted path (lists by their first item). */
function textFields(schema: JsonSchema | undefined, path = ""): string[] {
  if (!schema) return [];
  const options = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (options) return [...new Set(options.flatMap((option) => textFields(option, path)))];
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (schema.properties) {
    return Object.entries(schema.properties).flatMap(([name, inner]) =>
      textFields(inner, path ? `${path}.${name}` : name),
    );
  }
  if (types.includes("array") && schema.items) return textFields(schema.items, path ? `${path}.0` : "0");
  if (types.includes("string") && path) return [path];
  return [];
}

/** A body holding only `value` at `path` (the rest missing: the text check names its field all the same). */
function bodyWith(path: string, value: string): unknown {
  const parts = path.split(".");
  const build = (index: number): unknown => {
    if (index === parts.length) return value;
    const part = parts[index] as string;
    return /^\d+$/.test(part) ? [build(index + 1)] : { [part]: build(index + 1) };
  };
  return build(0);
}

const bodyRoutes = () => operations.filter((op) => op.body && !STEP_ROUTES.test(op.path));

describe("every route with a JSON body", () => {
  it("has some (the table is not empty)", () => {
    expect(bodyRoutes().length).toBeGreaterThan(40);
  });

  it("refuses a body nested past the depth limit with 400, and one nested thousands deep too", async () => {
    const deep = (levels: number) => `{"x":${"[".repeat(levels)}${"]".repeat(levels)}}`;
    for (const op of bodyRoutes()) {
      for (const levels of [MAX_JSON_DEPTH + 1, 5000]) {
        const problem = problemOf(await send(op, { body: deep(levels) }), 400);
        expect(problem.type, key(op)).toBe("/api/problems/malformed-body");
        expect(problem.detail, key(op)).toBe(
          `The request body nests objects or lists more than ${MAX_JSON_DEPTH} levels deep`,
        );
      }
    }
  });

  it("takes a body nested to the limit as far as its schema (no 400)", async () => {
    const atLimit = `{"x":${"[".repeat(MAX_JSON_DEPTH - 1)}${"]".repeat(MAX_JSON_DEPTH - 1)}}`;
    for (const op of bodyRoutes()) {
      const answer = await send(op, { body: atLimit });
      expect(answer.res.status, `${key(op)} ${answer.text}`).not.toBe(400);
      expect(answer.res.status, key(op)).toBeLessThan(500);
    }
  });

  it("refuses an empty body with 400 naming the body", async () => {
    for (const op of bodyRoutes()) {
      for (const body of ["", "  \n"]) {
        const problem = problemOf(await send(op, { body }), 400);
        expect(problem.detail, key(op)).toBe("The request body is empty: send a JSON object");
      }
    }
  });

  it("refuses malformed JSON with 400", async () => {
    for (const op of bodyRoutes()) {
      const problem = problemOf(await send(op, { body: '{"a":' }), 400);
      expect(problem.type, key(op)).toBe("/api/problems/malformed-body");
    }
  });

  it("refuses a list where the body's object belongs with 422 naming the body", async () => {
    for (const op of bodyRoutes()) {
      for (const body of ["[]", "[{}]", '[{"version":1}]']) {
        const answer = await send(op, { body });
        // The referral form answers in its own words (its first question's message).
        const problem = problemOf(answer, 422);
        if (key(op) === "POST /referrals") continue;
        expect(problem.detail, `${key(op)} ${answer.text}`).toBe("The request body must be a JSON object, not a list");
        expect(problem.errors).toEqual([{ field: "", pointer: "", message: "must be a JSON object, not a list" }]);
      }
    }
  });

  it("refuses a list where an object belongs inside the body, naming the field", async () => {
    const nested = bodyRoutes().filter((op) =>
      Object.values(op.body?.properties ?? {}).some((p) => p.type === "object" && p.properties),
    );
    expect(nested.length).toBeGreaterThan(3);
    for (const op of nested) {
      const [name] =
        Object.entries(op.body?.properties ?? {}).find(([, p]) => p.type === "object" && p.properties) ?? [];
      const answer = await send(op, { body: JSON.stringify({ [name ?? ""]: [] }) });
      const problem = problemOf(answer, 422);
      // The referral form names the question in its own words ("Enter the child's date of birth").
      if (key(op) === "POST /referrals") {
        expect(problem.errors?.map((e) => e.field)).toContain(name);
        continue;
      }
      expect(problem.errors, `${key(op)} ${answer.text}`).toContainEqual({
        field: name,
        pointer: `/${name}`,
        message: "must be an object, not a list",
      });
    }
  });

  it("refuses a JSON value that is not an object with 422", async () => {
    for (const op of bodyRoutes()) {
      for (const body of ['"text"', "42", "null", "true"]) problemOf(await send(op, { body }), 422);
    }
  });

  it("answers a form post that asks for JSON with a JSON problem, never a page", async () => {
    for (const op of bodyRoutes()) {
      const answer = await send(op, {
        body: "childFirstName=A&version=1",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      });
      // The referral form takes form posts (its answers are then checked: 422); the rest refuse them.
      problemOf(answer, key(op) === "POST /referrals" ? 422 : 415);
    }
  });

  it("still answers the no-JavaScript referral form with a page when the browser asks for one", async () => {
    const op = operations.find((o) => key(o) === "POST /referrals") as Operation;
    for (const accept of ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "*/*", ""]) {
      const answer = await send(op, {
        body: "childFirstName=Pop%00py",
        headers: { "content-type": "application/x-www-form-urlencoded", ...(accept ? { accept } : {}) },
      });
      expect(answer.res.status, accept).toBe(422);
      expect(answer.res.headers.get("content-type"), accept).toMatch(/^text\/html/);
      expect(answer.text).toContain("must not contain control characters or hidden formatting characters");
    }
  });

  it.each([
    ["a NUL", "Pop\u0000py"],
    ["an escape sequence", "\u001B[2JPoppy"],
    ["a right-to-left override", "Poppy\u202Etxt"],
    ["a direction isolate", "\u2067Poppy"],
    ["a C1 control", "Pop\u009Bpy"],
    ["DEL", "Pop\u007Fpy"],
    ["a zero-width space", "Pop\u200Bpy"],
  ])("refuses %s in every text field, naming the field", async (_name, bad) => {
    let checked = 0;
    for (const op of bodyRoutes()) {
      for (const field of textFields(op.body)) {
        const answer = await send(op, { body: JSON.stringify(bodyWith(field, bad)) });
        const problem = problemOf(answer, 422);
        checked++;
        if (key(op) === "POST /referrals") {
          // The form's own words, for the question (a date's parts are one question). Its hidden
          // fields answer as the form does: "The form has expired", or the honeypot's silent
          // answer to a bot.
          if (field === HONEYPOT_FIELD) continue;
          const question = referralFields.find((f) => f.name === field.split(".")[0]);
          const message = problem.errors?.find((e) => e.field === field.split(".")[0])?.message ?? "";
          if (field === IDEMPOTENCY_FIELD) expect(message).toBe("The form has expired. Reload the page and try again");
          else if (question && ["text", "textarea", "email", "tel"].includes(question.kind))
            expect(message, `${field} ${answer.text}`).toMatch(new RegExp(` ${CONTROL}$`));
          else expect(message, `${field} ${answer.text}`).not.toBe("");
          continue;
        }
        expect(problem.errors, `${key(op)} ${field} ${answer.text}`).toContainEqual({
          field,
          pointer: `/${field.replaceAll(".", "/")}`,
          message: CONTROL,
        });
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("refuses line breaks and tabs in every field of one line, and keeps them in fields of several", async () => {
    const breaks = ["first\nsecond", "first\r\nsecond", "first\rsecond", "first\tsecond"];
    const accepting: Record<string, Record<string, string[]>> = Object.fromEntries(breaks.map((b) => [b, {}]));
    for (const op of bodyRoutes()) {
      for (const field of textFields(op.body)) {
        if (field === HONEYPOT_FIELD) continue;
        for (const bad of breaks) {
          const answer = await send(op, { body: JSON.stringify(bodyWith(field, bad)) });
          expect(answer.res.status, `${key(op)} ${field}`).toBeLessThan(500);
          const errors = answer.res.status === 422 ? ((JSON.parse(answer.text) as Problem).errors ?? []) : [];
          // The referral form names a question once (a date's parts, a checkbox's values: the question).
          const named = key(op) === "POST /referrals" ? field.split(".")[0] : field;
          const own = errors.find((e) => e.field === named);
          // A text field of one line says why; a choice refuses any value not on its list.
          if (own?.message.includes("must be on one line")) expect(own.message).toMatch(new RegExp(`${ONE_LINE}$`));
          if (own) continue;
          const byRoute = accepting[bad] ?? {};
          byRoute[key(op)] = [...(byRoute[key(op)] ?? []), field];
          accepting[bad] = byRoute;
        }
      }
    }
    for (const bad of breaks) expect(accepting[bad], JSON.stringify(bad)).toEqual(MULTI_LINE);
  });
});

describe("the sign-in steps after the password", () => {
  it("turn away a caller with no sign-in in progress (401) before reading any body", async () => {
    const steps = operations.filter((op) => op.body && STEP_ROUTES.test(op.path));
    for (const op of steps) {
      for (const body of ["", "[]", `{"x":${"[".repeat(5000)}${"]".repeat(5000)}}`, '{"code":"1\u0000"}']) {
        problemOf(await send(op, { body }), 401);
      }
    }
  });
});

/** The routes that filter by date, and their date parameters. */
const DATE_FILTERS: { path: string; params: string[]; time?: boolean }[] = [
  { path: "/referrals", params: ["from", "to"] },
  { path: "/audit", params: ["from", "to"], time: true },
  { path: "/diary", params: ["from", "to"] },
  { path: "/diary.ics", params: ["from", "to"] },
  { path: "/cases/{id}/practice-records", params: ["week"] },
  { path: "/cases/{id}/targets/{targetId}/activity-chart.pdf", params: ["week"] },
  { path: "/family/children/{id}/practice", params: ["from"] },
  { path: "/reports/{name}", params: ["from", "to"] },
];

describe("date filters", () => {
  it.each(DATE_FILTERS)("GET $path refuses impossible dates, naming the parameter", async ({ path, params, time }) => {
    const op = operations.find((o) => o.method === "GET" && o.path === path);
    expect(op, path).toBeDefined();
    if (!op) return;
    for (const param of params) {
      for (const bad of ["2026-02-30", "2026-13-01", "2026-04-31", "2026-00-10", "yesterday", "20261120"]) {
        const value = time && /^\d{4}-\d{2}-\d{2}$/.test(bad) ? `${bad}T00:00:00Z` : bad;
        const others = path.startsWith("/reports/") ? "from=2026-01-01&to=2026-06-30&" : "";
        const query = `${others.replace(new RegExp(`${param}=[^&]*&`), "")}${param}=${encodeURIComponent(value)}`;
        const answer = await send({ ...op, path: `${op.path}?${query}` }, {});
        const problem = problemOf(answer, 422);
        expect(
          problem.errors?.map((e) => e.field),
          `${path} ${param}=${value} ${answer.text}`,
        ).toContain(param);
      }
    }
  });

  it("refuses control characters in a text filter, naming it", async () => {
    const op = operations.find((o) => o.method === "GET" && o.path === "/audit") as Operation;
    const problem = problemOf(await send({ ...op, path: "/audit?actor=Cora%00Ordinator" }, {}), 422);
    expect(problem.errors).toContainEqual({ field: "actor", pointer: "/actor", message: CONTROL });
  });
});

describe("the OpenAPI document", () => {
  it("describes every status this table saw, for each operation", () => {
    const missing: string[] = [];
    for (const [name, statuses] of seen) {
      const [method, pathWithQuery] = name.split(" ");
      const path = (pathWithQuery ?? "").split("?")[0] ?? "";
      const described = Object.keys(doc.paths[path]?.[(method ?? "").toLowerCase()]?.responses ?? {});
      for (const status of statuses) if (!described.includes(String(status))) missing.push(`${name} ${status}`);
    }
    expect(seen.size).toBeGreaterThan(40);
    expect(missing).toEqual([]);
  });
});

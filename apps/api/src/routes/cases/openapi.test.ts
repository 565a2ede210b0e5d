// Every casework route's answers are described in the OpenAPI document, from the same valibot
// schemas whose types the admin app imports.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createHarness, type Harness } from "../../test-support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

type Operation = {
  requestBody?: { content: Record<string, { schema?: Record<string, unknown> }> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: Record<string, unknown> }> }>;
};

it("describes every casework route's success and refusals with schemas", async () => {
  const doc = (await (await h.request("/api/openapi.json")).json()) as {
    paths: Record<string, Record<string, Operation>>;
  };
  const casework = Object.entries(doc.paths).filter(([path]) => /^\/(cases|diary|calendar)/.test(path));
  const operations = casework.flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );
  expect(operations.length).toBeGreaterThanOrEqual(29);
  for (const { path, method, op } of operations) {
    const success = Object.entries(op.responses).find(([status]) => status.startsWith("2"));
    expect(success, `${method} ${path} has a success response`).toBeDefined();
    const [status, response] = success as [string, Operation["responses"][string]];
    if (status !== "204") {
      const schema = Object.values(response.content ?? {})[0]?.schema;
      expect(schema, `${method} ${path} describes its ${status} body`).toBeTruthy();
    }
    // Two actions take no body: a new calendar address, and trying a failed send again.
    if (["post", "put", "patch"].includes(method) && path !== "/diary/subscription" && !path.endsWith("/retry")) {
      expect(op.requestBody?.content["application/json"]?.schema, `${method} ${path} describes its body`).toBeTruthy();
    }
  }
  const plan = doc.paths["/cases/{id}/plan"]?.get?.responses["200"]?.content?.["application/json"]?.schema as {
    properties?: Record<string, unknown>;
  };
  expect(Object.keys(plan.properties ?? {})).toEqual(["plan", "rules"]);
  // The case's allocation: who allocated, whether imported, and why beyond the caseload limit.
  const caseView = doc.paths["/cases/{id}"]?.get?.responses["200"]?.content?.["application/json"]?.schema as {
    properties?: { allocation?: { properties?: Record<string, { description?: string }>; required?: string[] } };
  };
  const allocation = caseView.properties?.allocation;
  expect(Object.keys(allocation?.properties ?? {})).toEqual(
    expect.arrayContaining(["homeVisitor", "allocatedAt", "allocatedBy", "imported", "overCaseloadReason"]),
  );
  expect(allocation?.required).toEqual(expect.arrayContaining(["imported", "overCaseloadReason"]));
  expect(allocation?.properties?.overCaseloadReason?.description).toMatch(/caseload limit/);
  const record = doc.paths["/cases/{id}/visits/{visitId}/record"]?.put;
  expect(record?.responses["409"]?.description).toMatch(/edit-conflict/);
  const body = record?.requestBody?.content["application/json"]?.schema as { properties?: Record<string, unknown> };
  expect(Object.keys(body.properties ?? {})).toEqual(
    expect.arrayContaining(["version", "status", "familyFocus", "childLedPlay"]),
  );
});

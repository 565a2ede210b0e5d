// Who a session belongs to, said to the admin app in the same process (lib/session.ts): only when
// it asks, only in the same process, only for a signed-in member of staff.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createHarness, type Harness } from "../test-support/harness.js";
import { IN_PROCESS } from "./security.js";
import { IDENTIFY_HEADER, STAFF_HEADER } from "./session.js";

let h: Harness;
let coordinator: Awaited<ReturnType<Harness["staffMember"]>>;

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.staffMember("coordinator", "Cora Zoë Ordinator");
});
afterAll(() => h.close());

function call(path: string, headers: Record<string, string>, env?: unknown) {
  return h.app.request(path, { headers }, env as never);
}

it("says who is signed in to a call from the same process that asks", async () => {
  const answer = await call(
    "/api/waiting-list",
    { cookie: coordinator.cookie, [IDENTIFY_HEADER]: "staff" },
    IN_PROCESS,
  );
  expect(answer.status).toBe(200);
  const said = JSON.parse(Buffer.from(answer.headers.get(STAFF_HEADER) ?? "", "base64url").toString("utf8"));
  expect(said).toEqual({
    id: coordinator.id,
    name: "Cora Zoë Ordinator",
    email: coordinator.email,
    role: "coordinator",
  });
});

it("says nothing to a request from the network, one that does not ask, or a session not signed in", async () => {
  const network = await call("/api/waiting-list", { cookie: coordinator.cookie, [IDENTIFY_HEADER]: "staff" }, {});
  expect(network.status).toBe(200);
  expect(network.headers.get(STAFF_HEADER)).toBeNull();
  const unasked = await call("/api/waiting-list", { cookie: coordinator.cookie }, IN_PROCESS);
  expect(unasked.headers.get(STAFF_HEADER)).toBeNull();
  const nobody = await call("/api/waiting-list", { [IDENTIFY_HEADER]: "staff" }, IN_PROCESS);
  expect(nobody.status).toBe(401);
  expect(nobody.headers.get(STAFF_HEADER)).toBeNull();
  const ended = await call(
    "/api/waiting-list",
    { cookie: `${coordinator.cookie.split("=")[0]}=${"A".repeat(43)}`, [IDENTIFY_HEADER]: "staff" },
    IN_PROCESS,
  );
  expect(ended.status).toBe(401);
  expect(ended.headers.get(STAFF_HEADER)).toBeNull();
});

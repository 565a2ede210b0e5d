// Plain inserts store exactly what the query builder would: read back through drizzle, a row
// written with plainInsert equals one written with db.insert, JSON and boolean columns included.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createHarness, type Harness } from "../test-support/harness.js";
import { plainInsert } from "./plain.js";
import { children, outbox } from "./schema.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const child = (id: string, interpreterNeeded: boolean) => ({
  id,
  firstName: "Zoë",
  lastName: "O'Neill",
  dateOfBirth: "2024-03-01",
  sex: "female",
  homeLanguages: "English, Polish",
  interpreterNeeded,
  addressLine1: "1 Example Street",
  addressLine2: undefined,
  addressTown: "Preston",
  postcode: "PR1 2AB",
  destroyAfter: "2049-03-01",
  createdAt: "2026-12-01T10:00:00.000Z",
  updatedAt: "2026-12-01T10:00:00.000Z",
});

it("stores booleans, nulls and text as the query builder does", async () => {
  await h.db.insert(children).values(child("built", true));
  await h.db.$client.execute(plainInsert(children, [child("plain", true)]));
  await h.db.$client.execute(plainInsert(children, [child("plain-no", false)]));
  const read = async (id: string) => (await h.db.select().from(children).where(eq(children.id, id)))[0];
  const built = await read("built");
  expect(built?.interpreterNeeded).toBe(true);
  expect(built?.addressLine2).toBeNull();
  expect({ ...(await read("plain")), id: "built" }).toEqual(built);
  expect((await read("plain-no"))?.interpreterNeeded).toBe(false);
});

it("stores JSON columns as JSON, several rows in one statement", async () => {
  const row = (id: string) => ({
    id,
    kind: "team-alert",
    emailAddress: "team@council.example",
    personalisation: { reference: "ABC234", service_name: "Portage" },
    nextAttemptAt: "2026-12-01T10:00:00.000Z",
    createdAt: "2026-12-01T10:00:00.000Z",
  });
  const statement = plainInsert(outbox, [row("o1"), row("o2")]);
  expect(statement.sql.match(/\(\?/g)).toHaveLength(2);
  await h.db.$client.execute(statement);
  const stored = await h.db.select().from(outbox).where(eq(outbox.id, "o2"));
  expect(stored[0]?.personalisation).toEqual({ reference: "ABC234", service_name: "Portage" });
  // The table's defaults still apply to the columns not named.
  expect(stored[0]?.status).toBe("pending");
  expect(stored[0]?.attempts).toBe(0);
});

it("refuses a key the table has no column for, and no rows", () => {
  expect(() => plainInsert(children, [{ ...child("x", false), nickname: "Z" } as never])).toThrow(
    /children has no column nickname/,
  );
  expect(() => plainInsert(children, [])).toThrow(/no rows/);
});

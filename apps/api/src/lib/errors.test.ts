// No personal data reaches logs or problem documents from errors: the domain's messages (with
// dates of birth), failed queries (with a family's details as parameters), valibot's messages
// (with the value received) are reduced to kinds, ids, paths and codes.
import { WaitingListError } from "@openportage/domain";
import { DrizzleQueryError } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createHarness, type Harness } from "../test-support/harness.js";
import { describeError, errorLine, scrub } from "./errors.js";

const PERSONAL = /2024-0[0-9]-\d\d|Personalia|Dataperson|family@example\.com|PR1 2AB/;

describe("describeError", () => {
  it("keeps a WaitingListError's ids and reasons, not its dates", () => {
    const error = new WaitingListError([
      { id: "ref-1", message: "referred on 2024-01-02, before the child was born (2024-03-04)" },
      { id: "ref-2", message: "accepted on 2024-05-06, before the referral was made (2024-06-07)" },
    ]);
    expect(error.message).toMatch(PERSONAL); // what the domain says...
    const described = describeError(error);
    expect(described).toEqual({
      error: "WaitingListError",
      problems: 2,
      referralIds: ["ref-1", "ref-2"],
      reasons: ["referred-before-birth", "accepted-before-referral"],
    });
    expect(JSON.stringify(described)).not.toMatch(PERSONAL); // ...and what is logged
  });

  it("keeps a failed query's SQL, never its parameters", () => {
    const error = new DrizzleQueryError(
      "insert into children (first_name, date_of_birth, postcode) values (?, ?, ?)",
      ["Personalia", "2024-02-03", "PR1 2AB"],
      Object.assign(new Error("UNIQUE constraint failed: children.id"), { code: "SQLITE_CONSTRAINT" }),
    );
    expect(error.message).toMatch(PERSONAL);
    const described = describeError(error);
    expect(described).toMatchObject({
      query: expect.stringContaining("insert into children"),
      code: "SQLITE_CONSTRAINT",
    });
    expect(JSON.stringify(described)).not.toMatch(PERSONAL);
    expect(errorLine(error)).not.toMatch(PERSONAL);
  });

  it("scrubs other messages of dates, emails, postcodes, numbers and quoted values", () => {
    expect(
      scrub(
        'Invalid type: Expected number but received "Personalia" for family@example.com born 2024-02-03 at PR1 2AB',
      ),
    ).toBe("Invalid type: Expected number but received [value] for [email] born [date] at [postcode]");
    expect(scrub("first line\nsecond line with 2024-02-03")).toBe("first line");
    expect(JSON.stringify(describeError(new TypeError("x is 01632 960000")))).not.toContain("960000");
  });
});

describe("through the app", () => {
  let h: Harness;
  let coordinator: { cookie: string };
  beforeAll(async () => {
    h = await createHarness();
    coordinator = await h.staffMember("coordinator");
  });
  afterAll(() => h.close());

  it("answers facts the rules refuse with the field paths only (422), and logs nothing personal", async () => {
    const { id } = await h.refer({ childFirstName: "Dataperson" });
    const res = await h.request(`/api/referrals/${id}`, {
      method: "PATCH",
      cookie: coordinator.cookie,
      json: {
        triageFacts: {
          developmentalDelays: [
            { areaId: "communication", delayMonths: 9 },
            { areaId: "communication", delayMonths: 9 },
          ],
        },
      },
    });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { type: string; errors: { field: string; message: string }[] };
    expect(problem.type).toBe("/api/problems/validation");
    expect(problem.errors.length).toBeGreaterThan(0);
    expect(JSON.stringify(problem)).not.toMatch(/Dataperson|\d{4}-\d{2}-\d{2}/);
  });

  it("sets aside an entry whose dates cannot be ranked, saying why by code, with no dates logged", async () => {
    const { id } = await h.refer({ childFirstName: "Datapersonb" });
    expect(
      (
        await h.request(`/api/referrals/${id}/decision`, {
          method: "POST",
          cookie: coordinator.cookie,
          json: { outcome: "accepted", complexity: "low" },
        })
      ).status,
    ).toBe(200);
    // A child recorded as born after they were referred (a typing slip in a correction).
    await h.db.$client.execute({
      sql: "update children set date_of_birth = '2026-11-30' where id = (select child_id from referrals where id = ?)",
      args: [id],
    });
    await h.db.$client.execute({
      sql: "update referrals set updated_at = ? where id = ?",
      args: [new Date().toISOString(), id],
    });
    const res = await h.request("/api/waiting-list", { cookie: coordinator.cookie });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { setAside: unknown[]; entries: { referralId: string }[] };
    expect(body.setAside).toEqual([{ referralId: id, reason: "referred-before-birth" }]);
    expect(body.entries.map((e) => e.referralId)).not.toContain(id);
    const logged = JSON.stringify(h.logger.lines);
    expect(logged).toContain("set aside");
    expect(logged).toContain(id);
    expect(logged).not.toMatch(/2026-11-30|Dataperson/);
  });

  it("answers an unexpected failure with a bare 500 and logs the query, never its values", async () => {
    const { id } = await h.refer({ childFirstName: "Datapersonc", carerEmail: "family@example.com" });
    const select = vi.spyOn(h.db, "select").mockImplementation(() => {
      throw new DrizzleQueryError("select * from referrals where id = ?", ["Dataperson", "family@example.com"]);
    });
    try {
      const res = await h.request(`/api/referrals/${id}`, { cookie: coordinator.cookie });
      expect(res.status).toBe(500);
      expect(await res.text()).not.toMatch(/Dataperson|family@example|select/);
    } finally {
      select.mockRestore();
    }
    const logged = JSON.stringify(h.logger.lines.filter((l) => l.message === "unhandled error"));
    expect(logged).toContain("select * from referrals");
    expect(logged).not.toMatch(/Dataperson|family@example/);
  });
});

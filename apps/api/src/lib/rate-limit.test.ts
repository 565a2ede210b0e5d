// Rate limits kept in the database: two limiters on one database file (two processes, or one
// before a restart and one after) count together; a window ends and starts again; what is
// counted (an address, an email) is never stored as it is.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../db/client.js";
import { groupCommit } from "../db/group-commit.js";
import { createHarness, type Harness } from "../test-support/harness.js";
import { dbWindow } from "./rate-limit.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe("a fixed window in the database", () => {
  it("counts across limiters on the same database, as across processes and restarts", async () => {
    const first = dbWindow(h.db, "test-shared", 3, 60_000);
    const t = Date.parse("2026-11-20T10:00:00Z");
    expect(await first.hit("203.0.113.7", t)).toBe(0);
    expect(await first.hit("203.0.113.7", t + 1000)).toBe(0);
    // Another connection to the same file: another process, or the server after a restart.
    const other = await openDatabase(h.url);
    try {
      const second = dbWindow(other, "test-shared", 3, 60_000);
      expect(await second.count("203.0.113.7", t + 2000)).toBe(2);
      expect(await second.hit("203.0.113.7", t + 2000)).toBe(0);
      expect(await second.hit("203.0.113.7", t + 3000)).toBe(57);
      expect(await first.reached("203.0.113.7", t + 3000)).toBe(true);
    } finally {
      other.$client.close();
    }
  });

  it("starts again when the window has passed, and keeps keys and limits apart", async () => {
    const limiter = dbWindow(h.db, "test-window", 1, 10_000);
    const elsewhere = dbWindow(h.db, "test-other", 1, 10_000);
    const t = Date.parse("2026-11-20T11:00:00Z");
    expect(await limiter.hit("a@council.example", t)).toBe(0);
    expect(await limiter.hit("a@council.example", t + 1)).toBe(10);
    expect(await limiter.hit("b@council.example", t + 1)).toBe(0);
    expect(await elsewhere.hit("a@council.example", t + 1)).toBe(0);
    expect(await limiter.hit("a@council.example", t + 10_000)).toBe(0);
    await limiter.reset("a@council.example");
    expect(await limiter.count("a@council.example", t + 10_001)).toBe(0);
  });

  it("counts a hit made in a unit of work only if the unit commits", async () => {
    const limiter = dbWindow(h.db, "test-within", 5, 60_000);
    const t = Date.parse("2026-11-20T12:00:00Z");
    const committer = groupCommit(h.db);
    await committer.run(async (unit) => {
      expect(await limiter.hit("192.0.2.1", t, unit)).toBe(0);
    });
    await expect(
      committer.run(async (unit) => {
        await limiter.hit("192.0.2.1", t + 1, unit);
        throw new Error("the work it limits failed");
      }),
    ).rejects.toThrow("the work it limits failed");
    expect(await limiter.count("192.0.2.1", t + 2)).toBe(1);
  });

  it("counts a hit run last in the caller's own batch, and only if its unit commits", async () => {
    const limiter = dbWindow(h.db, "test-batched", 1, 60_000);
    const t = Date.parse("2026-11-20T13:00:00Z");
    const committer = groupCommit(h.db);
    const inBatch = (now: number) =>
      committer.run(async (unit) => {
        const pending = limiter.hitIn("192.0.2.9", now);
        const results = await unit.batch([{ sql: "select 1", args: [] }, ...pending.statements]);
        return pending.waitFrom(results.at(-1));
      });
    // Nothing is counted until the statements run.
    limiter.hitIn("192.0.2.9", t);
    expect(await limiter.count("192.0.2.9", t)).toBe(0);
    await expect(
      committer.run(async (unit) => {
        await unit.batch([...limiter.hitIn("192.0.2.9", t).statements]);
        throw new Error("the work it limits failed");
      }),
    ).rejects.toThrow("the work it limits failed");
    expect(await limiter.count("192.0.2.9", t)).toBe(0);
    expect(await inBatch(t)).toBe(0);
    // Over the limit of one: the wait is read from the count's answer, the window's remaining 60 s.
    expect(await inBatch(t + 1)).toBe(60);
    expect(await limiter.count("192.0.2.9", t + 2)).toBe(2);
  });

  it("stores a hash of what it counts, never the address or email", async () => {
    const limiter = dbWindow(h.db, "test-private", 5, 60_000);
    await limiter.hit("198.51.100.23", Date.now());
    await limiter.hit("someone@council.example", Date.now());
    const rows = await h.db.$client.execute("select key from rate_limits where key like 'test-private:%'");
    expect(rows.rows).toHaveLength(2);
    const text = JSON.stringify(rows.rows);
    expect(text).not.toContain("198.51.100.23");
    expect(text).not.toContain("someone");
  });
});

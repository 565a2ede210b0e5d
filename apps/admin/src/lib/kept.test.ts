import { describe, expect, it } from "vitest";
import { KeptAnswers, keptSessionOf } from "./kept.ts";

describe("KeptAnswers", () => {
  it("keeps an answer for its session and path only", () => {
    const kept = new KeptAnswers();
    kept.keep("s1", "/api/waiting-list?page=1", '"t1"', { total: 3 });
    expect(kept.get("s1", "/api/waiting-list?page=1")?.data).toEqual({ total: 3 });
    expect(kept.get("s2", "/api/waiting-list?page=1")).toBeUndefined();
    expect(kept.get("s1", "/api/waiting-list?page=2")).toBeUndefined();
  });

  it("drops an answer the API has not confirmed within the idle time, and keeps one it has", () => {
    let now = 0;
    const kept = new KeptAnswers({ sessions: 4, answersPerSession: 4, idleMs: 1000 }, () => now);
    const answer = kept.keep("s1", "/a", '"t"', 1);
    now = 900;
    kept.confirm("s1", "/a", answer);
    now = 1800;
    expect(kept.get("s1", "/a")).toBe(answer);
    now = 2901;
    expect(kept.get("s1", "/a")).toBeUndefined();
  });

  it("holds at most so many sessions and answers a session, the least recently used going first", () => {
    const kept = new KeptAnswers({ sessions: 2, answersPerSession: 2, idleMs: 60_000 });
    kept.keep("s1", "/a", '"1"', 1);
    kept.keep("s1", "/b", '"2"', 2);
    kept.confirm("s1", "/a", kept.get("s1", "/a") as never);
    kept.keep("s1", "/c", '"3"', 3);
    expect(kept.get("s1", "/b")).toBeUndefined();
    expect(kept.get("s1", "/a")?.data).toBe(1);
    kept.keep("s2", "/a", '"4"', 4);
    kept.keep("s3", "/a", '"5"', 5);
    expect(kept.get("s1", "/a")).toBeUndefined();
    expect(kept.size).toBe(2);
  });

  it("forgets everything of a session, and one path of it", () => {
    const kept = new KeptAnswers();
    kept.keep("s1", "/a", '"1"', 1);
    kept.keep("s1", "/b", '"2"', 2);
    kept.drop("s1", "/a");
    expect(kept.get("s1", "/a")).toBeUndefined();
    expect(kept.get("s1", "/b")?.data).toBe(2);
    kept.forget("s1");
    expect(kept.size).toBe(0);
  });
});

describe("keptSessionOf", () => {
  it("names a session by a hash of its whole cookie header, never the cookie itself", () => {
    const cookie = "__Host-openportage-session=abc";
    const key = keptSessionOf(cookie);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key).not.toContain("abc");
    expect(keptSessionOf(cookie)).toBe(key);
    expect(keptSessionOf(`${cookie}; other=1`)).not.toBe(key);
    expect(keptSessionOf(null)).toBeNull();
    expect(keptSessionOf("")).toBeNull();
  });
});

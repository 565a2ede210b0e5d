import { describe, expect, it } from "vitest";
import { hasSessionCookie, userFrom } from "./session.ts";

describe("userFrom", () => {
  const user = { id: "u1", name: "Sam Lee", email: "sam@example.org", role: "coordinator" };
  it("reads a user wrapped or bare", () => {
    expect(userFrom({ user })).toEqual(user);
    expect(userFrom(user)).toEqual(user);
  });
  it("refuses anything without an id and a known role", () => {
    expect(userFrom(null)).toBeNull();
    expect(userFrom({ user: { ...user, role: "root" } })).toBeNull();
    expect(userFrom({ user: { role: "coordinator" } })).toBeNull();
  });
});

describe("hasSessionCookie", () => {
  it("spots a session cookie among others", () => {
    expect(hasSessionCookie("a=1; __Host-openportage-session=xyz")).toBe(true);
    expect(hasSessionCookie("__Host-session=xyz")).toBe(true);
    expect(hasSessionCookie("a=1; b=2")).toBe(false);
    expect(hasSessionCookie(null)).toBe(false);
  });
});

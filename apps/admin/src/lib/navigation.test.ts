import { describe, expect, it } from "vitest";
import { isCurrent, mayOpen, navigationFor } from "./navigation.ts";

describe("navigationFor", () => {
  it("gives each role its own sections", () => {
    expect(navigationFor("home-visitor").map((i) => i.text)).toEqual(["Home", "My children", "Diary", "Reports"]);
    expect(navigationFor("coordinator").map((i) => i.text)).toEqual([
      "Home",
      "Referrals",
      "Waiting list",
      "Children",
      "Diary",
      "Reports",
      "Notifications",
      "Audit",
    ]);
    expect(navigationFor("administrator").map((i) => i.text)).toEqual([
      "Home",
      "Users",
      "Import",
      "Notifications",
      "Audit",
    ]);
  });
});

describe("isCurrent", () => {
  const [home, referrals] = navigationFor("coordinator");
  it("marks Home only on the home page", () => {
    expect(home && isCurrent(home, "/admin/")).toBe(true);
    expect(home && isCurrent(home, "/admin")).toBe(true);
    expect(home && isCurrent(home, "/admin/referrals")).toBe(false);
  });
  it("marks a section on its pages and not on look-alikes", () => {
    expect(referrals && isCurrent(referrals, "/admin/referrals/abc")).toBe(true);
    expect(referrals && isCurrent(referrals, "/admin/referrals/")).toBe(true);
    expect(referrals && isCurrent(referrals, "/admin/referrals-old")).toBe(false);
  });
  it("marks Children on a coordinator's closed cases, grouped under it", () => {
    const children = navigationFor("coordinator").find((i) => i.text === "Children");
    expect(children && isCurrent(children, "/admin/closed-cases")).toBe(true);
    expect(children && isCurrent(children, "/admin/closed-cases/abc")).toBe(true);
    expect(children && isCurrent(children, "/admin/closed-cases-old")).toBe(false);
    const myChildren = navigationFor("home-visitor").find((i) => i.text === "My children");
    expect(myChildren && isCurrent(myChildren, "/admin/closed-cases")).toBe(false);
  });
});

describe("mayOpen", () => {
  it("keeps home visitors to their own children", () => {
    expect(mayOpen("home-visitor", "children")).toBe(true);
    expect(mayOpen("home-visitor", "waiting-list")).toBe(false);
    expect(mayOpen("home-visitor", "diary")).toBe(true);
    expect(mayOpen("coordinator", "diary")).toBe(true);
    expect(mayOpen("administrator", "diary")).toBe(false);
    expect(mayOpen("administrator", "users")).toBe(true);
    expect(mayOpen("coordinator", "users")).toBe(false);
    expect(mayOpen("coordinator", "closed-cases")).toBe(true);
    expect(mayOpen("home-visitor", "closed-cases")).toBe(false);
    // Home visitors see their own caseload's figures; administrators run the system, not the service.
    expect(mayOpen("home-visitor", "reports")).toBe(true);
    expect(mayOpen("coordinator", "reports")).toBe(true);
    expect(mayOpen("administrator", "reports")).toBe(false);
  });
});

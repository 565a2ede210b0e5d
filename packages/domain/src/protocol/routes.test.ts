import { describe, expect, it } from "vitest";
import { cheshireEast } from "./presets/cheshire-east.js";
import { lancashire } from "./presets/lancashire.js";
import { familyRoute, professionalRoutes } from "./routes.js";
import type { Protocol, ReferralRoute } from "./schema.js";

/** The protocol with these routes instead of its own. */
const withRoutes = (routes: ReferralRoute[]): Pick<Protocol, "eligibility"> => ({
  eligibility: { ...lancashire.eligibility, routes: { ...lancashire.eligibility.routes, routes } },
});
const route = (id: string, referrer: "family" | "professional"): ReferralRoute => ({
  id,
  name: id,
  description: id,
  referrer,
});

describe("familyRoute", () => {
  it("is the route a family refers their own child by", () => {
    expect(familyRoute(lancashire)?.id).toBe("self-referral");
  });

  it("is none where only professionals refer (Cheshire East's Early Years Forum)", () => {
    expect(familyRoute(cheshireEast)).toBeUndefined();
  });

  it("is the first family route, wherever it is listed and whatever its id", () => {
    const protocol = withRoutes([
      route("health", "professional"),
      route("parent-form", "family"),
      route("paper-form", "family"),
    ]);
    expect(familyRoute(protocol)?.id).toBe("parent-form");
  });
});

describe("professionalRoutes", () => {
  it("lists the routes a professional completes, in the protocol's order", () => {
    expect(professionalRoutes(lancashire).map((r) => r.id)).toEqual(["early-help"]);
    expect(professionalRoutes(cheshireEast).map((r) => r.id)).toEqual(["early-years-forum"]);
    const protocol = withRoutes([route("b", "professional"), route("family", "family"), route("a", "professional")]);
    expect(professionalRoutes(protocol).map((r) => r.id)).toEqual(["b", "a"]);
  });
});

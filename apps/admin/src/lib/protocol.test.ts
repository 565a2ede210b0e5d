import { describe, expect, it } from "vitest";
import {
  clausesOf,
  enteredRoutes,
  monitorsWhileWaiting,
  protocolName,
  routeName,
  routesOf,
  takesFamilyReferrals,
} from "./protocol.ts";

const protocol = {
  id: "example",
  eligibility: {
    age: {
      id: "age-window",
      description: "From birth to funded education.",
      reference: { title: "Protocol", url: "https://example.org/p" },
    },
    routes: {
      id: "referral-routes",
      description: "How referrals arrive.",
      reference: { title: "Page" },
      routes: [
        {
          id: "self-referral",
          name: "Parent or carer self-referral",
          description: "A parent refers.",
          referrer: "family",
        },
        { id: "early-help", name: "Early Help Assessment and Plan (EHA/EHP)", description: "A professional refers." },
      ],
    },
  },
};

describe("clausesOf", () => {
  it("finds clauses anywhere, with their references", () => {
    const clauses = clausesOf(protocol);
    expect(clauses.get("age-window")).toEqual({
      id: "age-window",
      description: "From birth to funded education.",
      reference: { title: "Protocol", url: "https://example.org/p" },
    });
    expect(clauses.get("referral-routes")?.reference).toEqual({ title: "Page" });
    expect(clausesOf(null).size).toBe(0);
  });
});

describe("routesOf", () => {
  it("lists the protocol's routes and names them", () => {
    const routes = routesOf(protocol);
    expect(routes.map((r) => r.id)).toEqual(["self-referral", "early-help"]);
    expect(routeName(routes, "early-help")).toBe("Early Help Assessment and Plan (EHA/EHP)");
    expect(routeName(routes, "gone")).toBe("gone");
    expect(routesOf({})).toEqual([]);
  });
});

describe("enteredRoutes and takesFamilyReferrals", () => {
  const route = (id: string, referrer: string) => ({ id, name: id, description: id, referrer });
  const withRoutes = (routes: unknown[]) => routesOf({ eligibility: { routes: { routes } } });

  it("leaves out the family's route whatever its id, and keeps every professional one", () => {
    const routes = withRoutes([
      route("parent-form", "family"),
      route("health", "professional"),
      route("senco", "professional"),
    ]);
    expect(enteredRoutes(routes).map((r) => r.id)).toEqual(["health", "senco"]);
    expect(takesFamilyReferrals(routes)).toBe(true);
  });

  it("keeps every route where only professionals refer (Cheshire East's Early Years Forum)", () => {
    const routes = withRoutes([route("early-years-forum", "professional")]);
    expect(enteredRoutes(routes).map((r) => r.id)).toEqual(["early-years-forum"]);
    expect(takesFamilyReferrals(routes)).toBe(false);
  });
});

describe("monitorsWhileWaiting", () => {
  it("reads visits.monitoring.whileWaiting, false for anything else", () => {
    expect(monitorsWhileWaiting({ visits: { monitoring: { whileWaiting: true } } })).toBe(true);
    expect(monitorsWhileWaiting({ visits: { monitoring: { whileWaiting: false } } })).toBe(false);
    expect(monitorsWhileWaiting(null)).toBe(false);
    expect(monitorsWhileWaiting({ visits: {} })).toBe(false);
  });
});

describe("protocolName", () => {
  it("names the protocol by its council, never by its id", () => {
    const protocol = { id: "lancashire", council: { name: "Lancashire County Council" } };
    expect(protocolName(protocol, "lancashire")).toBe("Lancashire County Council's protocol");
    expect(protocolName(protocol, "an-older-one")).toBe("the protocol “an-older-one”, no longer in use");
  });
});

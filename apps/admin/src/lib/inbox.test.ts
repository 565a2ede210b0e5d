import { describe, expect, it } from "vitest";
import { withQuery } from "./api.ts";
import { inboxQuery, readFilters } from "./inbox.ts";

describe("readFilters", () => {
  it("shows new referrals by default", () => {
    expect(readFilters(new URLSearchParams())).toEqual({ status: "received", route: "", from: "", to: "", q: "" });
  });
  it("reads every filter and ignores nonsense", () => {
    expect(readFilters(new URLSearchParams("status=waiting&route=early-help&from=2026-01-01&to=2026-02-01"))).toEqual({
      status: "waiting",
      route: "early-help",
      from: "2026-01-01",
      to: "2026-02-01",
      q: "",
    });
    expect(readFilters(new URLSearchParams("status=any"))).toMatchObject({ status: "" });
    expect(readFilters(new URLSearchParams("status=bogus&route=<script>&from=yesterday"))).toEqual({
      status: "",
      route: "",
      from: "",
      to: "",
      q: "",
    });
  });
  it("searches every referral unless a status is chosen", () => {
    expect(readFilters(new URLSearchParams("q=+Poppy+"))).toMatchObject({ status: "", q: "Poppy" });
    expect(readFilters(new URLSearchParams("q=Poppy&status=waiting"))).toMatchObject({ status: "waiting", q: "Poppy" });
    expect(readFilters(new URLSearchParams("q=+++"))).toMatchObject({ status: "received", q: "" });
  });
});

describe("inboxQuery", () => {
  it("sends every filter to the API with the page, leaving out what is not set", () => {
    expect(inboxQuery({ status: "", route: "early-help", from: "2026-02-10", to: "", q: "poppy" }, 2)).toEqual({
      status: "",
      route: "early-help",
      from: "2026-02-10",
      to: "",
      q: "poppy",
      page: 2,
      pageSize: 50,
    });
    expect(withQuery("/api/referrals", inboxQuery(readFilters(new URLSearchParams()), 1))).toBe(
      "/api/referrals?status=received&page=1&pageSize=50",
    );
  });
});

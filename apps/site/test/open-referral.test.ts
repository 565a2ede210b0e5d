import { cheshireEast, lancashire } from "@openportage/domain";
import { describe, expect, it } from "vitest";
import { councilFor } from "../src/config/council.ts";
import { maximumAgeYears, openReferralService, stableUuid } from "../src/lib/open-referral.ts";
import { sitemapXml } from "../src/lib/site-pages.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("Open Referral UK", () => {
  it("gives stable, well-formed UUIDs", () => {
    expect(stableUuid("lancashire:service")).toMatch(UUID);
    expect(stableUuid("lancashire:service")).toBe(stableUuid("lancashire:service"));
    expect(stableUuid("lancashire:service")).not.toBe(stableUuid("cheshire-east:service"));
  });

  it("describes the service from the council's configuration and protocol", () => {
    const council = councilFor(lancashire);
    const service = openReferralService(council, "https://portage.example.org", "2026-09-01");
    expect(service).toMatchObject({
      name: "Lancashire Portage Service",
      status: "active",
      url: "https://portage.example.org/",
      fees_description: "Free",
      minimum_age: 0,
      maximum_age: 3,
      assured_date: "2026-09-01",
      organization: { name: "Lancashire County Council", website: "https://www.lancashire.gov.uk/" },
      service_areas: [{ name: "Lancashire" }],
    });
    expect(service.id).toMatch(UUID);
    expect(service.organization.id).toBe(service.organization_id);
    expect(service.service_areas[0]?.service_id).toBe(service.id);
    expect(service.application_process).toContain("https://portage.example.org/refer");
    expect(service.eligibility_description).toContain("more than 15 hours a week");
    expect(service.contacts[0]?.phones).toEqual([]);
  });

  it("does not offer online self-referral where the protocol has no family route", () => {
    const service = openReferralService(councilFor(cheshireEast), "https://p.example.org", "2026-09-01");
    expect(service.application_process).not.toContain("/refer");
    expect(service.maximum_age).toBe(5);
    expect(maximumAgeYears({ ...councilFor(lancashire) })).toBe(3);
  });

  it("lists phone and email when the council gives them", () => {
    const council = councilFor(lancashire);
    const withContact = { ...council, contact: { ...council.contact, phone: "01632 960000", email: "p@example.org" } };
    const service = openReferralService(withContact, "https://p.example.org", "2026-09-01");
    expect(service.email).toBe("p@example.org");
    expect(service.contacts[0]?.phones[0]?.number).toBe("01632 960000");
  });
});

describe("sitemap", () => {
  it("lists absolute addresses", () => {
    const xml = sitemapXml("https://p.example.org", ["/", "/protocol"]);
    expect(xml).toContain("<loc>https://p.example.org/</loc>");
    expect(xml).toContain("<loc>https://p.example.org/protocol</loc>");
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  });
});

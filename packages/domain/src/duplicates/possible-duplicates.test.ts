import { describe, expect, it } from "vitest";
import {
  type DuplicateSubject,
  duplicateKeys,
  indexForDuplicates,
  nameContains,
  normaliseEmail,
  normaliseName,
  normalisePhone,
  normalisePostcode,
  possibleDuplicates,
} from "./possible-duplicates.js";

const poppy: DuplicateSubject = {
  id: "a",
  childFirstName: "Poppy",
  childLastName: "Walkthrough",
  childDateOfBirth: "2024-05-01",
  addressLine1: "1 High Street",
  postcode: "PR1 1AA",
  carers: [{ phone: "07700 900123", email: "Sam@Example.org" }],
};

describe("normalising", () => {
  it("compares names without case, accents, spaces, hyphens or apostrophes", () => {
    expect(normaliseName("Zoë O'Brien-Smith")).toBe(normaliseName("zoe obrien smith"));
    expect(normaliseName("  ")).toBe("");
    expect(normaliseName("Łucja Straße")).toBe("lucjastrasse");
  });

  it("finds a name by part of it typed without its accents, capitals or punctuation", () => {
    expect(nameContains("Zoë O'Brien-Smith", "zoe")).toBe(true);
    expect(nameContains("Zoë O'Brien-Smith", "obrien")).toBe(true);
    expect(nameContains("Zoë O'Brien-Smith", "ZOË O BRIEN")).toBe(true);
    expect(nameContains("Siân Łucja", "sian")).toBe(true);
    expect(nameContains("Siân Łucja", "lucja")).toBe(true);
    expect(nameContains("Søren Æbelø", "soren aebelo")).toBe(true);
    expect(nameContains("José Álvarez", "jose alv")).toBe(true);
    expect(nameContains("Zoë O'Brien-Smith", "zoey")).toBe(false);
    expect(nameContains("Zoë O'Brien-Smith", "- '")).toBe(false);
  });

  it("reads +44, 0044 and (0) as the leading 0 of a UK number", () => {
    for (const phone of ["+44 7700 900123", "0044 7700 900123", "+44 (0)7700 900123", "07700-900-123"]) {
      expect(normalisePhone(phone)).toBe("07700900123");
    }
    expect(normalisePhone("123")).toBe("");
  });

  it("compares email addresses in lower case and postcodes without spaces", () => {
    expect(normaliseEmail(" Sam@Example.ORG ")).toBe("sam@example.org");
    expect(normaliseEmail("not an address")).toBe("");
    expect(normalisePostcode("pr1 1aa")).toBe("PR11AA");
  });
});

describe("possibleDuplicates", () => {
  it("finds the same child, written differently", () => {
    const again = { id: "b", childFirstName: " poppy ", childLastName: "WALKTHROUGH", childDateOfBirth: "2024-05-01" };
    expect(possibleDuplicates(poppy, [poppy, again])).toEqual([{ id: "b", matches: ["same-child"] }]);
  });

  it("does not match a child with the same name and another date of birth", () => {
    const twinName = { id: "b", childFirstName: "Poppy", childLastName: "Walkthrough", childDateOfBirth: "2023-05-01" };
    expect(possibleDuplicates(poppy, [twinName])).toEqual([]);
  });

  it("finds a shared carer contact or home, and lists every match strongest first", () => {
    const sibling: DuplicateSubject = {
      id: "c",
      childFirstName: "Rowan",
      childLastName: "Walkthrough",
      childDateOfBirth: "2025-01-10",
      addressLine1: "1, High Street",
      postcode: "pr11aa",
      carers: [{ email: "sam@example.org" }, { phone: "+44 7700 900123" }],
    };
    expect(possibleDuplicates(poppy, [sibling])).toEqual([
      { id: "c", matches: ["same-phone", "same-email", "same-address"] },
    ]);
  });

  it("never matches on facts that are missing", () => {
    const empty: DuplicateSubject = { id: "d", carers: [{ phone: "", email: null }] };
    expect(duplicateKeys(empty)).toEqual([]);
    expect(possibleDuplicates(empty, [{ id: "e", carers: [{ phone: "" }] }])).toEqual([]);
  });

  it("finds every one of seven referrals sharing a parent, phone and address", () => {
    const seven = Array.from({ length: 7 }, (_, i) => ({ ...poppy, id: `r${i}`, childFirstName: `Child${i}` }));
    const index = indexForDuplicates(seven);
    for (const referral of seven) {
      const found = index.of(referral);
      expect(found.map((f) => f.id).sort()).toEqual(seven.map((r) => r.id).filter((id) => id !== referral.id));
      expect(found.every((f) => f.matches.join() === "same-phone,same-email,same-address")).toBe(true);
    }
  });
});

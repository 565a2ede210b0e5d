import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, type IsoDate, parseIsoDate } from "../dates/date-only.js";
import { lancashire } from "../protocol/presets/lancashire.js";
import type { ConsentRecord, Disclosure, ServiceConsent, SharingConsent, SharingException } from "./records.js";
import { checkDisclosure, sharingDecision } from "./sharing-decision.js";

const d = parseIsoDate;
const mum = { name: "Amira Khan", relationship: "mother" };
const service = (id: string, givenOn: string, withdrawnOn?: string): ServiceConsent => ({
  kind: "service",
  id,
  givenBy: mum,
  givenOn: d(givenOn),
  recordedAs: "written",
  ...(withdrawnOn ? { withdrawnOn: d(withdrawnOn) } : {}),
});
const sharing = (
  id: string,
  givenOn: string,
  recipientIds: string[],
  more: { withdrawnOn?: string; purposes?: string[] } = {},
): SharingConsent => ({
  kind: "sharing",
  id,
  givenBy: mum,
  givenOn: d(givenOn),
  recordedAs: "written",
  recipientIds,
  ...(more.withdrawnOn ? { withdrawnOn: d(more.withdrawnOn) } : {}),
  ...(more.purposes ? { purposes: more.purposes } : {}),
});
const safeguarding: SharingException = {
  basis: "safeguarding",
  reason: "Injuries seen at the visit.",
  decidedBy: "Priya Shah",
  decidedOn: d("2026-05-11"),
};

describe("sharingDecision", () => {
  it("refuses a request with no recipient or no purpose", () => {
    const consents = [sharing("s1", "2026-01-01", ["health-visitor"])];
    for (const [recipient, purpose] of [
      ["", "coordinating-support"],
      [" ", "coordinating-support"],
      ["health-visitor", " "],
    ] as const) {
      const decision = sharingDecision(consents, recipient, purpose, d("2026-02-01"));
      expect(decision).toStrictEqual({
        allowed: false,
        basis: "none",
        reason: "Every disclosure needs a recipient and a purpose.",
        clauseId: "information-sharing",
      });
    }
  });

  it("without a protocol, shares with any recipient the family named and cites the usual clause ids", () => {
    const consents = [service("v1", "2026-01-01"), sharing("s1", "2026-01-01", ["police-liaison"])];
    expect(sharingDecision(consents, "police-liaison", "coordinating-support", d("2026-02-01"))).toMatchObject({
      allowed: true,
      basis: "consent",
      consentId: "s1",
      clauseId: "information-sharing",
      reason: "Amira Khan (mother) gave written consent on 1 January 2026 to share with police-liaison.",
    });
    const withdrawn = [service("v1", "2026-01-01", "2026-01-20"), sharing("s1", "2026-01-01", ["police-liaison"])];
    expect(sharingDecision(withdrawn, "police-liaison", "coordinating-support", d("2026-02-01"))).toMatchObject({
      allowed: false,
      consentId: "v1",
      clauseId: "consent",
    });
  });

  it("says which purposes a limited consent covers, when it allows sharing and when it does not", () => {
    const purposes = ["transition-to-setting", "onward-referral"];
    const consents = [sharing("s1", "2026-01-01", ["setting-senco"], { purposes })];
    expect(
      sharingDecision(consents, "setting-senco", "transition-to-setting", d("2026-02-01"), lancashire).reason,
    ).toBe(
      "Amira Khan (mother) gave written consent on 1 January 2026 to share with Nursery or setting SENCO for transition-to-setting, onward-referral.",
    );
    expect(sharingDecision(consents, "setting-senco", "coordinating-support", d("2026-02-01"), lancashire).reason).toBe(
      "Consent to share with Nursery or setting SENCO covers transition-to-setting, onward-referral, not coordinating-support.",
    );
  });

  it("ends a sharing consent given on the very day consent to the service was withdrawn", () => {
    const consents = [
      service("v1", "2026-01-01", "2026-04-20"),
      sharing("s1", "2026-04-20", ["health-visitor"]),
      service("v2", "2026-05-01"),
    ];
    expect(sharingDecision(consents, "health-visitor", "coordinating-support", d("2026-06-01"))).toMatchObject({
      allowed: false,
      consentId: "s1",
      clauseId: "consent",
    });
  });

  it("ends a sharing consent on the day consent to the service was withdrawn, even if given again that day", () => {
    const consents = [
      service("v1", "2026-01-01", "2026-03-01"),
      service("v2", "2026-03-01"),
      sharing("s1", "2026-01-01", ["health-visitor"]),
    ];
    expect(sharingDecision(consents, "health-visitor", "coordinating-support", d("2026-03-01"))).toMatchObject({
      allowed: false,
      consentId: "s1",
    });
  });

  it("names no consent record when there is none for the recipient", () => {
    const decision = sharingDecision(
      [service("v1", "2026-01-01")],
      "paediatrician",
      "coordinating-support",
      d("2026-03-01"),
    );
    expect(decision).toStrictEqual({
      allowed: false,
      basis: "none",
      reason: "No consent to share with paediatrician is recorded.",
      clauseId: "information-sharing",
    });
  });

  it("cites the consent to the service when it was given and withdrawn on the day itself", () => {
    const consents = [service("v1", "2026-03-01", "2026-03-01"), sharing("s1", "2026-03-01", ["health-visitor"])];
    expect(sharingDecision(consents, "health-visitor", "coordinating-support", d("2026-03-01"))).toMatchObject({
      allowed: false,
      consentId: "v1",
    });
  });

  it("lets a withdrawal of consent to the service dated later leave sharing in force until then", () => {
    const consents = [service("v1", "2026-01-01", "2026-06-01"), sharing("s1", "2026-01-01", ["health-visitor"])];
    expect(sharingDecision(consents, "health-visitor", "coordinating-support", d("2026-05-31")).allowed).toBe(true);
    expect(sharingDecision(consents, "health-visitor", "coordinating-support", d("2026-06-01")).allowed).toBe(false);
  });

  it("reports the last recorded of two equally telling refusals", () => {
    const consents = [
      sharing("first", "2026-01-01", ["health-visitor"], { withdrawnOn: "2026-02-01" }),
      sharing("second", "2026-01-01", ["health-visitor"], { withdrawnOn: "2026-03-01" }),
    ];
    expect(sharingDecision(consents, "health-visitor", "coordinating-support", d("2026-05-01")).consentId).toBe(
      "second",
    );
  });

  it("uses the most recently given consent that covers the disclosure", () => {
    const consents = [
      sharing("old", "2026-01-01", ["health-visitor"]),
      sharing("new", "2026-03-01", ["health-visitor"]),
      sharing("limited", "2026-04-01", ["health-visitor"], { purposes: ["onward-referral"] }),
    ];
    expect(sharingDecision(consents, "health-visitor", "coordinating-support", d("2026-05-01")).consentId).toBe("new");
  });

  it("reports a withdrawal ahead of a purpose mismatch or a later consent", () => {
    const consents = [
      sharing("later", "2026-06-01", ["health-visitor"]),
      sharing("withdrawn", "2026-01-01", ["health-visitor"], { withdrawnOn: "2026-02-01" }),
      sharing("limited", "2026-01-01", ["health-visitor"], { purposes: ["onward-referral"] }),
    ];
    const decision = sharingDecision(consents, "health-visitor", "coordinating-support", d("2026-05-01"));
    expect(decision).toMatchObject({ allowed: false, basis: "none", consentId: "withdrawn" });
  });

  it("does not let a service consent withdrawn before a sharing consent end it", () => {
    const consents = [
      service("v1", "2026-01-01", "2026-02-01"),
      service("v2", "2026-03-01"),
      sharing("s1", "2026-03-02", ["health-visitor"]),
    ];
    expect(sharingDecision(consents, "health-visitor", "coordinating-support", d("2026-04-01")).allowed).toBe(true);
  });

  it("prefers consent to an exception when consent covers the disclosure", () => {
    const consents = [sharing("s1", "2026-01-01", ["social-care"])];
    const decision = sharingDecision(
      consents,
      "social-care",
      "safeguarding",
      d("2026-05-11"),
      lancashire,
      safeguarding,
    );
    expect(decision).toMatchObject({ allowed: true, basis: "consent", consentId: "s1" });
  });

  it("allows a recorded legal duty to any recipient, listed or not", () => {
    const decision = sharingDecision([], "family-court", "court-order", d("2026-05-11"), lancashire, {
      ...safeguarding,
      basis: "legal-duty",
      reason: "Court order of 2026-05-04.",
    });
    expect(decision).toEqual({
      allowed: true,
      basis: "legal-duty",
      reason:
        "Shared under a legal duty without relying on consent, decided by Priya Shah on 11 May 2026: Court order of 2026-05-04. Record the disclosure, and tell the family unless that would put the child at risk.",
      clauseId: "information-sharing",
    });
  });

  it("allows a recorded safeguarding decision, quoting its reason without stray spaces", () => {
    const decision = sharingDecision([], "social-care", "safeguarding", d("2026-05-11"), lancashire, {
      ...safeguarding,
      reason: "  Injuries seen at the visit.  ",
    });
    expect(decision.reason).toBe(
      "Shared for safeguarding without relying on consent, decided by Priya Shah on 11 May 2026: Injuries seen at the visit. Record the disclosure, and tell the family unless that would put the child at risk.",
    );
  });

  it("refuses an exception decided after the disclosure or with no decision-maker", () => {
    const late = sharingDecision([], "social-care", "safeguarding", d("2026-05-10"), lancashire, safeguarding);
    expect(late).toMatchObject({ allowed: false, basis: "none" });
    expect(late.reason).toBe(
      "The decision to share for safeguarding is dated 11 May 2026, after 10 May 2026: record the decision before sharing.",
    );
    const nobody = sharingDecision([], "social-care", "safeguarding", d("2026-05-11"), undefined, {
      ...safeguarding,
      decidedBy: "  ",
    });
    expect(nobody).toMatchObject({ allowed: false, basis: "none" });
    expect(nobody.reason).toBe(
      "Sharing for safeguarding without consent needs the reason and the name of who decided written down first.",
    );
  });
});

describe("checkDisclosure", () => {
  const base = {
    recipientId: "health-visitor",
    purpose: "coordinating-support",
    summary: "Latest play plan",
    sharedBy: "Jo Hughes",
  };
  const consents: ConsentRecord[] = [
    service("v1", "2026-01-01"),
    sharing("s1", "2026-01-01", ["health-visitor"], { withdrawnOn: "2026-03-01" }),
    sharing("s2", "2026-04-01", ["health-visitor"]),
  ];

  it("judges a disclosure on consent by the consent it cites, not by any other", () => {
    const cited: Disclosure = { ...base, sharedOn: d("2026-04-15"), basis: "consent", consentId: "s1" };
    expect(checkDisclosure(cited, consents, lancashire)).toMatchObject({ allowed: false, consentId: "s1" });
    expect(checkDisclosure({ ...cited, consentId: "s2" }, consents, lancashire)).toMatchObject({
      allowed: true,
      consentId: "s2",
    });
    expect(checkDisclosure({ ...cited, sharedOn: d("2026-02-01") }, consents, lancashire).allowed).toBe(true);
  });

  it("refuses a disclosure citing a consent that is not a consent to share", () => {
    for (const consentId of ["v1", "missing"]) {
      const decision = checkDisclosure(
        { ...base, sharedOn: d("2026-04-15"), basis: "consent", consentId },
        consents,
        lancashire,
      );
      expect(decision).toMatchObject({ allowed: false, basis: "none", clauseId: "information-sharing" });
      expect(decision.reason).toContain(`"${consentId}"`);
    }
    expect(
      checkDisclosure({ ...base, sharedOn: d("2026-04-15"), basis: "consent", consentId: "missing" }, []).clauseId,
    ).toBe("information-sharing");
  });

  it("judges a disclosure without consent on its recorded decision alone", () => {
    const { basis: _, ...exception } = safeguarding;
    const disclosure: Disclosure = {
      ...base,
      recipientId: "social-care",
      sharedOn: d("2026-05-11"),
      basis: "safeguarding",
      exception,
    };
    expect(checkDisclosure(disclosure, consents, lancashire)).toMatchObject({ allowed: true, basis: "safeguarding" });
    expect(checkDisclosure({ ...disclosure, sharedOn: d("2026-05-10") }, consents, lancashire).allowed).toBe(false);
  });
});

// Dates from a short span, so that givenOn, withdrawnOn and asOf often fall on or next to each other.
const start = d("2026-01-01");
const day = fc.integer({ min: 0, max: 40 }).map((n) => addDays(start, n));
const recipients = ["health-visitor", "paediatrician", "setting-senco"] as const;
const purposes = ["coordinating-support", "transition-to-setting"] as const;

const arbitrarySharing = fc
  .record({
    givenOn: day,
    withdrawAfter: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    recipientIds: fc.subarray([...recipients], { minLength: 1 }),
    purposes: fc.option(fc.subarray([...purposes], { minLength: 1 }), { nil: undefined }),
  })
  .map(
    (r): Omit<SharingConsent, "id"> => ({
      kind: "sharing",
      givenBy: mum,
      givenOn: r.givenOn,
      recordedAs: "written",
      recipientIds: r.recipientIds,
      ...(r.withdrawAfter === undefined ? {} : { withdrawnOn: addDays(r.givenOn, r.withdrawAfter) }),
      ...(r.purposes === undefined ? {} : { purposes: r.purposes }),
    }),
  );
const arbitraryService = fc
  .record({ givenOn: day, withdrawAfter: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }) })
  .map(
    (r): Omit<ServiceConsent, "id"> => ({
      kind: "service",
      givenBy: mum,
      givenOn: r.givenOn,
      recordedAs: "written",
      ...(r.withdrawAfter === undefined ? {} : { withdrawnOn: addDays(r.givenOn, r.withdrawAfter) }),
    }),
  );
const arbitraryConsents = fc
  .array(fc.oneof(arbitrarySharing, arbitraryService), { maxLength: 6 })
  .map((list) => list.map((c, i) => ({ ...c, id: `c${i}` }) as ConsentRecord));
const arbitraryRequest = fc.record({
  recipientId: fc.constantFrom(...recipients),
  purpose: fc.constantFrom(...purposes),
  asOf: day,
});

describe("sharingDecision properties", () => {
  it("never allows a disclosure on or after the withdrawal, or before the giving, of the consent it rests on", () => {
    fc.assert(
      fc.property(arbitraryConsents, arbitraryRequest, (consents, { recipientId, purpose, asOf }) => {
        const decision = sharingDecision(consents, recipientId, purpose, asOf, lancashire);
        if (!decision.allowed) return true;
        const used = consents.find((c) => c.id === decision.consentId);
        return (
          decision.basis === "consent" &&
          used?.kind === "sharing" &&
          used.recipientIds.includes(recipientId) &&
          used.givenOn <= asOf &&
          (used.withdrawnOn === undefined || asOf < used.withdrawnOn)
        );
      }),
      { numRuns: 1000 },
    );
  });

  it("never allows a disclosure when every consent for the recipient is withdrawn by then or given later", () => {
    fc.assert(
      fc.property(arbitraryConsents, arbitraryRequest, (consents, { recipientId, purpose, asOf }) => {
        const covering = consents.filter(
          (c) =>
            c.kind === "sharing" &&
            c.recipientIds.includes(recipientId) &&
            c.givenOn <= asOf &&
            (c.withdrawnOn === undefined || asOf < c.withdrawnOn),
        );
        fc.pre(covering.length === 0);
        return !sharingDecision(consents, recipientId, purpose, asOf, lancashire).allowed;
      }),
      { numRuns: 1000 },
    );
  });

  it("never allows routine sharing once the latest consent to the service in force is withdrawn", () => {
    fc.assert(
      fc.property(arbitraryConsents, arbitraryRequest, (consents, { recipientId, purpose, asOf }) => {
        const given = consents.filter((c): c is ServiceConsent => c.kind === "service" && c.givenOn <= asOf);
        const latest = given.reduce<ServiceConsent | undefined>(
          (a, c) => (a === undefined || c.givenOn >= a.givenOn ? c : a),
          undefined,
        );
        fc.pre(latest?.withdrawnOn !== undefined && latest.withdrawnOn <= asOf);
        return !sharingDecision(consents, recipientId, purpose, asOf, lancashire).allowed;
      }),
      { numRuns: 1000 },
    );
  });

  it("allows a disclosure on a valid consent whatever else is recorded for other recipients", () => {
    fc.assert(
      fc.property(arbitraryConsents, day, fc.integer({ min: 0, max: 30 }), (others, givenOn, gap) => {
        const asOf: IsoDate = addDays(givenOn, gap);
        const unrelated = others.filter((c) => c.kind === "sharing" && !c.recipientIds.includes("paediatrician"));
        const consents = [...unrelated, sharing("mine", givenOn, ["paediatrician"])];
        const decision = sharingDecision(consents, "paediatrician", "coordinating-support", asOf, lancashire);
        return decision.allowed && decision.consentId === "mine";
      }),
      { numRuns: 1000 },
    );
  });
});

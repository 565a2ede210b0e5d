// The service's entry for council service directories, in the Open Referral UK standard
// (HSDS 3 "service" with its organization, service area, contacts and languages nested). Built
// from the same council configuration and protocol as the pages.
import { createHash } from "node:crypto";
import { familyRoute } from "@openportage/domain";
import type { Council } from "../config/council.ts";
import { ageRuleText, needText, settingHoursText } from "./protocol-text.ts";

/** A stable UUID (version 5 layout, SHA-1 over a name) so ids never change between builds. */
export function stableUuid(name: string): string {
  const bytes = createHash("sha1").update(`openportage:${name}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The oldest age, in whole years, a child can be while having the service. */
export function maximumAgeYears(council: Council): number {
  const end = council.protocol.eligibility.age.end;
  switch (end.rule) {
    // Funded early education starts within 5 months of the third birthday.
    case "funded-early-education":
      return 3;
    case "age-in-months":
      return Math.floor(end.months / 12);
    case "starts-setting-or-school":
      return Math.floor(end.latestAgeMonths / 12);
    // School starts the 1 September after the fourth birthday: a child can be 4 until then.
    case "school-entry":
      return 4;
  }
}

/** The Open Referral UK service record. */
export function openReferralService(council: Council, siteUrl: string, asOf: string) {
  const protocol = council.protocol;
  const serviceId = stableUuid(`${protocol.id}:service`);
  const organizationId = stableUuid(`${protocol.id}:organization`);
  const need = protocol.eligibility.need.values.at(-1)?.value;
  const hours = protocol.eligibility.settingHours.values.at(-1)?.value;
  const eligibility = [
    ageRuleText(protocol.eligibility.age),
    need ? needText(need) : "",
    hours ? settingHoursText(hours.maxHoursPerWeek, hours.reviewFromHoursPerWeek) : "",
    protocol.eligibility.residence.description,
  ]
    .filter((s) => s !== "")
    .join(" ");
  const selfReferral = familyRoute(protocol);
  const contact = council.contact;
  return {
    id: serviceId,
    organization_id: organizationId,
    name: council.serviceName,
    alternate_name: "Portage",
    description:
      "Portage is a free educational home-visiting service for pre-school children with significant special educational needs and disabilities, and their families. A trained home visitor agrees a play plan with the family, built on what the child can already do, and visits regularly in term time to play and learn together.",
    url: `${siteUrl}/`,
    ...(contact.email ? { email: contact.email } : {}),
    status: "active",
    application_process: selfReferral
      ? `Parents and carers can refer their child online at ${siteUrl}/refer. ${protocol.eligibility.routes.description}`
      : protocol.eligibility.routes.description,
    fees_description: "Free",
    eligibility_description: eligibility,
    minimum_age: Math.floor(protocol.eligibility.age.minimumAgeMonths / 12),
    maximum_age: maximumAgeYears(council),
    assured_date: asOf,
    organization: {
      id: organizationId,
      name: council.name,
      description: `${council.name} runs ${council.serviceName}.`,
      website: council.homepage,
    },
    service_areas: [
      {
        id: stableUuid(`${protocol.id}:service-area`),
        service_id: serviceId,
        name: council.area,
        description: protocol.eligibility.residence.description,
      },
    ],
    languages: [{ id: stableUuid(`${protocol.id}:language:en`), service_id: serviceId, name: "English", code: "en" }],
    interpretation_services: "An interpreter can be arranged at no cost to the family.",
    contacts: [
      {
        id: stableUuid(`${protocol.id}:contact`),
        service_id: serviceId,
        name: contact.team,
        ...(contact.email ? { email: contact.email } : {}),
        phones: contact.phone ? [{ id: stableUuid(`${protocol.id}:phone`), number: contact.phone, languages: [] }] : [],
      },
    ],
  };
}

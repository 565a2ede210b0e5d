// The professionals involved with a child: the add and change forms as the API takes them, and the
// role choices as the referral form names them (health visitor, paediatrician, ..., someone else).
import type { ProfessionalChangeInput, ProfessionalInput, ProfessionalView } from "@openportage/api";
import { professionalOptions } from "@openportage/referral-form";
import { casePath } from "./cases.ts";
import type { FieldRef } from "./problem.ts";

/** The role choices, in the referral form's order and words. */
export const ROLE_CHOICES: readonly { value: string; text: string }[] = professionalOptions.map((o) => ({
  value: o.value,
  text: o.label,
}));

/** The form's fields, for linking the API's errors to them. */
export const PROFESSIONAL_FIELDS: Readonly<Record<string, FieldRef>> = {
  role: { id: "role", label: "Role" },
  name: { id: "name", label: "Name" },
  organisation: { id: "organisation", label: "Organisation" },
  contact: { id: "contact", label: "Secure contact" },
  version: { id: "name", label: "The version" },
};

/** What the form shows: the typed values (or the professional's, before a change). */
export interface ProfessionalFormValues {
  readonly role: string;
  readonly name: string;
  readonly organisation: string;
  readonly contact: string;
}

/** The form's values from a professional on the list. */
export function professionalFormValues(p?: ProfessionalView): ProfessionalFormValues {
  return { role: p?.role ?? "", name: p?.name ?? "", organisation: p?.organisation ?? "", contact: p?.contact ?? "" };
}

/** The form's values from a posted form (already trimmed). */
export function postedProfessional(get: (name: string) => string): ProfessionalFormValues {
  return { role: get("role"), name: get("name"), organisation: get("organisation"), contact: get("contact") };
}

/** `POST /cases/:id/professionals`: blank optional fields are left out; a missing role is sent as "" (the API names it). */
export function professionalBody(form: ProfessionalFormValues): ProfessionalInput {
  return {
    role: form.role,
    ...(form.name ? { name: form.name } : {}),
    ...(form.organisation ? { organisation: form.organisation } : {}),
    ...(form.contact ? { contact: form.contact } : {}),
  };
}

/** `PATCH .../professionals/:professionalId`: every field, a blank one cleared. */
export function professionalChangeBody(form: ProfessionalFormValues, version: number): ProfessionalChangeInput {
  return {
    version,
    ...(form.role ? { role: form.role } : {}),
    name: form.name,
    organisation: form.organisation,
    contact: form.contact,
  };
}

/** The admin's pages for a child's professionals. */
export function professionalsPath(childId: string, ...parts: readonly string[]): string {
  return casePath(childId, "professionals", ...parts);
}

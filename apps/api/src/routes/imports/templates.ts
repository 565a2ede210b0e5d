// The CSV templates of the caseload import: one file per kind of record, each row tied to a child
// by the council's own reference for the child (`child_ref`, the key in today's spreadsheets).
// The children's and referrals' columns are the referral form's questions (packages/referral-form),
// so an imported referral holds the same answers as one a family or a coordinator entered.
import { type FieldDefinition, referralFields } from "@openportage/referral-form";

/** The kinds of record, in the order they are read and written. */
export const IMPORT_KINDS = ["children", "referrals", "decisions", "waiting-list", "allocations", "targets"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** One column of a template. */
export interface TemplateColumn {
  readonly name: string;
  readonly required: boolean;
  /** What goes in it, in words. */
  readonly description: string;
  /** The values allowed, when it is a choice. */
  readonly values?: readonly string[];
  /** An example value for the template's example row. */
  readonly example: string;
  /** The referral form's field it fills, for the children's and referrals' columns. */
  readonly field?: string;
}

/** A template: its file name, what one row is, and its columns. */
export interface ImportTemplate {
  readonly kind: ImportKind;
  readonly file: string;
  readonly row: string;
  readonly columns: readonly TemplateColumn[];
}

const CHILD_REF: TemplateColumn = {
  name: "child_ref",
  required: true,
  description: "Your own reference for the child, the same in every file (letters, digits, - and _; up to 64)",
  example: "LCC-0042",
};

const DATE_NOTE = "a date written YYYY-MM-DD or DD/MM/YYYY";

/** `childFirstName` → `child_first_name`. */
export const columnOf = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const EXAMPLES: Record<string, string> = {
  childFirstName: "Poppy",
  childLastName: "Example",
  childDateOfBirth: "2024-03-14",
  homeLanguages: "English",
  addressLine1: "1 Example Street",
  addressTown: "Preston",
  postcode: "PR1 2AB",
  carerName: "Sam Example",
  carerRelationship: "Mother",
  carerPhone: "07700 900123",
  carerEmail: "sam@example.com",
  helpWanted: "Help with play and communication",
  developmentalConcerns: "Not yet walking; few words",
  settingHoursPerWeek: "",
  consentToReferral: "yes",
};

function fromField(field: FieldDefinition): TemplateColumn {
  const values = field.options?.map((o) => o.value);
  const multiple = field.kind === "checkboxes" && field.name !== "consentToReferral";
  const description = [
    field.label.replace(/\{areaName\}/g, "the council's area").replace(/\{serviceName\}/g, "the service"),
    field.kind === "date" ? ` (${DATE_NOTE})` : "",
    multiple ? " (any of the values, separated by ;)" : "",
  ].join("");
  const example =
    EXAMPLES[field.name] ??
    (values ? (multiple ? values.slice(0, 2).join(";") : values.includes("no") ? "no" : (values[0] ?? "")) : "");
  return {
    name: columnOf(field.name),
    required: field.optional !== true && field.kind !== "hidden",
    description,
    ...(values ? { values } : {}),
    example,
    field: field.name,
  };
}

const CHILD_SECTIONS = new Set(["child", "home", "carer"]);
const childFields = referralFields.filter((f) => f.kind !== "hidden" && CHILD_SECTIONS.has(f.section));
const referralAnswerFields = referralFields.filter((f) => f.kind !== "hidden" && !CHILD_SECTIONS.has(f.section));

const YES_NO = ["yes", "no"] as const;

/** Every template, by kind. */
export const TEMPLATES: Record<ImportKind, ImportTemplate> = {
  children: {
    kind: "children",
    file: "children.csv",
    row: "One row a child: the child and the parent or carer the service contacts first.",
    columns: [CHILD_REF, ...childFields.map(fromField)],
  },
  referrals: {
    kind: "referrals",
    file: "referrals.csv",
    row: "One row a child: the referral that brought the child to the service, with its original date and route.",
    columns: [
      CHILD_REF,
      {
        name: "received_on",
        required: true,
        description: `The day the referral was received: ${DATE_NOTE}`,
        example: "2026-01-12",
      },
      {
        name: "route",
        required: true,
        description: "The referral route: one of the protocol's route ids",
        example: "self-referral",
      },
      {
        name: "referrer_name",
        required: false,
        description: "Who referred, for a professional's referral",
        example: "",
      },
      { name: "referrer_role", required: false, description: "Their role (needed with referrer_name)", example: "" },
      { name: "referrer_organisation", required: false, description: "Their organisation", example: "" },
      ...referralAnswerFields.map(fromField),
    ],
  },
  decisions: {
    kind: "decisions",
    file: "decisions.csv",
    row: "One row a triage decision (a child may have several, oldest first).",
    columns: [
      CHILD_REF,
      {
        name: "decided_on",
        required: true,
        description: `The day of the decision: ${DATE_NOTE}`,
        example: "2026-01-19",
      },
      {
        name: "outcome",
        required: true,
        description: "What was decided",
        values: ["accepted", "not-eligible", "more-information"],
        example: "accepted",
      },
      { name: "note", required: false, description: "The decision's note", example: "" },
      {
        name: "signposting",
        required: false,
        description: "Where the family was pointed, when not eligible",
        example: "",
      },
    ],
  },
  "waiting-list": {
    kind: "waiting-list",
    file: "waiting-list.csv",
    row: "One row a child accepted onto the waiting list, still waiting or allocated since.",
    columns: [
      CHILD_REF,
      {
        name: "accepted_on",
        required: true,
        description: `The day the child joined the waiting list (the list ranks by it): ${DATE_NOTE}`,
        example: "2026-01-19",
      },
      {
        name: "complexity",
        required: false,
        description: "How complex the child's needs are, for the priority rules",
        values: ["low", "moderate", "high"],
        example: "moderate",
      },
      {
        name: "had_portage_before",
        required: false,
        description: "Whether the child had Portage before",
        values: YES_NO,
        example: "no",
      },
      {
        name: "other_specialist_support",
        required: false,
        description: "Whether the child has other specialist support",
        values: YES_NO,
        example: "no",
      },
    ],
  },
  allocations: {
    kind: "allocations",
    file: "allocations.csv",
    row: "One row a child allocated to a home visitor now.",
    columns: [
      CHILD_REF,
      {
        name: "home_visitor_email",
        required: true,
        description: "The home visitor's staff account email (create the accounts first)",
        example: "harriet@example.gov.uk",
      },
      {
        name: "allocated_on",
        required: true,
        description: `The day of the allocation: ${DATE_NOTE}`,
        example: "2026-02-02",
      },
    ],
  },
  targets: {
    kind: "targets",
    file: "targets.csv",
    row: "One row a target of the child's current block: the rows of a child make one play plan with one active block.",
    columns: [
      CHILD_REF,
      {
        name: "block_start",
        required: true,
        description: `The current block's first day: ${DATE_NOTE}`,
        example: "2026-02-02",
      },
      { name: "block_end", required: true, description: `The block's last day: ${DATE_NOTE}`, example: "2026-03-27" },
      {
        name: "frequency",
        required: true,
        description: "How often the home visitor visits",
        values: ["weekly", "fortnightly"],
        example: "weekly",
      },
      { name: "weekday", required: true, description: "The day of the visits, e.g. tuesday", example: "tuesday" },
      { name: "time", required: true, description: "The time of the visits, HH:MM", example: "10:00" },
      {
        name: "agreed_on",
        required: true,
        description: `The day the block was agreed with the family: ${DATE_NOTE}`,
        example: "2026-02-02",
      },
      {
        name: "agreed_by",
        required: true,
        description: "Who agreed it, separated by ;",
        example: "Sam Example (mother);Harriet Visitor",
      },
      {
        name: "area",
        required: true,
        description: "The developmental area: one of the protocol's area ids",
        example: "communication-and-language",
      },
      { name: "does", required: true, description: "What the child will do", example: "point to a picture when asked" },
      {
        name: "conditions",
        required: true,
        description: "Under what conditions",
        example: "with a favourite picture book, when asked where the dog is",
      },
      {
        name: "teaching_steps",
        required: true,
        description: "The teaching steps in order, separated by ;",
        example: "look at the page together;point with hand over hand;point alone",
      },
      {
        name: "practice_how",
        required: true,
        description: "How the family practises",
        example: "at bedtime with the book",
      },
      {
        name: "practice_times_per_day",
        required: false,
        description: "How many times a day (or practice_how_often)",
        example: "2",
      },
      { name: "practice_how_often", required: false, description: "How often, in words", example: "" },
    ],
  },
};

/** A template as CSV: the header and one example row (RFC 4180 quoting). */
export function templateCsv(kind: ImportKind): string {
  const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const columns = TEMPLATES[kind].columns;
  return `${columns.map((c) => c.name).join(",")}\r\n${columns.map((c) => quote(c.example)).join(",")}\r\n`;
}

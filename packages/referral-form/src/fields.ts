// The self-referral form as data: every question a parent or carer answers, in order, with the
// words the public site shows and the API's no-JavaScript answer repeats. Nothing here renders:
// the site (Astro + React) and the API (plain HTML) each turn these definitions into markup, so
// the wording lives in one place.

/** One choice of a radios or checkboxes question. */
export interface FieldOption {
  readonly value: string;
  readonly label: string;
  readonly hint?: string;
}

/** How a question is asked. `date` is three inputs (day, month, year), as the GOV.UK date pattern. */
export type FieldKind = "text" | "textarea" | "email" | "tel" | "number" | "date" | "radios" | "checkboxes" | "hidden";

/** One question of the form. */
export interface FieldDefinition {
  /** The key in the JSON body and the `name` of the input (date parts are `name-day`, `name-month`, `name-year`). */
  readonly name: string;
  readonly kind: FieldKind;
  /** The section the question belongs to (see {@link referralSections}). */
  readonly section: SectionId;
  /** The question. `{areaName}` stands for the council's area (see {@link fillText}). */
  readonly label: string;
  readonly hint?: string;
  /** True when the parent may leave it blank. */
  readonly optional?: boolean;
  /** The `autocomplete` token, where the browser can help (never for the child's own details). */
  readonly autocomplete?: string;
  readonly inputMode?: "numeric" | "decimal" | "tel" | "email" | "text";
  /** Suggested width class suffix (GOV.UK `govuk-input--width-N`). */
  readonly width?: 2 | 3 | 4 | 5 | 10 | 20 | 30;
  readonly maxLength?: number;
  readonly options?: readonly FieldOption[];
  /** Show this question only when another question has this answer (the site may reveal it conditionally). */
  readonly showWhen?: { readonly field: string; readonly value: string };
  /** The error messages for this question, GOV.UK style: say what to do, not what went wrong. */
  readonly messages: FieldMessages;
}

/** The messages a question can show. Only the ones that can happen for the question are set. */
export interface FieldMessages {
  readonly required?: string;
  readonly tooLong?: string;
  readonly format?: string;
  readonly [key: string]: string | undefined;
}

/** The sections of the form, in order. */
export const referralSections = [
  { id: "child", title: "About your child" },
  { id: "home", title: "Where your child lives" },
  { id: "carer", title: "About you" },
  { id: "needs", title: "Your child's needs" },
  { id: "support", title: "Support your child already has" },
  { id: "visits", title: "Home visits" },
  { id: "consent", title: "Agreeing to the referral" },
] as const;

/** A section id. */
export type SectionId = (typeof referralSections)[number]["id"];

const yesNo: readonly FieldOption[] = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];
const yesNoNotSure: readonly FieldOption[] = [...yesNo, { value: "not-sure", label: "I'm not sure" }];
const yesAppliedNo: readonly FieldOption[] = [
  { value: "yes", label: "Yes" },
  { value: "applied", label: "We have applied" },
  { value: "no", label: "No" },
  { value: "not-sure", label: "I'm not sure" },
];

/** The professionals a family may already see, as a Portage referral form lists them. */
export const professionalOptions: readonly FieldOption[] = [
  { value: "health-visitor", label: "Health visitor" },
  { value: "paediatrician", label: "Paediatrician" },
  { value: "gp", label: "GP (family doctor)" },
  { value: "speech-and-language-therapist", label: "Speech and language therapist" },
  { value: "physiotherapist", label: "Physiotherapist" },
  { value: "occupational-therapist", label: "Occupational therapist" },
  { value: "sensory-team", label: "Hearing or vision (sensory) team" },
  { value: "educational-psychologist", label: "Educational psychologist" },
  { value: "social-care", label: "Social worker or social care" },
  { value: "other", label: "Someone else" },
];

/** Areas of development a parent may be worried about, in everyday words. */
export const concernAreaOptions: readonly FieldOption[] = [
  { value: "communication", label: "Talking, understanding or communicating" },
  { value: "movement", label: "Moving, sitting, crawling or walking" },
  { value: "play-and-learning", label: "Playing and learning" },
  { value: "social", label: "Getting on with other people" },
  { value: "self-care", label: "Feeding, sleeping, dressing or toileting" },
  { value: "hearing-or-vision", label: "Hearing or seeing" },
];

/** The hidden field that carries the form's idempotency key. */
export const IDEMPOTENCY_FIELD = "idempotencyKey";
/** The honeypot: hidden from people, filled in by some bots. A submission with it filled is not stored. */
export const HONEYPOT_FIELD = "website";

/** Every question, in the order the form asks them. */
export const referralFields: readonly FieldDefinition[] = [
  {
    name: "childFirstName",
    kind: "text",
    section: "child",
    label: "Child's first name",
    autocomplete: "off",
    width: 20,
    maxLength: 100,
    messages: {
      required: "Enter the child's first name",
      tooLong: "Child's first name must be 100 characters or fewer",
    },
  },
  {
    name: "childLastName",
    kind: "text",
    section: "child",
    label: "Child's last name",
    autocomplete: "off",
    width: 20,
    maxLength: 100,
    messages: {
      required: "Enter the child's last name",
      tooLong: "Child's last name must be 100 characters or fewer",
    },
  },
  {
    name: "childDateOfBirth",
    kind: "date",
    section: "child",
    label: "Child's date of birth",
    hint: "For example, 27 3 2024",
    autocomplete: "bday",
    messages: {
      required: "Enter the child's date of birth",
      missingDay: "Date of birth must include a day",
      missingMonth: "Date of birth must include a month",
      missingYear: "Date of birth must include a year",
      format: "Date of birth must be a real date",
      future: "Date of birth must be in the past",
      tooOld: "Date of birth must be after 1 January 2000",
    },
  },
  {
    name: "childSex",
    kind: "radios",
    section: "child",
    label: "Child's sex",
    options: [
      { value: "female", label: "Female" },
      { value: "male", label: "Male" },
      { value: "not-said", label: "I'd rather not say" },
    ],
    messages: { required: "Select the child's sex" },
  },
  {
    name: "homeLanguages",
    kind: "text",
    section: "child",
    label: "Which languages are spoken at home?",
    hint: "For example, English and Urdu",
    width: 30,
    maxLength: 200,
    messages: {
      required: "Enter the languages spoken at home",
      tooLong: "Languages spoken at home must be 200 characters or fewer",
    },
  },
  {
    name: "interpreterNeeded",
    kind: "radios",
    section: "child",
    label: "Would you like an interpreter when we talk with you?",
    options: yesNo,
    messages: { required: "Select yes if you would like an interpreter" },
  },
  {
    name: "addressLine1",
    kind: "text",
    section: "home",
    label: "Address line 1",
    autocomplete: "address-line1",
    maxLength: 200,
    messages: {
      required: "Enter address line 1, typically the building and street",
      tooLong: "Address line 1 must be 200 characters or fewer",
    },
  },
  {
    name: "addressLine2",
    kind: "text",
    section: "home",
    label: "Address line 2",
    optional: true,
    autocomplete: "address-line2",
    maxLength: 200,
    messages: { tooLong: "Address line 2 must be 200 characters or fewer" },
  },
  {
    name: "addressTown",
    kind: "text",
    section: "home",
    label: "Town or city",
    autocomplete: "address-level2",
    width: 20,
    maxLength: 100,
    messages: {
      required: "Enter town or city",
      tooLong: "Town or city must be 100 characters or fewer",
    },
  },
  {
    name: "postcode",
    kind: "text",
    section: "home",
    label: "Postcode",
    autocomplete: "postal-code",
    width: 10,
    maxLength: 10,
    messages: { required: "Enter postcode", format: "Enter a full UK postcode, like LA1 1AA" },
  },
  {
    name: "livesInArea",
    kind: "radios",
    section: "home",
    label: "Does your child live in {areaName}?",
    options: yesNoNotSure,
    messages: { required: "Select yes if your child lives in {areaName}" },
  },
  {
    name: "carerName",
    kind: "text",
    section: "carer",
    label: "Your full name",
    autocomplete: "name",
    width: 30,
    maxLength: 200,
    messages: { required: "Enter your full name", tooLong: "Your full name must be 200 characters or fewer" },
  },
  {
    name: "carerRelationship",
    kind: "text",
    section: "carer",
    label: "Your relationship to the child",
    hint: "For example, mum, dad, grandparent or foster carer",
    width: 20,
    maxLength: 100,
    messages: {
      required: "Enter your relationship to the child",
      tooLong: "Your relationship to the child must be 100 characters or fewer",
    },
  },
  {
    name: "carerPhone",
    kind: "tel",
    section: "carer",
    label: "Phone number",
    hint: "We will call you to arrange a first conversation",
    autocomplete: "tel",
    inputMode: "tel",
    width: 20,
    maxLength: 20,
    messages: {
      required: "Enter a phone number",
      format: "Enter a phone number, like 01632 960 001 or 07700 900 982",
    },
  },
  {
    name: "carerEmail",
    kind: "email",
    section: "carer",
    label: "Email address",
    hint: "We will send a confirmation of your referral to this address",
    optional: true,
    autocomplete: "email",
    inputMode: "email",
    width: 30,
    maxLength: 254,
    messages: {
      format: "Enter an email address in the correct format, like name@example.com",
      tooLong: "Email address must be 254 characters or fewer",
    },
  },
  {
    name: "helpWanted",
    kind: "textarea",
    section: "needs",
    label: "What would you like help with?",
    hint: "Tell us in your own words what you would like Portage to help your child and your family with",
    maxLength: 2000,
    messages: {
      required: "Enter what you would like help with",
      tooLong: "What you would like help with must be 2000 characters or fewer",
    },
  },
  {
    name: "diagnosis",
    kind: "textarea",
    section: "needs",
    label: "Has your child been diagnosed with a condition? If so, what is it?",
    hint: "For example, Down syndrome or cerebral palsy. Leave this blank if there is no diagnosis",
    optional: true,
    maxLength: 1000,
    messages: { tooLong: "Diagnosis must be 1000 characters or fewer" },
  },
  {
    name: "developmentalConcerns",
    kind: "textarea",
    section: "needs",
    label: "What are your concerns about your child's development?",
    hint: "For example, what your child can and cannot do yet compared with other children of the same age",
    maxLength: 2000,
    messages: {
      required: "Enter your concerns about your child's development",
      tooLong: "Concerns about your child's development must be 2000 characters or fewer",
    },
  },
  {
    name: "concernAreas",
    kind: "checkboxes",
    section: "needs",
    label: "Which areas are you worried about?",
    hint: "Select all that apply",
    optional: true,
    options: concernAreaOptions,
    messages: { format: "Select the areas you are worried about from the list" },
  },
  {
    name: "professionalsInvolved",
    kind: "checkboxes",
    section: "support",
    label: "Which professionals already know your child?",
    hint: "Select all that apply",
    optional: true,
    options: professionalOptions,
    messages: { format: "Select the professionals from the list" },
  },
  {
    name: "professionalsDetails",
    kind: "textarea",
    section: "support",
    label: "Names of the professionals, if you know them",
    optional: true,
    maxLength: 1000,
    messages: { tooLong: "Names of the professionals must be 1000 characters or fewer" },
  },
  {
    name: "earlyHelp",
    kind: "radios",
    section: "support",
    label: "Does your family have an Early Help Assessment or Early Help Plan?",
    options: yesNoNotSure,
    messages: { required: "Select yes if your family has an Early Help Assessment or Plan" },
  },
  {
    name: "ehcPlan",
    kind: "radios",
    section: "support",
    label: "Does your child have an education, health and care (EHC) plan?",
    options: yesAppliedNo,
    messages: { required: "Select yes if your child has an education, health and care plan" },
  },
  {
    name: "dla",
    kind: "radios",
    section: "support",
    label: "Does your child get Disability Living Allowance (DLA)?",
    options: yesAppliedNo,
    messages: { required: "Select yes if your child gets Disability Living Allowance" },
  },
  {
    name: "attendsSetting",
    kind: "radios",
    section: "support",
    label: "Does your child go to a nursery, pre-school or childminder?",
    options: yesNo,
    messages: { required: "Select yes if your child goes to a nursery, pre-school or childminder" },
  },
  {
    name: "settingName",
    kind: "text",
    section: "support",
    label: "Name of the nursery, pre-school or childminder",
    showWhen: { field: "attendsSetting", value: "yes" },
    optional: true,
    width: 30,
    maxLength: 200,
    messages: {
      required: "Enter the name of the nursery, pre-school or childminder",
      tooLong: "Name of the setting must be 200 characters or fewer",
    },
  },
  {
    name: "settingHoursPerWeek",
    kind: "number",
    section: "support",
    label: "How many hours a week does your child spend there?",
    hint: "For example, 10 or 12.5",
    showWhen: { field: "attendsSetting", value: "yes" },
    optional: true,
    inputMode: "decimal",
    width: 3,
    maxLength: 4,
    messages: {
      required: "Enter how many hours a week your child spends there",
      format: "Hours a week must be a number, like 10 or 12.5",
      range: "Hours a week must be between 0 and 60",
    },
  },
  {
    name: "availableForVisits",
    kind: "radios",
    section: "visits",
    label: "Can a parent or carer be at home with your child for visits?",
    hint: "Portage visits last about an hour, usually every week or every two weeks",
    options: yesNoNotSure,
    messages: { required: "Select yes if a parent or carer can be at home with your child for visits" },
  },
  {
    name: "homeVisitSafety",
    kind: "textarea",
    section: "visits",
    label: "Is there anything a home visitor should know before visiting?",
    hint: "For example, pets in the home, stairs or parking, or times that do not suit you",
    optional: true,
    maxLength: 1000,
    messages: { tooLong: "What a home visitor should know must be 1000 characters or fewer" },
  },
  {
    name: "consentToReferral",
    kind: "checkboxes",
    section: "consent",
    label: "Agreeing to this referral",
    options: [
      {
        value: "yes",
        label:
          "I am the child's parent or carer and I agree to this referral to {serviceName}, and to the service keeping the information on this form",
      },
    ],
    messages: { required: "Confirm that you agree to this referral" },
  },
  {
    name: "consentToSharing",
    kind: "radios",
    section: "consent",
    label: "Can we talk with the professionals who know your child about this referral?",
    hint: "For example, your health visitor or nursery. We will ask you again before we share anything else",
    options: yesNo,
    messages: { required: "Select yes if we can talk with the professionals who know your child" },
  },
];

/** Finds a question by its name. */
export function referralField(name: string): FieldDefinition | undefined {
  return referralFields.find((field) => field.name === name);
}

/** Values that fill the `{placeholders}` in labels, hints and messages. */
export interface FormTextValues {
  readonly areaName: string;
  readonly serviceName: string;
}

/** The council's words for a protocol: its area and its service's name. */
export function formTextFor(protocol: {
  readonly serviceName: string;
  readonly council: { readonly areaName: string };
}): FormTextValues {
  return { areaName: protocol.council.areaName, serviceName: protocol.serviceName };
}

/** Puts the council's area and service name into a label, hint or message. */
export function fillText(text: string, values: FormTextValues): string {
  return text.replaceAll("{areaName}", values.areaName).replaceAll("{serviceName}", values.serviceName);
}

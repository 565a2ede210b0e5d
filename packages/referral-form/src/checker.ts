// The eligibility checker, defined once for the public site's island (with JavaScript) and the
// API's page (a plain form post without it): its questions and their words, how the answers are
// checked and become the facts `assessEligibility` from @openportage/domain uses, and how the
// result reads. Nothing here renders and nothing is stored.
import {
  ageInMonths,
  dateFromParts,
  type EligibilityAssessment,
  type EligibilityFacts,
  familyRoute,
  type IsoDate,
  type Protocol,
  valueOn,
} from "@openportage/domain";

/** "yes", "no", "not-sure", or "" before the parent answers. */
export type Answer = "yes" | "no" | "not-sure" | "";

/** What the parent has answered so far. Held in memory only: never stored in the browser. */
export interface CheckerAnswers {
  readonly dateOfBirth: { readonly day: string; readonly month: string; readonly year: string };
  readonly diagnosis: Answer;
  /** A professional has said the child is behind in their development. */
  readonly delayKnown: Answer;
  readonly delayAreas: readonly string[];
  /** Months behind, by area id, as typed. */
  readonly delayMonths: Readonly<Record<string, string>>;
  readonly knownToPanel: Answer;
  readonly attendsSetting: Answer;
  readonly settingHours: string;
  readonly livesInArea: Answer;
  readonly availableForVisits: Answer;
}

/** A blank set of answers. */
export const NO_ANSWERS: CheckerAnswers = {
  dateOfBirth: { day: "", month: "", year: "" },
  diagnosis: "",
  delayKnown: "",
  delayAreas: [],
  delayMonths: {},
  knownToPanel: "",
  attendsSetting: "",
  settingHours: "",
  livesInArea: "",
  availableForVisits: "",
};

/** The questions this protocol needs, beyond the ones every protocol asks. */
export function checkerQuestions(protocol: Protocol, asOf: IsoDate) {
  const need = valueOn(protocol.eligibility.need.values, asOf) ?? protocol.eligibility.need.values.at(-1)?.value;
  return {
    diagnosis: need?.diagnosisQualifies ?? false,
    delay: need?.delay ?? null,
    panel: need?.panelRequired?.name,
  };
}

/** A choice of a checker question. */
export interface CheckerOption {
  readonly value: string;
  readonly label: string;
}

const YES_NO_NOT_SURE: readonly CheckerOption[] = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
  { value: "not-sure", label: "I'm not sure" },
];
const YES_NO = YES_NO_NOT_SURE.slice(0, 2);

/** The words of the checker's questions for a protocol: one place for the island and the API's page. */
export function checkerWords(protocol: Protocol) {
  return {
    dateOfBirth: { label: "What is your child's date of birth?", hint: "For example, 27 3 2025" },
    diagnosis: {
      label: "Has your child been diagnosed with a condition or syndrome that affects their development?",
      hint: "For example, Down syndrome or cerebral palsy",
      options: YES_NO_NOT_SURE,
    },
    delayKnown: {
      label: "Has a health visitor, doctor or therapist told you your child is behind in their development?",
      options: YES_NO_NOT_SURE,
    },
    delayAreas: {
      label: "In which areas?",
      /** Without JavaScript the follow-up shows with the question it follows. */
      labelWithoutScript: "If yes, in which areas?",
      hint: "Select all that apply",
      options: protocol.plans.areas.areas.map((area) => ({ value: area.id, label: area.name })),
    },
    delayMonths: (areaName: string) => ({
      label: `${areaName}: about how many months behind?`,
      hint: "Leave blank if you do not know",
    }),
    knownToPanel: (panel: string) => ({
      label: `Has your child been brought to the ${panel}?`,
      hint: "A professional or your child's setting would have asked for your agreement first",
      options: YES_NO_NOT_SURE,
    }),
    attendsSetting: { label: "Does your child go to a nursery, pre-school or childminder?", options: YES_NO },
    settingHours: {
      label: "How many hours a week?",
      labelWithoutScript: "If yes, how many hours a week?",
      hint: "For example, 10 or 12.5",
    },
    livesInArea: { label: `Does your child live in ${protocol.council.areaName}?`, options: YES_NO_NOT_SURE },
    availableForVisits: {
      label: "Could a parent or carer be at home with your child for visits, in term time?",
      hint: `Visits last about ${protocol.visits.blocks.visitMinutes} minutes, on the same day and time each week or fortnight`,
      options: YES_NO_NOT_SURE,
    },
    submit: "Check",
  } as const;
}

/** One problem with the answers, for the error summary. */
export interface CheckerError {
  readonly field: string;
  readonly href: string;
  readonly message: string;
}

const HOURS = /^\d{1,3}(\.\d{1,2})?$/;
const MONTHS = /^\d{1,2}$/;

/** Checks the answers the checker cannot work without: a real date of birth, and hours as a number. */
export function checkAnswers(answers: CheckerAnswers, asOf: IsoDate): CheckerError[] {
  const errors: CheckerError[] = [];
  const { day, month, year } = answers.dateOfBirth;
  const dob = answers.dateOfBirth;
  if (!dob.day.trim() && !dob.month.trim() && !dob.year.trim()) {
    errors.push({ field: "dateOfBirth", href: "#dateOfBirth-day", message: "Enter your child's date of birth" });
  } else {
    const date =
      /^\d{1,2}$/.test(day.trim()) && /^\d{1,2}$/.test(month.trim()) && /^\d{4}$/.test(year.trim())
        ? dateFromParts(Number(year), Number(month), Number(day))
        : undefined;
    if (date === undefined) {
      errors.push({ field: "dateOfBirth", href: "#dateOfBirth-day", message: "Date of birth must be a real date" });
    } else if (date > asOf) {
      errors.push({ field: "dateOfBirth", href: "#dateOfBirth-day", message: "Date of birth must be in the past" });
    }
  }
  if (answers.attendsSetting === "yes" && !HOURS.test(answers.settingHours.trim())) {
    errors.push({
      field: "settingHours",
      href: "#settingHours",
      message: "Enter the hours a week as a number, like 10 or 12.5",
    });
  } else if (answers.attendsSetting === "yes" && Number(answers.settingHours) > 168) {
    errors.push({ field: "settingHours", href: "#settingHours", message: "Hours a week must be 168 or fewer" });
  }
  // The domain refuses a delay of more months than the child's age, so ask for it to be corrected here.
  const born = dateFromParts(Number(year), Number(month), Number(day));
  const age = born !== undefined && born <= asOf ? ageInMonths(born, asOf) : undefined;
  for (const area of answers.delayKnown === "yes" ? answers.delayAreas : []) {
    const months = answers.delayMonths[area]?.trim() ?? "";
    if (months !== "" && !MONTHS.test(months)) {
      errors.push({
        field: `delayMonths-${area}`,
        href: `#delayMonths-${area}`,
        message: "Enter the months behind as a whole number, like 6",
      });
    } else if (months !== "" && age !== undefined && Number(months) > age) {
      errors.push({
        field: `delayMonths-${area}`,
        href: `#delayMonths-${area}`,
        message: `The months behind must be ${age} or fewer, your child's age in months`,
      });
    }
  }
  return errors;
}

function yesNo(answer: Answer): boolean | undefined {
  return answer === "yes" ? true : answer === "no" ? false : undefined;
}

/**
 * The facts for `assessEligibility`. An answer of "not sure" (or none) is left out, so the
 * check reports it as still to find out rather than counting it against the child. Consent is
 * taken as given: the checker asks "if you referred, would your child be eligible?".
 */
export function toFacts(answers: CheckerAnswers, protocol: Protocol): EligibilityFacts {
  const { day, month, year } = answers.dateOfBirth;
  const dateOfBirth = dateFromParts(Number(year), Number(month), Number(day));
  // The family's own route; where only professionals refer (ADR 0060), the first of theirs.
  const route = familyRoute(protocol) ?? protocol.eligibility.routes.routes[0];
  const facts: Record<string, unknown> = {
    consentGiven: true,
  };
  if (route) facts.routeId = route.id;
  if (dateOfBirth) facts.dateOfBirth = dateOfBirth;
  const diagnosis = yesNo(answers.diagnosis);
  if (diagnosis !== undefined) facts.diagnosis = diagnosis;
  if (answers.delayKnown === "yes" && answers.delayAreas.length > 0) {
    const delays = answers.delayAreas.map((areaId) => ({
      areaId,
      months: answers.delayMonths[areaId]?.trim() ?? "",
    }));
    // Only a full set of figures says anything about the threshold; otherwise it is unknown.
    if (delays.every((d) => MONTHS.test(d.months))) {
      facts.developmentalDelays = delays.map((d) => ({ areaId: d.areaId, delayMonths: Number(d.months) }));
    }
  }
  const panel = yesNo(answers.knownToPanel);
  if (panel !== undefined) facts.knownToPanel = panel;
  if (answers.attendsSetting === "no") facts.settingHoursPerWeek = 0;
  if (answers.attendsSetting === "yes" && HOURS.test(answers.settingHours.trim())) {
    facts.settingHoursPerWeek = Number(answers.settingHours);
  }
  const lives = yesNo(answers.livesInArea);
  if (lives !== undefined) facts.livesInArea = lives;
  const available = yesNo(answers.availableForVisits);
  if (available !== undefined) facts.availableForVisits = available;
  return facts as EligibilityFacts;
}

/** Posted form fields, as `URLSearchParams` gives them. */
export interface FormFields {
  get(name: string): string | null;
  getAll(name: string): string[];
}

const ANSWER_VALUES = new Set(["yes", "no", "not-sure"]);
const MAX_TEXT = 20;

function answerFrom(value: string | null): Answer {
  return value !== null && ANSWER_VALUES.has(value) ? (value as Answer) : "";
}

/**
 * The answers from a plain form post (the checker without JavaScript): `dateOfBirth-day`,
 * `-month`, `-year`, one `delayAreas` per ticked box, `delayMonths-<area>`, and the yes/no
 * questions. Anything else is ignored; a value that is not a choice counts as no answer, and
 * text is cut to a few characters (no answer needs more).
 */
export function checkerAnswersFrom(form: FormFields, protocol: Protocol): CheckerAnswers {
  const text = (name: string) => (form.get(name) ?? "").slice(0, MAX_TEXT);
  const areaIds = new Set(protocol.plans.areas.areas.map((area) => area.id));
  const delayAreas = [...new Set(form.getAll("delayAreas"))].filter((id) => areaIds.has(id));
  const delayMonths: Record<string, string> = {};
  for (const id of delayAreas) delayMonths[id] = text(`delayMonths-${id}`);
  return {
    dateOfBirth: { day: text("dateOfBirth-day"), month: text("dateOfBirth-month"), year: text("dateOfBirth-year") },
    diagnosis: answerFrom(form.get("diagnosis")),
    delayKnown: answerFrom(form.get("delayKnown")),
    delayAreas,
    delayMonths,
    knownToPanel: answerFrom(form.get("knownToPanel")),
    attendsSetting: answerFrom(form.get("attendsSetting")) === "not-sure" ? "" : answerFrom(form.get("attendsSetting")),
    settingHours: text("settingHours"),
    livesInArea: answerFrom(form.get("livesInArea")),
    availableForVisits: answerFrom(form.get("availableForVisits")),
  };
}

/** The result's heading for each outcome. */
export const CHECKER_HEADINGS: Readonly<Record<EligibilityAssessment["outcome"], string>> = {
  eligible: "Your child is likely to be eligible for Portage",
  "not-eligible": "Your child is not likely to be eligible for Portage",
  "more-information-needed": "Your child may be eligible for Portage",
};

/** What the checker says a result is: a guide, not a decision. */
export const CHECKER_GUIDE =
  "This is a guide only, from your answers. The Portage team decides when they read a referral.";

// The checker takes these as given (see toFacts), so it does not report them back.
const ASSUMED = new Set(["consent", "referral-route"]);

const RESULT_WORDS = { met: "Yes", "not-met": "No", unknown: "To be checked" } as const;
const TOPICS: Record<string, string> = {
  age: "Age",
  need: "Level of need",
  "setting-hours": "Time in a setting",
  residence: "Where you live",
  availability: "Home visits",
};

/** One row of the result: the topic, the answer in a word, and the reason in the parent's words. */
export interface CheckerReasonRow {
  readonly key: string;
  readonly topic: string;
  readonly result: string;
  readonly text: string;
}

/** The result's reasons as rows, leaving out what the checker takes as given. */
export function checkerReasons(result: EligibilityAssessment): CheckerReasonRow[] {
  return result.reasons
    .filter((reason) => !ASSUMED.has(reason.topic))
    .map((reason) => ({
      key: reason.clauseId,
      topic: TOPICS[reason.topic] ?? reason.topic,
      result: RESULT_WORDS[reason.result],
      text: reason.parent,
    }));
}

/** Somewhere else a family can turn, from the council's configuration. */
export interface CheckerSignpost {
  readonly name: string;
  readonly description: string;
  readonly url?: string | undefined;
}

/** One item of "Where else you can get help": the council's signposts link; the rules' own advice is text. */
export interface CheckerHelpItem {
  readonly key: string;
  readonly name?: string;
  readonly url?: string | undefined;
  readonly text: string;
}

// The rules' general advice that a council's signposting already gives, with a link: each pair is
// a phrase in the rules' sentence and the same thing in a signpost's name.
const ALREADY_SIGNPOSTED: readonly (readonly [RegExp, RegExp])[] = [
  [/health visitor or GP/i, /health visitor/i],
  [/local offer/i, /local offer/i],
  [/National Portage Association/i, /National Portage Association/i],
];

/**
 * "Where else you can get help", once: the council's signposts (with their links), then the
 * rules' own advice for this child, leaving out advice a signpost already gives.
 */
export function checkerHelp(result: EligibilityAssessment, signposts: readonly CheckerSignpost[]): CheckerHelpItem[] {
  const covered = (text: string) =>
    ALREADY_SIGNPOSTED.some(
      ([inText, inName]) => inText.test(text) && signposts.some((signpost) => inName.test(signpost.name)),
    );
  return [
    ...result.signposting.filter((text) => !covered(text)).map((text) => ({ key: `advice:${text}`, text })),
    ...signposts.map((signpost) => ({
      key: `signpost:${signpost.name}`,
      name: signpost.name,
      url: signpost.url,
      text: signpost.description,
    })),
  ];
}

/** The heading over when support would end: in the past tense once that day has gone. */
export function supportEndHeading(result: EligibilityAssessment): string {
  return result.supportEnds !== undefined && result.supportEnds <= result.evaluatedOn
    ? "When Portage ended"
    : "When Portage would end";
}

// The eligibility checker's answers and how they become the facts `assessEligibility` uses.
// Kept apart from the React component so it can be tested on its own.
import { dateFromParts, type EligibilityFacts, type IsoDate, type Protocol, valueOn } from "@openportage/domain";

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
  for (const area of answers.delayKnown === "yes" ? answers.delayAreas : []) {
    const months = answers.delayMonths[area]?.trim() ?? "";
    if (months !== "" && !MONTHS.test(months)) {
      errors.push({
        field: `delayMonths-${area}`,
        href: `#delayMonths-${area}`,
        message: "Enter the months behind as a whole number, like 6",
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
  const route =
    protocol.eligibility.routes.routes.find((r) => r.referrer === "family") ?? protocol.eligibility.routes.routes[0];
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

/** Today's date where the browser is (the checker's `asOf`). */
export function localToday(now: Date = new Date()): IsoDate {
  return dateFromParts(now.getFullYear(), now.getMonth() + 1, now.getDate()) as IsoDate;
}

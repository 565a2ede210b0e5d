// The eligibility checker's answers and rules, from @openportage/referral-form (shared with the
// API's page for the checker without JavaScript), and today's date in the browser.
import { dateFromParts, type IsoDate } from "@openportage/domain";

export {
  type Answer,
  CHECKER_GUIDE,
  CHECKER_HEADINGS,
  type CheckerAnswers,
  type CheckerError,
  type CheckerHelpItem,
  type CheckerSignpost,
  checkAnswers,
  checkerAnswersFrom,
  checkerHelp,
  checkerQuestions,
  checkerReasons,
  checkerWords,
  NO_ANSWERS,
  supportEndHeading,
  toFacts,
} from "@openportage/referral-form";

/** Today's date where the browser is (the checker's `asOf`). */
export function localToday(now: Date = new Date()): IsoDate {
  return dateFromParts(now.getFullYear(), now.getMonth() + 1, now.getDate()) as IsoDate;
}

import { addMonths, type IsoDate } from "../dates/date-only.js";
import { fundedEarlyEducationStart } from "../dates/funded-early-education.js";
import { schoolEntryDate } from "../dates/school-entry.js";
import type { Protocol } from "../protocol/schema.js";

/**
 * The first day a child is past the protocol's age window: support ends the day before.
 * Lancashire: the day funded early education for 3-year-olds starts. A fixed-age rule: the
 * day the child reaches that age in months. "Until the child starts a setting or school": the
 * latest age at which that happens, the date used for planning until the child's actual start
 * date is known. "Until school entry": the 1 September after the fourth birthday.
 */
export function supportEndDate(dateOfBirth: IsoDate, protocol: Pick<Protocol, "eligibility">): IsoDate {
  const end = protocol.eligibility.age.end;
  switch (end.rule) {
    case "funded-early-education":
      return fundedEarlyEducationStart(dateOfBirth);
    case "age-in-months":
      return addMonths(dateOfBirth, end.months);
    case "starts-setting-or-school":
      return addMonths(dateOfBirth, end.latestAgeMonths);
    case "school-entry":
      return schoolEntryDate(dateOfBirth);
  }
}

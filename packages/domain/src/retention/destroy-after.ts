// How long a child's record is kept: the protocol's retention rule, in one place, for the day a
// referral is received, the day a child leaves and the day a closed case is reopened.
import { addYears, type IsoDate } from "../dates/date-only.js";
import type { Protocol } from "../protocol/schema.js";

/**
 * The day after which a child's record is destroyed under the protocol's retention rule
 * (`retention.yearsAfterBirth`): the date of birth plus that many years (29 February becomes
 * 28 February in a common year). The rule counts from birth, so leaving the service does not
 * shorten or lengthen it; it is worked out again on exit so that a council's changed rule applies.
 *
 * @example destroyAfterDate(parseIsoDate("2023-10-02"), lancashire) // "2048-10-02"
 */
export function destroyAfterDate(dateOfBirth: IsoDate, protocol: Pick<Protocol, "retention">): IsoDate {
  return addYears(dateOfBirth, protocol.retention.yearsAfterBirth);
}

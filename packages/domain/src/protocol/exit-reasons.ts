// The exit reason ids the rules raise on their own. A protocol may list other reasons too (staff
// record them by hand), but these ids mean what they say here: `dueExits` raises each one only
// when the protocol lists it.

/** Exit reason ids that `dueExits` raises, and what raises each. */
export const EXIT_REASON_IDS = {
  "age-limit":
    "The child reaches the end of the age window (the protocol's age end rule). Every protocol must list it.",
  "setting-hours": "The child's hours in a setting go over the protocol's setting-hours limit.",
  "started-setting":
    "The child starts at a setting or school, where support lasts until then (the starts-setting-or-school end rule).",
  "moved-away": "The family moves out of the area the service covers.",
  "family-withdrew": "A parent or carer withdraws consent to the service.",
  "missed-visits": "Staff flag repeatedly missed visits under the protocol's missed-visits rule.",
} as const;

/** An exit reason id that the rules raise on their own. */
export type BuiltInExitReasonId = keyof typeof EXIT_REASON_IDS;

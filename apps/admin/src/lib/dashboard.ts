// Figures for the coordinator's dashboard, from the API's lists.
import type { WaitingListEntry } from "./records.ts";

/** The longest wait on the list in days, and who has waited it (null when nobody waits). */
export function longestWait(entries: readonly WaitingListEntry[]): WaitingListEntry | null {
  let longest: WaitingListEntry | null = null;
  for (const entry of entries) if (!longest || entry.daysWaited > longest.daysWaited) longest = entry;
  return longest;
}

/** Children who age out within `weeks` weeks, soonest first: they should not wait much longer. */
export function agingOutSoon(entries: readonly WaitingListEntry[], weeks = 12): WaitingListEntry[] {
  return entries
    .filter((e) => e.agedOut || e.weeksLeft <= weeks)
    .sort((a, b) => (a.agesOutOn < b.agesOutOn ? -1 : a.agesOutOn > b.agesOutOn ? 1 : 0));
}

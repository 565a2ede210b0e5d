// The case's history as staff read it: a run of looks at the case by the same person (each screen
// opened is one) reads as one line with how many, so the changes stand out.
import type { CaseHistory } from "@openportage/api";

type Entry = CaseHistory["entries"][number];

/** One line of the history: an entry, or a run of looks by one person (newest first). */
export interface HistoryLine {
  readonly entry: Entry;
  /** How many entries the line stands for (a run of looks), at least 1. */
  readonly count: number;
  /** The earliest entry's time, for a run. */
  readonly since: string;
}

/** Groups consecutive reads by the same person; changes stay one a line. */
export function historyLines(entries: readonly Entry[]): HistoryLine[] {
  const lines: HistoryLine[] = [];
  for (const entry of entries) {
    const last = lines.at(-1);
    const read = entry.action === "read" && !entry.what;
    if (
      last &&
      read &&
      last.entry.action === "read" &&
      !last.entry.what &&
      (last.entry.actor?.id ?? null) === (entry.actor?.id ?? null)
    ) {
      lines[lines.length - 1] = { ...last, count: last.count + 1, since: entry.at };
    } else {
      lines.push({ entry, count: 1, since: entry.at });
    }
  }
  return lines;
}

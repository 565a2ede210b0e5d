// The review report the family keeps: the domain's report of the block (figures, what the records
// show, the targets) with what the family said in their own words, how the child's developmental
// profile moved since the first one, the focus agreed for the next block and what happens next.
// One report for the screen, the printed page and the PDF.
import {
  type Block,
  type BlockReview,
  dateInWords,
  type ProfileComparison,
  type ReportSection,
} from "@openportage/domain";
import type { ReportSectionView, ReviewDecision, ReviewReportView } from "./contract.js";

/** What the report says besides the domain's review of the block. */
export interface FamilyReportInput {
  readonly childFirstName: string;
  readonly figures: BlockReview;
  readonly celebrations: string;
  readonly nextFocus: string;
  readonly decision: ReviewDecision;
  /** The block that follows, for a next-block decision. */
  readonly nextBlock?: Pick<Block, "start" | "end" | "frequency" | "weekday" | "time">;
  readonly comparison?: ProfileComparison | null;
}

/** A section of the domain's report as the answer carries it. */
function copy(section: ReportSection): ReportSectionView {
  switch (section.kind) {
    case "summary":
      return { ...section, rows: section.rows.map((r) => ({ ...r })) };
    case "list":
      return { ...section, items: [...section.items] };
    case "table":
      return { ...section, columns: [...section.columns], rows: section.rows.map((r) => [...r]) };
  }
}

/** Lines of a text box as list items (blank lines left out). */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

const CHANGE_WORDS: Record<ProfileComparison["areas"][number]["change"], string> = {
  "moved-on": "Moved on",
  same: "The same",
  "moved-back": "Needs more support",
  "first-marked": "Marked for the first time",
  "not-marked-later": "Not marked this time",
  "not-marked": "Not marked",
};

function pattern(block: NonNullable<FamilyReportInput["nextBlock"]>): string {
  const day = `${block.weekday.charAt(0).toUpperCase()}${block.weekday.slice(1)}s`;
  return `${block.frequency === "weekly" ? "Weekly" : "Fortnightly"} on ${day} at ${block.time}`;
}

function whatNext(input: FamilyReportInput): ReportSectionView {
  switch (input.decision) {
    case "next-block": {
      const next = input.nextBlock;
      return {
        kind: "summary",
        heading: "What happens next",
        rows: next
          ? [
              { key: "Next block", value: `${dateInWords(next.start)} to ${dateInWords(next.end)}` },
              { key: "Visits", value: pattern(next) },
            ]
          : [{ key: "Next block", value: "Another block of visits" }],
      };
    }
    case "waiting-list":
      return {
        kind: "summary",
        heading: "What happens next",
        rows: [
          {
            key: "Decision",
            value: `${input.childFirstName} goes back on the waiting list for now. We keep the play plan, and it carries on when visits start again.`,
          },
        ],
      };
    case "exit":
      return {
        kind: "summary",
        heading: "What happens next",
        rows: [{ key: "Decision", value: `${input.childFirstName} is leaving the Portage service.` }],
      };
  }
}

/**
 * The family's review report: the domain's block summary, then the family's celebrations in
 * their words, the domain's words of celebration, the targets, the profile compared with the
 * first (when one was recorded for the review), the focus agreed for the next block, and what
 * happens next.
 */
export function familyReport(input: FamilyReportInput): ReviewReportView {
  const domain = input.figures.report.sections;
  const byHeading = (heading: string) => domain.filter((s) => s.heading === heading).map(copy);
  const yourWords = lines(input.celebrations);
  const focus = lines(input.nextFocus);
  const comparison = input.comparison;
  const sections: ReportSectionView[] = [
    ...byHeading("The block"),
    ...(yourWords.length > 0 ? [{ kind: "list" as const, heading: "What you are celebrating", items: yourWords }] : []),
    ...byHeading("What we are celebrating"),
    ...byHeading("Targets"),
    ...(comparison
      ? [
          {
            kind: "table" as const,
            heading: `${input.childFirstName}'s developmental profile`,
            columns: ["Area", dateInWords(comparison.from), dateInWords(comparison.to), "Change"],
            rows: comparison.areas
              .filter((a) => a.change !== "not-marked")
              .map((a) => [a.area, a.before?.name ?? "-", a.after?.name ?? "-", CHANGE_WORDS[a.change]]),
          },
        ]
      : []),
    ...(focus.length > 0 ? [{ kind: "list" as const, heading: "Next focus", items: focus }] : []),
    whatNext(input),
  ];
  return { title: input.figures.report.title, sections };
}

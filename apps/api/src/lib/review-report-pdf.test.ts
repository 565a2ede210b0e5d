// The review report read back with PDF.js (through unpdf), as a screen reader or a search would:
// its words, its document information and its structure tree.
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { type ReviewReportPdfInput, reviewReportPdf } from "./review-report-pdf.js";

const INPUT: ReviewReportPdfInput = {
  serviceName: "Lancashire Portage",
  childFirstName: "Amir",
  homeVisitorName: "Jo Smith",
  report: {
    title: "Block 1 review: 23 November 2026 to 12 February 2027",
    sections: [
      {
        kind: "summary",
        heading: "The block",
        rows: [
          { key: "Dates", value: "23 November 2026 to 12 February 2027" },
          { key: "Visits held", value: "9 of 11 (2 missed)" },
        ],
      },
      { kind: "list", heading: "What you are celebrating", items: ["He says 'more' at bath time", "He loves bubbles"] },
      {
        kind: "table",
        heading: "Targets",
        columns: ["Area", "Target", "Progress", "Outcome", "Next step"],
        rows: [["Communication and language", "say 'more'", "Developing", "Carry forward (recorded)", "Keep going"]],
      },
      {
        kind: "summary",
        heading: "What happens next",
        rows: [{ key: "Next block", value: "1 March 2027 to 23 May 2027" }],
      },
    ],
  },
};

interface StructNode {
  role?: string;
  children?: StructNode[];
}

async function read(bytes: Uint8Array) {
  const pdf = await getDocumentProxy(bytes.slice());
  const { text: pages } = await extractText(pdf, { mergePages: false });
  const info: Record<string, unknown> = Object.fromEntries(Object.entries((await pdf.getMetadata()).info));
  const page = await pdf.getPage(1);
  const roles = (node: StructNode): unknown =>
    node.role === undefined ? "content" : { [node.role]: (node.children ?? []).map(roles) };
  const structure = roles((await page.getStructTree()) as StructNode);
  return { pages, info, markInfo: await pdf.getMarkInfo(), structure, view: page.view };
}

const raw = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");

describe("reviewReportPdf", async () => {
  const bytes = await reviewReportPdf(INPUT);
  const report = await read(bytes);
  const text = report.pages.join("\n");

  it("is an A4 portrait PDF 1.7, titled with the child's name, by the service, in British English", () => {
    expect(raw(bytes.subarray(0, 8))).toBe("%PDF-1.7");
    expect(report.view.map(Math.round)).toEqual([0, 0, 595, 842]);
    expect(report.info).toMatchObject({
      Title: "Amir: Block 1 review: 23 November 2026 to 12 February 2027",
      Author: "Lancashire Portage",
      Language: "en-GB",
    });
    expect(raw(bytes)).toMatch(/\/DisplayDocTitle true/);
  });

  it("is tagged, with a structure tree", () => {
    expect(report.markInfo).toMatchObject({ Marked: true });
    expect(raw(bytes)).toMatch(/\/StructTreeRoot \d+ 0 R/);
  });

  it("says every section in order, in the family's words", () => {
    // Long lines and table cells wrap, so each is looked for in a part that fits on one line.
    const words = [
      "Block 1 review: 23 November 2026",
      "For Amir and family, from Lancashire Portage.",
      "The block",
      "Visits held",
      "9 of 11 (2 missed)",
      "What you are celebrating",
      "He says 'more' at bath time",
      "Targets",
      "Carry forward",
      "What happens next",
      "1 March 2027 to 23 May 2027",
      "Lancashire Portage. Your home visitor is Jo Smith.",
    ];
    const at = words.map((w) => text.indexOf(w));
    expect(
      at.every((i) => i >= 0),
      JSON.stringify({ text }),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it("is structured for a screen reader: headings, a list, and tables with headers", () => {
    const summaryRow = { TR: [{ TH: ["content"] }, { TD: ["content"] }] };
    const item = { LI: [{ Lbl: ["content"] }, { LBody: ["content"] }] };
    const heads = Array.from({ length: 5 }, () => ({ TH: ["content"] }));
    const cells = Array.from({ length: 5 }, () => ({ TD: ["content"] }));
    expect(report.structure).toEqual({
      Root: [
        {
          Document: [
            { H1: ["content"] },
            { P: ["content"] },
            { H2: ["content"] },
            { Table: [summaryRow, summaryRow] },
            { H2: ["content"] },
            { L: [item, item] },
            { H2: ["content"] },
            { Table: [{ TR: heads }, { TR: cells }] },
            { H2: ["content"] },
            { Table: [summaryRow] },
            { P: ["content"] },
          ],
        },
      ],
    });
  });

  it("runs onto more pages when the report is long, with the footer on the last", async () => {
    const many = Array.from({ length: 40 }, (_, i) => `Something to celebrate, number ${i + 1}`);
    const long = await read(
      await reviewReportPdf({
        ...INPUT,
        report: { ...INPUT.report, sections: [{ kind: "list", heading: "What you are celebrating", items: many }] },
      }),
    );
    expect(long.pages.length).toBeGreaterThan(1);
    expect(long.pages.at(-1)).toContain("Your home visitor is Jo Smith.");
    expect(long.pages.join("\n")).toContain("number 40");
  });

  it("prints a name Helvetica cannot spell without its accents", async () => {
    const { pages, info } = await read(await reviewReportPdf({ ...INPUT, childFirstName: "Łucja" }));
    expect(pages.join("\n")).toContain("For Lucja and family");
    expect(info.Title).toMatch(/^Łucja: /);
  });
});

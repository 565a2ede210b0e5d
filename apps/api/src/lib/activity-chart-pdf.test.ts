// The activity chart read back with PDF.js (through unpdf), as a screen reader or a search
// would: its words, its document information and its structure tree.
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { type ActivityChartInput, activityChartPdf } from "./activity-chart-pdf.js";

const CHART: ActivityChartInput = {
  serviceName: "Lancashire Portage",
  childFirstName: "Amir",
  homeVisitorName: "Jo Smith",
  area: "Fine motor",
  does: "stack three bricks",
  conditions: "when an adult shows how first",
  criterionText: "3 out of 4 times, on 3 different days",
  teachingSteps: [
    "Stack two bricks with hand-over-hand help",
    "Stack two bricks after watching you",
    "Stack three bricks after watching you",
  ],
  practiceHow: "Sit at the table with three large bricks. Show Amir how, then hand them to him.",
  practiceText: "3 times a day",
  weekStart: "2026-12-07",
};

interface StructNode {
  role?: string;
  type?: string;
  children?: StructNode[];
}

/** The PDF's pages as text, its document information and page 1's structure tree, by role. */
async function read(bytes: Uint8Array) {
  // PDF.js takes ownership of the buffer it is given.
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

/** The ActualText strings of the structure elements, decoded from PDFKit's UTF-16 literals. */
function actualTexts(bytes: Uint8Array): string[] {
  const texts: string[] = [];
  const source = raw(bytes);
  for (let at = source.indexOf("/ActualText ("); at !== -1; at = source.indexOf("/ActualText (", at + 1)) {
    let i = at + "/ActualText (".length;
    let value = "";
    let depth = 0;
    for (; depth >= 0; i++) {
      const ch = source[i] as string;
      if (ch === "\\") {
        const next = source[++i] as string;
        value += ({ n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" } as Record<string, string>)[next] ?? next;
      } else if (ch === "(") {
        depth++;
        value += ch;
      } else if (ch === ")") {
        if (--depth >= 0) value += ch;
      } else value += ch;
    }
    const utf16 = Buffer.from(value.slice(2), "latin1").swap16();
    texts.push(utf16.toString("utf16le"));
  }
  return texts;
}

describe("activityChartPdf", async () => {
  const bytes = await activityChartPdf(CHART);
  const chart = await read(bytes);
  const text = chart.pages.join("\n");

  it("is a one-page A4 portrait PDF 1.7", () => {
    expect(raw(bytes.subarray(0, 8))).toBe("%PDF-1.7");
    expect(raw(bytes.subarray(-6))).toMatch(/%%EOF\s*$/);
    expect(chart.pages).toHaveLength(1);
    expect(chart.view.map(Math.round)).toEqual([0, 0, 595, 842]);
  });

  it("is titled with the child's name, by the service, in British English", () => {
    expect(chart.info).toMatchObject({
      Title: "Activity chart: Amir",
      Author: "Lancashire Portage",
      Language: "en-GB",
      PDFFormatVersion: "1.7",
    });
    expect(raw(bytes)).toMatch(/\/DisplayDocTitle true/);
  });

  it("is tagged, with a structure tree", () => {
    expect(chart.markInfo).toMatchObject({ Marked: true });
    expect(raw(bytes)).toMatch(/\/Marked true/);
    expect(raw(bytes)).toMatch(/\/StructTreeRoot \d+ 0 R/);
  });

  it("says the target, its steps, how to practise and what counts, in the family's words", () => {
    for (const words of [
      "Activity chart: Amir",
      "Amir will stack three bricks when an adult shows how first.",
      "Area: Fine motor",
      "Teaching steps",
      "1. Stack two bricks with hand-over-hand help",
      "2. Stack two bricks after watching you",
      "3. Stack three bricks after watching you",
      "How to practise",
      "Sit at the table with three large bricks. Show Amir how, then hand them to him.",
      "How often: 3 times a day",
      "Week starting Monday 7 December 2026",
      "What counts as achieved: 3 out of 4 times, on 3 different days",
      "Lancashire Portage. Your home visitor is Jo Smith.",
    ]) {
      expect(text).toContain(words);
    }
  });

  it("has a grid from Monday to Sunday, dated, with rows for tries, successes and comments", () => {
    const days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    const headings = days.map((day, i) => `${day}\n${7 + i} Dec`);
    const at = headings.map((heading) => text.indexOf(heading));
    expect(at.every((index) => index >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at); // left to right
    const rows = ["Tries", "Successes", "Comments"].map((row) => text.indexOf(`\n${row}\n`));
    expect(rows.every((index) => index > (at[6] ?? Infinity))).toBe(true);
    expect([...rows].sort((a, b) => a - b)).toEqual(rows);
  });

  it("is structured for a screen reader: headings, paragraphs, a numbered list and a table with headers", () => {
    const item = { LI: [{ Lbl: ["content"] }, { LBody: ["content"] }] };
    const columnHeadings = Array.from({ length: 7 }, () => ({ TH: ["content"] }));
    const emptyCells = Array.from({ length: 7 }, () => ({ TD: ["content"] }));
    const row = { TR: [{ TH: ["content"] }, ...emptyCells] };
    expect(chart.structure).toEqual({
      Root: [
        {
          Document: [
            { H1: ["content"] },
            { P: ["content"] },
            { P: ["content"] },
            { H2: ["content"] },
            { L: [item, item, item] },
            { H2: ["content"] },
            { P: ["content"] },
            { P: ["content"] },
            { H2: ["content"] },
            { P: ["content"] },
            { Table: [{ TR: [{ TD: ["content"] }, ...columnHeadings] }, row, row, row] },
            { P: ["content"] },
            { P: ["content"] },
          ],
        },
      ],
    });
  });

  it("heads the columns with the days alone when no week is given", async () => {
    const { weekStart: _, ...undated } = CHART;
    const { pages } = await read(await activityChartPdf(undated));
    const words = pages.join("\n");
    expect(words).toContain("This week");
    expect(words).toContain("\nMonday Tuesday Wednesday Thursday Friday Saturday Sunday\nTries\n");
    expect(words).not.toMatch(/\d+ (Dec|Sept)/);
  });

  it("writes September as GOV.UK abbreviates it", async () => {
    const { pages } = await read(await activityChartPdf({ ...CHART, weekStart: "2027-09-27" }));
    const words = pages.join("\n");
    expect(words).toContain("Week starting Monday 27 September 2027");
    expect(words).toContain("Thursday\n30 Sept");
    expect(words).toContain("Friday\n1 Oct");
  });

  it("refuses a week that does not start on a Monday", async () => {
    await expect(activityChartPdf({ ...CHART, weekStart: "2026-12-08" })).rejects.toThrow(RangeError);
    await expect(activityChartPdf({ ...CHART, weekStart: "2026-02-30" })).rejects.toThrow(RangeError);
  });

  it("prints a name Helvetica cannot spell without its accents, and keeps the real name for screen readers", async () => {
    const polish = await activityChartPdf({ ...CHART, childFirstName: "Łucja", homeVisitorName: "Zoë Şahin" });
    const { pages, info } = await read(polish);
    const words = pages.join("\n");
    // Without the change PDFKit garbles the rest of the line after the Ł.
    expect(words).toContain("Lucja will stack three bricks when an adult shows how first.");
    expect(words).toContain("Your home visitor is Zoë Sahin.");
    expect(info.Title).toBe("Activity chart: Łucja");
    expect(actualTexts(polish)).toEqual(
      expect.arrayContaining([
        "Activity chart: Łucja",
        "Łucja will stack three bricks when an adult shows how first.",
        "Lancashire Portage. Your home visitor is Zoë Şahin.",
      ]),
    );
    expect(actualTexts(bytes)).toEqual([]);
  });

  it("keeps the week's grid together on the next page when the steps fill the first", async () => {
    const steps = Array.from(
      { length: 16 },
      (_, i) => `Step ${i + 1}: hold the brick in both hands and put it on top.`,
    );
    const { pages } = await read(await activityChartPdf({ ...CHART, teachingSteps: steps }));
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain("16. Step 16");
    expect(pages[0]).not.toContain("Tries");
    expect(pages[1]).toMatch(/^Week starting Monday 7 December 2026/);
    for (const row of ["Tries", "Successes", "Comments", "What counts as achieved", "Jo Smith"]) {
      expect(pages[1]).toContain(row);
    }
  });
});

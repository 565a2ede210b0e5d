// The printable activity chart a home visitor leaves with a family: one target, how to practise it, a week to fill in.
import { addDays, dateInWords, dateParts, type IsoDate, isIsoDate, isoWeekday } from "@openportage/domain";
import PDFDocument from "pdfkit";

/** What goes on an activity chart: one play plan target and how the family practises it. */
export interface ActivityChartInput {
  /** The council's service, e.g. "Lancashire Portage". */
  readonly serviceName: string;
  readonly childFirstName: string;
  readonly homeVisitorName: string;
  /** The developmental area the target belongs to. */
  readonly area: string;
  /** What the child will do, e.g. "stack three bricks". */
  readonly does: string;
  /** When or with what help, e.g. "when an adult shows how first". */
  readonly conditions: string;
  /** When the target counts as achieved, e.g. "3 out of 4 times, on 3 different days". */
  readonly criterionText: string;
  readonly teachingSteps: readonly string[];
  readonly practiceHow: string;
  /** How often, e.g. "3 times a day". */
  readonly practiceText: string;
  /** The Monday the chart's week starts (`YYYY-MM-DD`); with it, each day's column shows its date. */
  readonly weekStart?: string;
}

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
// GOV.UK's abbreviations, for table headings where a whole month name does not fit.
const SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"] as const;

const TOP = 50;
// Narrower at the sides than at the top so "Wednesday" fits its column in 10-point bold.
const SIDE = 40;
const FOOTER = 30;
const BODY = 12;
// Room for the "This week" heading, its instructions and the grid, kept together on one page.
const WEEK_HEIGHT = 330;

// @types/pdfkit 0.17 does not yet describe the table options PDFKit 0.20 reads for tagging.
type TaggedCell = PDFKit.Mixins.CellOptions & { scope?: "row" | "column" };
type TaggedTable = PDFKit.Mixins.TableOptionsWithData & { structParent: PDFKit.PDFStructureElement };

// The standard fonts are not embedded and only have Windows-1252's letters; PDFKit writes any
// other character as a glyph code that garbles the rest of the line ("Łucja will stack" prints
// as "V6¦ v–ÆÂ"). Text is brought into that set first: accents come off letters that lack an
// accented form there, a few letters that do not decompose are spelt as English writes them.
const WIN_ANSI_BEYOND_LATIN1 = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");
const SPELT: Readonly<Record<string, string>> = {
  Ł: "L",
  ł: "l",
  Đ: "D",
  đ: "d",
  Ħ: "H",
  ħ: "h",
  ı: "i",
  Ŀ: "L",
  ŀ: "l",
  Ŧ: "T",
  ŧ: "t",
  Ŋ: "N",
  ŋ: "n",
  Ə: "E",
  ə: "e",
  "‐": "-",
  "‑": "-",
  "‒": "-",
  "−": "-",
  ʼ: "’",
};

function inWinAnsi(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  return (
    code === 0x0a ||
    (code >= 0x20 && code <= 0x7e) ||
    (code >= 0xa0 && code <= 0xff) ||
    WIN_ANSI_BEYOND_LATIN1.has(character)
  );
}

/** Text brought into the standard fonts' letters (Windows-1252), for every PDF the API draws. */
export function forStandardFont(text: string): string {
  let out = "";
  for (const character of text.normalize("NFC")) {
    if (inWinAnsi(character)) out += character;
    else if (/\p{M}/u.test(character)) continue;
    else if (/\s/u.test(character)) out += " ";
    else {
      const plain = SPELT[character] ?? character.normalize("NFD").replace(/\p{M}/gu, "");
      out += plain !== "" && [...plain].every(inWinAnsi) ? plain : "?";
    }
  }
  return out;
}

function dayHeading(day: (typeof DAYS)[number], index: number, weekStart: IsoDate | undefined): string {
  if (weekStart === undefined) return day;
  const { month, day: dayOfMonth } = dateParts(addDays(weekStart, index));
  return `${day}\n${dayOfMonth} ${SHORT_MONTHS[month - 1]}`;
}

/**
 * The activity chart as an A4 portrait PDF, in the words a parent reads: the target as a
 * sentence, its area, numbered teaching steps, how and how often to practise, a Monday-to-Sunday
 * grid for tries, successes and comments, what counts as achieved, and the service and home
 * visitor at the foot. The PDF is tagged for screen readers (headings, paragraphs, a numbered
 * list and a table with row and column headers, in reading order), in British English, titled
 * with the child's name. It uses the standard Helvetica font, which has Western European letters
 * only: other letters print without their accents (Ł as L). A heading or paragraph so changed
 * carries the original words as its ActualText for screen readers; a teaching step cannot, as
 * PDFKit builds list items itself.
 * @throws RangeError when `weekStart` is given and is not a Monday written `YYYY-MM-DD`.
 */
export async function activityChartPdf(chart: ActivityChartInput): Promise<Uint8Array<ArrayBuffer>> {
  let weekStart: IsoDate | undefined;
  if (chart.weekStart !== undefined) {
    if (!isIsoDate(chart.weekStart) || isoWeekday(chart.weekStart) !== 1) {
      throw new RangeError("weekStart must be a Monday written YYYY-MM-DD");
    }
    weekStart = chart.weekStart;
  }
  const title = `Activity chart: ${chart.childFirstName}`;
  const doc = new PDFDocument({
    size: "A4",
    layout: "portrait",
    margins: { top: TOP, bottom: TOP + FOOTER, left: SIDE, right: SIDE },
    pdfVersion: "1.7",
    tagged: true,
    lang: "en-GB",
    displayTitle: true,
    font: "Helvetica",
    // The document information is written in UTF-16, so it keeps every letter of a name.
    info: { Title: title, Author: chart.serviceName, Subject: `${chart.area}: ${chart.does}`, Creator: "Open Portage" },
  });
  const chunks: Uint8Array[] = [];
  const done = new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
    doc.on("data", (chunk: Uint8Array) => chunks.push(chunk));
    // A plain Uint8Array, not a Buffer: some readers (PDF.js among them) refuse Buffers.
    doc.on("end", () => {
      const pdf = new Uint8Array(chunks.reduce((length, chunk) => length + chunk.length, 0));
      let offset = 0;
      for (const chunk of chunks) {
        pdf.set(chunk, offset);
        offset += chunk.length;
      }
      resolve(pdf);
    });
    doc.on("error", reject);
  });

  // The root is attached first: PDFKit draws an attached element's content as it is added, so
  // the reading order is the drawing order.
  const root = doc.struct("Document");
  doc.addStructure(root);
  const width = doc.page.width - 2 * SIDE;
  const block = (tag: string, text: string, size: number, bold = false, gapAfter = 0.4) => {
    const printable = forStandardFont(text);
    const options = printable === text ? {} : { actual: text };
    const draw = () => {
      // A trailing space, as PDFKit's accessibility guide asks, keeps one block's last word
      // apart from the next block's first when the text is read out or copied.
      doc
        .font(bold ? "Helvetica-Bold" : "Helvetica")
        .fontSize(size)
        .text(`${printable} `, SIDE, doc.y, { width });
    };
    root.add(doc.struct(tag, options, [draw]));
    doc.moveDown(gapAfter);
  };

  block("H1", title, 22, true, 0.5);
  block("P", `${chart.childFirstName} will ${chart.does} ${chart.conditions}.`, 14, true);
  block("P", `Area: ${chart.area}`, BODY, false, 1);

  if (chart.teachingSteps.length > 0) {
    block("H2", "Teaching steps", 15, true, 0.3);
    const list = doc.struct("L");
    root.add(list);
    doc
      .font("Helvetica")
      .fontSize(BODY)
      .list(
        chart.teachingSteps.map((step) => `${forStandardFont(step)} `),
        SIDE,
        doc.y,
        { listType: "numbered", width, structParent: list, paragraphGap: 2 },
      );
    doc.endMarkedContent();
    list.end();
    doc.moveDown(1);
  }

  block("H2", "How to practise", 15, true, 0.3);
  block("P", chart.practiceHow, BODY, false, 0.3);
  block("P", `How often: ${chart.practiceText}`, BODY, false, 1);

  if (doc.y + WEEK_HEIGHT > doc.page.maxY()) doc.addPage();
  block("H2", weekStart === undefined ? "This week" : `Week starting Monday ${dateInWords(weekStart)}`, 15, true, 0.3);
  block(
    "P",
    `Each day, write how many times you tried and how many times ${chart.childFirstName} did it. Use Comments for anything you noticed.`,
    BODY,
    false,
    0.6,
  );
  // A cell's font is switched by `src`; `family` alone is ignored. Cells get no trailing space:
  // each is its own structure element, and a space that does not fit wraps to a blank line.
  const rowHeading = (text: string): TaggedCell => ({
    text,
    type: "TH",
    scope: "row",
    font: { src: "Helvetica-Bold", size: 11 },
  });
  const blanks = (): TaggedCell[] => DAYS.map(() => ({ text: null }));
  const table: TaggedTable = {
    structParent: root,
    position: { x: SIDE, y: doc.y },
    maxWidth: width,
    columnStyles: [70, ...DAYS.map(() => "*")],
    rowStyles: (row) => (row === 0 ? undefined : { minHeight: row === 3 ? 110 : 45 }),
    defaultStyle: { padding: 4, border: 1, borderColor: "#505a5f" },
    data: [
      [
        { text: null },
        ...DAYS.map(
          (day, index): TaggedCell => ({
            text: dayHeading(day, index, weekStart),
            type: "TH",
            scope: "column",
            font: { src: "Helvetica-Bold", size: 10 },
          }),
        ),
      ],
      [rowHeading("Tries"), ...blanks()],
      [rowHeading("Successes"), ...blanks()],
      [rowHeading("Comments"), ...blanks()],
    ],
  };
  doc.font("Helvetica").fontSize(BODY).table(table);
  doc.moveDown(1);

  block("P", `What counts as achieved: ${chart.criterionText}`, BODY, true, 0);

  // The footer sits in the bottom margin of the last page, and is read last.
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc.y = doc.page.height - TOP - FOOTER / 2;
  block("P", `${chart.serviceName}. Your home visitor is ${chart.homeVisitorName}.`, 10);
  doc.page.margins.bottom = bottom;

  doc.end();
  return done;
}

// The review report a family keeps after a block's review, as a tagged A4 PDF.
import type { ReportSection, ReviewReport } from "@openportage/domain";
import PDFDocument from "pdfkit";
import { forStandardFont } from "./activity-chart-pdf.js";

/** What goes on a review report's PDF. */
export interface ReviewReportPdfInput {
  /** The council's service, e.g. "Lancashire Portage". */
  readonly serviceName: string;
  readonly childFirstName: string;
  readonly homeVisitorName: string;
  /** The report's title and sections, in the order they are shown (the API's `familyReport`). */
  readonly report: ReviewReport;
}

const SIDE = 45;
const TOP = 50;
const FOOTER = 30;
const BODY = 11;

// @types/pdfkit 0.17 does not yet describe the table options PDFKit 0.20 reads for tagging.
type TaggedCell = PDFKit.Mixins.CellOptions & { scope?: "row" | "column" };
type TaggedTable = PDFKit.Mixins.TableOptionsWithData & { structParent: PDFKit.PDFStructureElement };

/**
 * The review report as an A4 portrait PDF, section by section: a summary as a two-column table
 * with its keys as row headers, a list as a bulleted list, a table with its column headers. The
 * PDF is tagged for screen readers (headings, paragraphs, lists and tables in reading order), in
 * British English, titled with the report's title and the child's name. It uses the standard
 * Helvetica font: letters outside Western European print without their accents, and a heading or
 * paragraph so changed carries the original words as its ActualText.
 */
export async function reviewReportPdf(input: ReviewReportPdfInput): Promise<Uint8Array<ArrayBuffer>> {
  const title = `${input.report.title}`;
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
    info: {
      Title: `${input.childFirstName}: ${title}`,
      Author: input.serviceName,
      Subject: "Portage block review",
      Creator: "Open Portage",
    },
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
      // A trailing space keeps one block's last word apart from the next block's first when read out.
      doc
        .font(bold ? "Helvetica-Bold" : "Helvetica")
        .fontSize(size)
        .text(`${printable} `, SIDE, doc.y, { width });
    };
    root.add(doc.struct(tag, options, [draw]));
    doc.moveDown(gapAfter);
  };
  const heading = (text: string) => {
    // A heading is not left alone at the foot of a page.
    if (doc.y + 80 > doc.page.maxY()) doc.addPage();
    block("H2", text, 14, true, 0.3);
  };
  const table = (rows: TaggedCell[][], columnStyles: (number | string)[]) => {
    const options: TaggedTable = {
      structParent: root,
      position: { x: SIDE, y: doc.y },
      maxWidth: width,
      columnStyles,
      defaultStyle: { padding: 4, border: 1, borderColor: "#505a5f" },
      data: rows,
    };
    doc
      .font("Helvetica")
      .fontSize(BODY - 1)
      .table(options);
    doc.x = SIDE;
    doc.moveDown(1);
  };
  const cell = (text: string, header?: "row" | "column"): TaggedCell =>
    header
      ? { text: forStandardFont(text), type: "TH", scope: header, font: { src: "Helvetica-Bold", size: BODY - 1 } }
      : { text: forStandardFont(text) };

  const drawSection = (section: ReportSection) => {
    heading(section.heading);
    switch (section.kind) {
      case "summary":
        table(
          section.rows.map((row) => [cell(row.key, "row"), cell(row.value)]),
          [140, "*"],
        );
        break;
      case "list": {
        const list = doc.struct("L");
        root.add(list);
        doc
          .font("Helvetica")
          .fontSize(BODY)
          .list(
            section.items.map((item) => `${forStandardFont(item)} `),
            SIDE,
            doc.y,
            { listType: "bullet", width, structParent: list, paragraphGap: 3 },
          );
        doc.endMarkedContent();
        list.end();
        doc.x = SIDE;
        doc.moveDown(1);
        break;
      }
      case "table":
        table(
          [
            section.columns.map((column) => cell(column, "column")),
            ...section.rows.map((row) => row.map((value) => cell(value))),
          ],
          section.columns.map(() => "*"),
        );
        break;
    }
  };

  block("H1", title, 20, true, 0.3);
  block("P", `For ${input.childFirstName} and family, from ${input.serviceName}.`, BODY + 1, false, 0.8);
  for (const section of input.report.sections) drawSection(section);

  // The footer sits in the bottom margin of the last page, and is read last.
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc.y = doc.page.height - TOP - FOOTER / 2;
  block("P", `${input.serviceName}. Your home visitor is ${input.homeVisitorName}.`, 10);
  doc.page.margins.bottom = bottom;

  doc.end();
  return done;
}

// The transition report a child takes to their next setting, as a tagged A4 PDF for a nursery SENCO.
import {
  dateInWords,
  isIsoDate,
  TRANSITION_REPORT_SECTIONS,
  type TransitionReportSectionId,
} from "@openportage/domain";
import PDFDocument from "pdfkit";
import type { TransitionReportView } from "../routes/exits/contract.js";
import { forStandardFont } from "./activity-chart-pdf.js";

/** What goes on a transition report's PDF. */
export interface TransitionReportPdfInput {
  /** The council's service, e.g. "Lancashire Portage". */
  readonly serviceName: string;
  readonly childFirstName: string;
  readonly childLastName: string;
  readonly dateOfBirth: string;
  /** The day the child left the service. */
  readonly exitedOn: string;
  /** The exit reason's name. */
  readonly reason: string;
  readonly homeVisitorName: string | null;
  readonly report: TransitionReportView;
  /** How consent to share is recorded (said on the report, not decided here). */
  readonly sharingNote: string;
}

const SIDE = 50;
const TOP = 50;
const BODY = 12;

const title = (id: TransitionReportSectionId) =>
  (TRANSITION_REPORT_SECTIONS.find((s) => s.id === id) as { title: string }).title;
const day = (date: string) => (isIsoDate(date) ? dateInWords(date) : date);

/**
 * The transition report as an A4 portrait PDF, in the order the domain's sections give: who the
 * child is, what they enjoy, what they can now do in each area, the targets achieved and being
 * worked on with the teaching steps that help, how they learn best, who else is involved, what
 * the family wants the setting to know, and the setting it is for. Tagged for screen readers
 * (headings, paragraphs, lists in reading order), in British English, titled with the child's
 * name; Helvetica, so letters outside Western European print without their accents (a changed
 * heading or paragraph carries the original words as its ActualText).
 */
export async function transitionReportPdf(input: TransitionReportPdfInput): Promise<Uint8Array<ArrayBuffer>> {
  const name = `${input.childFirstName} ${input.childLastName}`;
  const heading = `Transition report: ${name}`;
  const doc = new PDFDocument({
    size: "A4",
    layout: "portrait",
    margins: { top: TOP, bottom: TOP, left: SIDE, right: SIDE },
    pdfVersion: "1.7",
    tagged: true,
    lang: "en-GB",
    displayTitle: true,
    font: "Helvetica",
    info: { Title: heading, Author: input.serviceName, Subject: "Portage transition report", Creator: "Open Portage" },
  });
  const chunks: Uint8Array[] = [];
  const done = new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
    doc.on("data", (chunk: Uint8Array) => chunks.push(chunk));
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

  const root = doc.struct("Document");
  doc.addStructure(root);
  const width = doc.page.width - 2 * SIDE;
  const block = (tag: string, text: string, size = BODY, bold = false, gapAfter = 0.4) => {
    const printable = forStandardFont(text);
    const options = printable === text ? {} : { actual: text };
    root.add(
      doc.struct(tag, options, [
        () => {
          doc
            .font(bold ? "Helvetica-Bold" : "Helvetica")
            .fontSize(size)
            .text(`${printable} `, SIDE, doc.y, { width });
        },
      ]),
    );
    doc.moveDown(gapAfter);
  };
  const list = (items: readonly string[]) => {
    if (items.length === 0) return;
    const element = doc.struct("L");
    root.add(element);
    doc
      .font("Helvetica")
      .fontSize(BODY)
      .list(
        items.map((item) => `${forStandardFont(item)} `),
        SIDE,
        doc.y,
        { width, structParent: element, paragraphGap: 2 },
      );
    doc.endMarkedContent();
    element.end();
    doc.moveDown(0.6);
  };
  const section = (id: TransitionReportSectionId) => block("H2", title(id), 15, true, 0.3);
  const { report } = input;

  block("H1", heading, 22, true, 0.5);
  block(
    "P",
    `Born ${day(input.dateOfBirth)}. Left ${input.serviceName} on ${day(input.exitedOn)} (${input.reason}). For ${report.sharing.settingName}.`,
  );
  block(
    "P",
    `Written by ${input.homeVisitorName ? `${input.homeVisitorName}, ` : ""}the family's home visitor, with the family, for the staff who will know ${input.childFirstName} next.`,
    BODY,
    false,
    1,
  );

  section("strengths-and-interests");
  block("P", report.strengthsAndInterests, BODY, false, 0.8);

  section("can-now-do");
  for (const entry of report.canNowDo) {
    block("H3", entry.area, BODY, true, 0.1);
    block("P", entry.summary, BODY, false, 0.5);
  }
  doc.moveDown(0.3);

  section("targets");
  const targets = (heading3: string, entries: TransitionReportView["targetsAchieved"]) => {
    if (entries.length === 0) return;
    block("H3", heading3, 13, true, 0.3);
    for (const target of entries) {
      block("P", `${target.area}: ${target.target}`, BODY, true, 0.1);
      block("P", "What helps, step by step:", BODY, false, 0.1);
      list(target.teachingStepsThatHelp);
    }
  };
  targets("Achieved", report.targetsAchieved);
  targets("Being worked on now", report.targetsWorkingOn);

  section("how-child-learns-best");
  block("P", report.howChildLearnsBest, BODY, false, 0.8);

  section("professionals-involved");
  if (report.professionalsInvolved.length === 0) block("P", "No other professionals are involved.", BODY, false, 0.8);
  else list(report.professionalsInvolved.map((p) => [p.role, p.name, p.contact].filter(Boolean).join(", ")));

  section("family-views");
  block("P", report.familyWantsSettingToKnow, BODY, false, 0.8);

  section("consent-to-share");
  block("P", `This report is for ${report.sharing.recipient} at ${report.sharing.settingName}.`, BODY, false, 0.3);
  block("P", input.sharingNote, BODY, false, 1);

  block("P", `${input.serviceName}.`, 10);
  doc.end();
  return done;
}

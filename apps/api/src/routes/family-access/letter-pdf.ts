// The invitation letter a home visitor prints for a family who would rather scan a code than
// open an email: the link as a QR code and written out, with the steps in plain words, as a
// tagged A4 PDF (as the review report is: headings, paragraphs, a list and a figure with its alt text).
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { forStandardFont } from "../../lib/activity-chart-pdf.js";

/** What goes on an invitation letter. */
export interface InvitationLetterInput {
  /** The council's service, e.g. "Lancashire Portage". */
  readonly serviceName: string;
  /** The person invited. */
  readonly name: string;
  readonly childFirstName: string;
  /** Who invited them (the home visitor). */
  readonly invitedBy: string;
  /** The invitation link: single use, valid until `expiresOn`. */
  readonly link: string;
  /** The last day the link works, in words (`3 December 2026`). */
  readonly expiresOn: string;
}

const SIDE = 55;
const TOP = 55;
const BODY = 12;
const QR_SIZE = 170;

/** The letter as an A4 portrait PDF. */
export async function invitationLetterPdf(input: InvitationLetterInput): Promise<Uint8Array<ArrayBuffer>> {
  // Error correction M survives a crease or a smudge; the margin (quiet zone) is what scanners need.
  const qr = await QRCode.toBuffer(input.link, { type: "png", errorCorrectionLevel: "M", margin: 4, scale: 8 });
  const title = `Your invitation to see ${input.childFirstName}'s Portage on your phone`;
  const doc = new PDFDocument({
    size: "A4",
    layout: "portrait",
    margins: { top: TOP, bottom: TOP, left: SIDE, right: SIDE },
    pdfVersion: "1.7",
    tagged: true,
    lang: "en-GB",
    displayTitle: true,
    font: "Helvetica",
    info: { Title: title, Author: input.serviceName, Subject: "Family app invitation", Creator: "Open Portage" },
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
  const block = (tag: string, text: string, options: { size?: number; font?: string; gap?: number } = {}) => {
    const printable = forStandardFont(text);
    const draw = () => {
      doc
        .font(options.font ?? "Helvetica")
        .fontSize(options.size ?? BODY)
        .text(`${printable} `, SIDE, doc.y, { width });
    };
    root.add(doc.struct(tag, printable === text ? {} : { actual: text }, [draw]));
    doc.moveDown(options.gap ?? 0.6);
  };

  block("H1", title, { size: 19, font: "Helvetica-Bold", gap: 0.8 });
  block("P", `Dear ${input.name},`);
  block(
    "P",
    `${input.invitedBy} from ${input.serviceName} has invited you to the family app. In it you can see how ${input.childFirstName}'s Portage is going and note how practice went each day.`,
    { gap: 1 },
  );

  block("H2", "Scan the code", { size: 15, font: "Helvetica-Bold", gap: 0.4 });
  const figureTop = doc.y;
  root.add(
    doc.struct("Figure", { alt: "A QR code that opens your invitation link" }, [
      () => {
        doc.image(qr, SIDE, figureTop, { width: QR_SIZE, height: QR_SIZE });
      },
    ]),
  );
  doc.y = figureTop + QR_SIZE + 12;
  const list = doc.struct("L");
  root.add(list);
  doc
    .font("Helvetica")
    .fontSize(BODY)
    .list(
      [
        "Open the camera on your phone and point it at the square code.",
        "Tap the link that appears.",
        "Follow the steps on the screen. Your phone will offer to save a passkey: next time you sign in with your fingerprint, your face or your screen lock. There is no password to remember.",
      ].map((item) => `${item} `),
      SIDE,
      doc.y,
      { listType: "numbered", width, structParent: list, paragraphGap: 4 },
    );
  doc.endMarkedContent();
  list.end();
  doc.x = SIDE;
  doc.moveDown(1);

  block("H2", "Or type the address", { size: 15, font: "Helvetica-Bold", gap: 0.4 });
  block("P", "Type this into your phone's web browser, exactly as it is written:");
  // The link on one line: Courier, as large as fits (each letter 0.6 of the font size wide; one
  // more for the space after it, and one to spare, or the line breaks at a slash).
  const size = Math.max(7, Math.min(BODY, Math.floor((width / ((input.link.length + 2) * 0.6)) * 10) / 10));
  block("P", input.link, { size, font: "Courier", gap: 1 });

  block(
    "P",
    `The invitation works once, until ${input.expiresOn}. Keep this letter to yourself: anyone with the code could use it before you do.`,
  );
  block("P", `If it has run out, or you have a question, ask ${input.invitedBy}.`);
  block("P", input.serviceName, { size: 10, gap: 0 });

  doc.end();
  return done;
}

import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { DECISION_WORDS, RECURRENCE_WORDS, utc, type AccessReviewReportData } from './report-data';

/**
 * The access-review report as a readable A4 PDF (pdf-lib, the standard fonts, nothing embedded), as the batch record
 * export is made (lib/quality/batch-record-pdf.ts): the campaign's facts, the owner's closing signature, a summary,
 * then every item: the member and their access at the start, the reviewer, the decision with comment and time, the
 * reviewer's signature (printed name, meaning, time, record hash) and the resulting change. Every page carries the
 * campaign's name and "page n of m"; a draft says DRAFT at the top and bottom of every page. Text is real text
 * (extractable); characters the standard fonts cannot show print as "?".
 */

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const WIDTH = A4.width - 2 * MARGIN;
const INK = rgb(0.1, 0.11, 0.13);
const MUTED = rgb(0.42, 0.45, 0.5);
const RULE = rgb(0.85, 0.86, 0.88);
const DANGER = rgb(0.7, 0.1, 0.1);
const OK = rgb(0.1, 0.45, 0.22);
type Color = ReturnType<typeof rgb>;
type Fonts = { regular: PDFFont; bold: PDFFont; mono: PDFFont };

export const DRAFT_NOTICE = 'DRAFT - the campaign is not closed and signed; this is not the record.';

class Writer {
  page!: PDFPage;
  y = 0;
  readonly pages: PDFPage[] = [];
  private readonly charset: Set<number>;

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: Fonts,
    private readonly top: number,
  ) {
    this.charset = new Set(fonts.regular.getCharacterSet());
    this.newPage();
  }

  safe(text: string): string {
    return [...text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ')]
      .map((c) => (c === '\n' || this.charset.has(c.codePointAt(0)!) ? c : '?'))
      .join('');
  }

  newPage() {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.pages.push(this.page);
    this.y = A4.height - MARGIN - this.top;
  }

  ensure(height: number) {
    if (this.y - height < MARGIN + 20) this.newPage();
  }

  wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const out: string[] = [];
    for (const paragraph of this.safe(text).split('\n')) {
      let line = '';
      for (const word of paragraph.split(/ +/)) {
        let w = word;
        while (font.widthOfTextAtSize(w, size) > width) {
          let cut = w.length - 1;
          while (cut > 1 && font.widthOfTextAtSize(w.slice(0, cut), size) > width) cut--;
          if (line) {
            out.push(line);
            line = '';
          }
          out.push(w.slice(0, cut));
          w = w.slice(cut);
        }
        const next = line ? `${line} ${w}` : w;
        if (font.widthOfTextAtSize(next, size) > width && line) {
          out.push(line);
          line = w;
        } else line = next;
      }
      out.push(line);
    }
    return out;
  }

  text(text: string, x: number, y: number, options: { font?: PDFFont; size?: number; color?: Color } = {}) {
    this.page.drawText(this.safe(text), {
      x,
      y,
      font: options.font ?? this.fonts.regular,
      size: options.size ?? 9,
      color: options.color ?? INK,
    });
  }

  paragraph(text: string, options: { font?: PDFFont; size?: number; color?: Color; indent?: number; gap?: number } = {}) {
    const font = options.font ?? this.fonts.regular;
    const size = options.size ?? 9;
    const lead = size * 1.35;
    for (const line of this.wrap(text, font, size, WIDTH - (options.indent ?? 0))) {
      this.ensure(lead);
      this.y -= lead;
      this.text(line, MARGIN + (options.indent ?? 0), this.y, { font, size, color: options.color });
    }
    this.y -= options.gap ?? 0;
  }

  heading(text: string) {
    this.ensure(48);
    this.y -= 22;
    this.text(text, MARGIN, this.y, { font: this.fonts.bold, size: 12 });
    this.y -= 6;
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: MARGIN + WIDTH, y: this.y }, thickness: 0.6, color: RULE });
    this.y -= 4;
  }

  facts(pairs: Array<[string, string]>) {
    for (const [label, value] of pairs) {
      const lines = this.wrap(value, this.fonts.regular, 9, WIDTH - 110);
      const height = lines.length * 12.5 + 2;
      this.ensure(height);
      this.text(label, MARGIN, this.y - 11, { size: 8, color: MUTED });
      lines.forEach((line, k) => this.text(line, MARGIN + 110, this.y - 11 - k * 12.5, { size: 9 }));
      this.y -= height;
    }
  }

  rule() {
    this.y -= 4;
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: MARGIN + WIDTH, y: this.y }, thickness: 0.3, color: RULE });
  }
}

export async function accessReviewReportPdf(data: AccessReviewReportData): Promise<Uint8Array> {
  const c = data.campaign;
  const doc = await PDFDocument.create();
  doc.setTitle(`Access review ${c.name}${data.draft ? ' (draft)' : ''}`);
  doc.setSubject(`Access review report · ${data.tenant.name}`);
  doc.setAuthor(data.closing?.signerName ?? c.owner.name);
  doc.setCreator('Custos');
  doc.setProducer('Custos (pdf-lib)');
  doc.setCreationDate(new Date(data.generatedAt));
  doc.setModificationDate(new Date(data.generatedAt));
  doc.setKeywords(['access review', c.name, data.draft ? 'draft' : 'final']);
  const fonts: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    mono: await doc.embedFont(StandardFonts.Courier),
  };
  // A draft keeps room at the top of every page for its notice.
  const w = new Writer(doc, fonts, data.draft ? 18 : 0);

  // Title
  w.text(data.tenant.name, MARGIN, w.y - 9, { size: 9, color: MUTED });
  const kind = 'Access review report';
  w.text(kind, MARGIN + WIDTH - fonts.regular.widthOfTextAtSize(kind, 9), w.y - 9, { size: 9, color: MUTED });
  w.y -= 34;
  w.paragraph(c.name, { font: fonts.bold, size: 18, gap: 4 });
  w.paragraph(
    data.draft
      ? `Draft made ${utc(data.generatedAt)}: the campaign is open; decisions may still change and nothing is signed at closing yet.`
      : `Final report, stored when ${data.closing?.signerName ?? c.owner.name} closed the campaign on ${utc(data.generatedAt)}; it is kept unchanged.`,
    { size: 8.5, color: data.draft ? DANGER : MUTED, gap: 4 },
  );

  // Campaign facts
  w.heading('Campaign');
  const decided = data.items.filter((i) => i.decision !== null).length;
  const signed = data.items.filter((i) => i.signature !== null).length;
  w.facts([
    ['Scope', c.scope],
    ['Reviewers', c.reviewers],
    ['Owner', c.owner.name],
    ['Due', c.dueOn],
    ['Recurrence', RECURRENCE_WORDS[c.recurrence]],
    ['Started', utc(c.startedAt)],
    ['Closed', c.closedAt ? utc(c.closedAt) : 'Not closed'],
    ['Items', `${data.items.length} (${decided} decided, ${signed} signed)`],
    [
      'Decisions',
      (['keep', 'revoke', 'modify'] as const)
        .map((d) => `${DECISION_WORDS[d]} ${data.items.filter((i) => i.decision === d).length}`)
        .concat(`Undecided ${data.items.length - decided}`)
        .join(', '),
    ],
    ['Campaign id', c.id],
    ...(c.previousCampaignId ? ([['Follows campaign', c.previousCampaignId]] as Array<[string, string]>) : []),
  ]);

  // Closing signature
  w.heading('Closing signature');
  if (data.closing) {
    w.paragraph(`${data.closing.signerName} - ${data.closing.meaning} - ${utc(data.closing.signedAt)}`, { font: fonts.bold, size: 9.5 });
    w.paragraph(`Signature id ${data.closing.id}`, { size: 8.5 });
    if (data.closing.recordHash) w.paragraph(`Record hash (SHA-256): ${data.closing.recordHash}`, { font: fonts.mono, size: 7.5 });
  } else {
    w.paragraph('Not signed: the owner signs the campaign when closing it.', { color: MUTED });
  }

  // Items
  w.heading(`Decisions (${data.items.length})`);
  if (data.items.length === 0) w.paragraph('The campaign has no items: nobody was in scope.', { color: MUTED });
  for (const item of data.items) {
    w.ensure(80);
    w.y -= 4;
    w.paragraph(`${item.member.name} <${item.member.email}>`, { font: fonts.bold, size: 10 });
    w.paragraph(`Reviewer: ${item.reviewer.name}`, { size: 8.5 });
    w.paragraph(`Access at start: ${item.accessAtStart}`, { size: 8, color: MUTED });
    if (item.decision) {
      const decision = `Decision: ${DECISION_WORDS[item.decision]}${item.requestedChange ? ` - ${item.requestedChange}` : ''} (decided ${utc(item.decidedAt)})`;
      w.paragraph(decision, { font: fonts.bold, size: 9, color: item.decision === 'keep' ? OK : DANGER });
    } else {
      w.paragraph('Decision: none', { font: fonts.bold, size: 9, color: MUTED });
    }
    if (item.comment) w.paragraph(`Comment: ${item.comment}`, { size: 8.5 });
    if (item.signature) {
      w.paragraph(`Signature: ${item.signature.signerName} - ${item.signature.meaning} - ${utc(item.signature.signedAt)}`, { size: 8.5 });
      if (item.signature.recordHash) w.paragraph(`Record hash (SHA-256): ${item.signature.recordHash}`, { font: fonts.mono, size: 7.5 });
      w.paragraph(`Resulting change: ${item.resultingChange || 'No change'}`, { size: 8.5, font: fonts.bold });
    } else {
      w.paragraph('Signature: not signed - the decision has not taken effect', { size: 8.5, color: MUTED });
    }
    w.rule();
  }

  // Header notice and footer on every page
  const total = w.pages.length;
  w.pages.forEach((page, i) => {
    if (data.draft) {
      page.drawText(DRAFT_NOTICE, { x: MARGIN, y: A4.height - MARGIN + 6, size: 9, font: fonts.bold, color: DANGER });
    }
    const footer = w.safe(`${data.draft ? 'DRAFT · ' : ''}Access review ${c.name} · ${data.tenant.name} · ${utc(data.generatedAt)}`);
    page.drawText(footer.length > 110 ? `${footer.slice(0, 107)}...` : footer, {
      x: MARGIN,
      y: MARGIN - 18,
      size: 7.5,
      font: fonts.regular,
      color: MUTED,
    });
    const n = `Page ${i + 1} of ${total}`;
    page.drawText(n, {
      x: MARGIN + WIDTH - fonts.regular.widthOfTextAtSize(n, 7.5),
      y: MARGIN - 18,
      size: 7.5,
      font: fonts.regular,
      color: MUTED,
    });
  });

  return doc.save({ useObjectStreams: false });
}

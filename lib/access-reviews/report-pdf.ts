import { PDFDocument } from 'pdf-lib';
import { A4, DANGER, MARGIN, MUTED, OK, PdfWriter, WIDTH, embedStandardFonts } from '@/lib/platform/pdf-writer';
import { DECISION_WORDS, RECURRENCE_WORDS, utc, type AccessReviewReportData } from './report-data';

/**
 * The access-review report as a readable A4 PDF (pdf-lib, the standard fonts, nothing embedded), as the batch record
 * export is made (lib/quality/batch-record-pdf.ts): the campaign's facts, the owner's closing signature, a summary,
 * then every item: the member and their access at the start, the reviewer, the decision with comment and time, the
 * reviewer's signature (printed name, meaning, time, record hash) and the resulting change. Every page carries the
 * campaign's name and "page n of m"; a draft says DRAFT at the top and bottom of every page. Text is real text
 * (extractable); characters the standard fonts cannot show print as "?".
 */

export const DRAFT_NOTICE = 'DRAFT - the campaign is not closed and signed; this is not the record.';

class Writer extends PdfWriter {
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
  const fonts = await embedStandardFonts(doc);
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

import { PDFDocument, type PDFFont } from 'pdf-lib';
import { DANGER, MARGIN, MUTED, OK, PdfWriter, RULE, WIDTH, embedStandardFonts, type Color } from '@/lib/platform/pdf-writer';
import type { BatchExport } from './schemas';

/**
 * The batch record export as a readable A4 PDF (pdf-lib, the 14 standard fonts, nothing embedded): header,
 * batch fields, inspections with their characteristics, electronic signatures with printed name, meaning,
 * time (UTC), record hash and whether the record still matches, notes, attachments, and the audit history.
 * Every page carries the batch number and "page n of m". Text is real text (selectable, searchable), in
 * Flate-compressed content streams; characters the standard fonts cannot show print as "?".
 */

const size = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / (1024 * 1024)).toFixed(1)} MiB`;
const utc = (iso: string | null | undefined) => (iso ? `${iso.slice(0, 19).replace('T', ' ')} UTC` : '—');
const TYPE = { incoming: 'Incoming', in_process: 'In-process', release: 'Release' } as Record<string, string>;
const STATUS: Record<string, string> = {
  planned: 'Planned',
  in_production: 'In production',
  quarantined: 'Quarantined',
  under_review: 'Under review',
  released: 'Released',
  rejected: 'Rejected',
  recalled: 'Recalled',
  submitted: 'Submitted',
  approved: 'Approved',
};

class Writer extends PdfWriter {
  /** Label/value pairs in two columns. */
  facts(pairs: Array<[string, string]>) {
    const colWidth = WIDTH / 2;
    for (let i = 0; i < pairs.length; i += 2) {
      const row = pairs.slice(i, i + 2);
      const lines = row.map(([, value]) => this.wrap(value, this.fonts.regular, 9, colWidth - 100));
      const height = Math.max(...lines.map((l) => l.length)) * 12.5 + 3;
      this.ensure(height);
      row.forEach(([label], j) => {
        const x = MARGIN + j * colWidth;
        this.text(label, x, this.y - 11, { size: 8, color: MUTED });
        lines[j].forEach((line, k) => this.text(line, x + 100, this.y - 11 - k * 12.5, { size: 9 }));
      });
      this.y -= height;
    }
  }

  /** A table with a header row repeated on each page; cells wrap. `widths` are fractions of the page width. */
  table(headers: string[], widths: number[], rows: Array<Array<{ text: string; font?: PDFFont; size?: number; color?: Color } | string>>) {
    const cols = widths.map((w) => w * WIDTH);
    const drawHeader = () => {
      this.ensure(30);
      let x = MARGIN;
      this.y -= 13;
      headers.forEach((h, i) => {
        this.text(h, x + 2, this.y, { font: this.fonts.bold, size: 8, color: MUTED });
        x += cols[i];
      });
      this.y -= 5;
      this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: MARGIN + WIDTH, y: this.y }, thickness: 0.6, color: RULE });
    };
    drawHeader();
    for (const raw of rows) {
      const cells = raw.map((c) => (typeof c === 'string' ? { text: c } : c));
      const wrapped = cells.map((c, i) => this.wrap(c.text, c.font ?? this.fonts.regular, c.size ?? 8.5, cols[i] - 6));
      const lead = 11;
      const height = Math.max(...wrapped.map((w) => w.length)) * lead + 6;
      if (this.y - height < MARGIN + 20) {
        this.newPage();
        drawHeader();
      }
      let x = MARGIN;
      cells.forEach((c, i) => {
        wrapped[i].forEach((line, k) =>
          this.text(line, x + 2, this.y - 11 - k * lead, { font: c.font, size: c.size ?? 8.5, color: c.color }),
        );
        x += cols[i];
      });
      this.y -= height;
      this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: MARGIN + WIDTH, y: this.y }, thickness: 0.3, color: RULE });
    }
  }
}

const show = (v: unknown): string => {
  if (v === null || v === undefined) return '-';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v !== 'object') return '-';
  if ('meaning' in v) return `signed (${typeof v.meaning === 'string' ? v.meaning : JSON.stringify(v.meaning)})`;
  return JSON.stringify(v);
};

function changeText(before: Record<string, unknown> | null, after: Record<string, unknown> | null, reason: string | null): string {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter(
    (k) => JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]),
  );
  const parts = keys.map((k) => (before && k in before ? `${k}: ${show(before[k])} -> ${show(after?.[k])}` : `${k}: ${show(after?.[k])}`));
  if (reason) parts.push(`Reason: ${reason}`);
  return parts.join('; ') || '-';
}

export async function batchRecordPdf(record: BatchExport): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const b = record.batch;
  doc.setTitle(`Batch record ${b.batchNumber}`);
  doc.setSubject(`${b.productName} · ${record.tenant.name}`);
  doc.setAuthor(record.exportedBy.name);
  doc.setCreator('Custos');
  doc.setProducer('Custos (pdf-lib)');
  doc.setCreationDate(new Date(record.exportedAt));
  doc.setKeywords(['batch record', b.batchNumber, b.productName]);
  const fonts = await embedStandardFonts(doc);
  const w = new Writer(doc, fonts);

  // Header
  w.text(record.tenant.name, MARGIN, w.y - 9, { size: 9, color: MUTED });
  w.text('Batch record', MARGIN + WIDTH - fonts.regular.widthOfTextAtSize('Batch record', 9), w.y - 9, { size: 9, color: MUTED });
  w.y -= 34;
  w.text(`Batch ${b.batchNumber}`, MARGIN, w.y, { font: fonts.bold, size: 20 });
  w.y -= 4;
  w.paragraph(`${b.productName} · ${b.site.code} ${b.site.name} · ${STATUS[b.status] ?? b.status}`, { size: 11, gap: 4 });
  w.paragraph(
    `Exported ${utc(record.exportedAt)} by ${record.exportedBy.name}. Record hash (SHA-256 of the batch record as it stands): ${record.recordHash}`,
    {
      size: 8,
      color: MUTED,
      gap: 4,
    },
  );

  // Batch
  w.heading('Batch');
  w.facts([
    ['Batch number', b.batchNumber],
    ['Product', b.productName],
    ['GTIN', b.gtin ?? 'None'],
    ['Site', `${b.site.code} ${b.site.name}`],
    ['Planned quantity', b.plannedQuantity.toLocaleString('en')],
    ['Expires on', b.expiresOn],
    ['Status', STATUS[b.status] ?? b.status],
    ['Created', utc(b.createdAt)],
    ['Last changed', utc(b.updatedAt)],
    ['Batch id', b.id],
  ]);

  // Inspections
  w.heading(`Inspections (${record.inspections.length})`);
  if (record.omitted.includes('inspections')) {
    w.paragraph('Left out: reading inspections needs the inspections.read permission.', { color: MUTED });
  } else if (record.inspections.length === 0) {
    w.paragraph('No inspection is recorded for this batch.', { color: MUTED });
  } else {
    w.table(
      ['Type', 'Result', 'Status', 'Performed', 'Reviewed', 'Sample', 'Characteristics'],
      [0.1, 0.07, 0.09, 0.2, 0.2, 0.09, 0.25],
      record.inspections.map((i) => [
        `${TYPE[i.type] ?? i.type}${i.retestOf ? ' (retest)' : ''}`,
        { text: i.result === 'pass' ? 'Pass' : 'Fail', font: fonts.bold, color: i.result === 'pass' ? OK : DANGER },
        STATUS[i.status] ?? i.status,
        `${i.performedBy.name}\n${utc(i.performedAt)}`,
        i.reviewedBy ? `${i.reviewedBy.name}\n${utc(i.reviewedAt)}${i.reviewReason ? `\n${i.reviewReason}` : ''}` : '-',
        `${i.sampleSize}${i.lotSize ? ` of ${i.lotSize.toLocaleString('en')}` : ''}`,
        [
          ...i.characteristics.map(
            (c) => `${c.name}: ${c.value}${c.unit ? ` ${c.unit}` : ''} (${c.lsl ?? '-'} to ${c.usl ?? '-'}) ${c.conforms ? 'ok' : 'OUT'}`,
          ),
          `Defects c/M/m: ${i.defects.critical}/${i.defects.major}/${i.defects.minor}`,
        ].join('\n'),
      ]),
    );
  }

  // Signatures
  const signatures = [
    ...b.signatures.map((s) => ({ s, record: `Batch ${b.batchNumber}` })),
    ...record.inspections.flatMap((i) =>
      i.signatures.map((s) => ({ s, record: `${TYPE[i.type] ?? i.type} inspection ${i.id.slice(0, 8)}` })),
    ),
  ].sort((x, y) => x.s.signedAt.localeCompare(y.s.signedAt));
  w.heading(`Electronic signatures (${signatures.length})`);
  if (signatures.length === 0) w.paragraph('No signature is recorded for this batch.', { color: MUTED });
  for (const { s, record: what } of signatures) {
    w.ensure(54);
    w.paragraph(`${s.signer.name} - ${s.meaning} - ${utc(s.signedAt)}`, { font: fonts.bold, size: 9.5 });
    w.paragraph(`${what}${s.reason ? ` · Reason: ${s.reason}` : ''}`, { size: 8.5 });
    w.paragraph(`Record hash (SHA-256): ${s.recordHash}`, { font: fonts.mono, size: 7.5 });
    w.paragraph(s.valid ? 'Valid: the record still matches what was signed.' : 'NOT VALID: the record was changed after it was signed.', {
      size: 8.5,
      font: fonts.bold,
      color: s.valid ? OK : DANGER,
      gap: 6,
    });
  }

  // Notes and attachments
  w.heading(`Notes (${record.notes.length})`);
  if (record.notes.length === 0) w.paragraph('No notes.', { color: MUTED });
  for (const n of record.notes) {
    w.ensure(30);
    w.paragraph(`${n.author.name} - ${utc(n.createdAt)}${n.inspectionId ? ` - on inspection ${n.inspectionId.slice(0, 8)}` : ''}`, {
      font: fonts.bold,
      size: 8.5,
    });
    w.paragraph(n.body, { size: 9, gap: 5 });
  }
  w.heading(`Attachments (${record.attachments.length})`);
  if (record.attachments.length === 0) {
    w.paragraph('No attachments.', { color: MUTED });
  } else {
    w.table(
      ['File', 'Type', 'Size', 'Attached', 'SHA-256'],
      [0.26, 0.1, 0.09, 0.22, 0.33],
      record.attachments.map((a) => [
        a.fileName,
        a.contentType.replace('application/', '').replace('image/', '').toUpperCase(),
        size(a.size),
        `${a.uploadedBy.name}\n${utc(a.createdAt)}`,
        { text: a.sha256, font: fonts.mono, size: 6.5 },
      ]),
    );
  }

  // History
  w.heading(`History (${record.history.length} audit events)`);
  w.table(
    ['When (UTC)', 'Action', 'Who', 'Change'],
    [0.18, 0.25, 0.15, 0.42],
    record.history.map((e) => [
      utc(e.occurredAt).replace(' UTC', ''),
      `${e.action}${e.targetType === 'inspection' ? `\ninspection ${e.targetId.slice(0, 8)}` : ''}`,
      e.actor.name ?? e.actor.type,
      changeText(e.before, e.after, e.reason),
    ]),
  );

  // Footer on every page
  const total = w.pages.length;
  w.pages.forEach((page, i) => {
    const footer = w.safe(`Batch ${b.batchNumber} · ${record.tenant.name} · exported ${utc(record.exportedAt)}`);
    page.drawText(footer, { x: MARGIN, y: MARGIN - 18, size: 7.5, font: fonts.regular, color: MUTED });
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

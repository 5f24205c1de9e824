import { StandardFonts, rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';

/**
 * Writing a readable A4 record with pdf-lib and the standard fonts (nothing embedded): pages that break by
 * themselves, wrapped paragraphs, headings with a rule, and text the standard fonts can show (anything else prints
 * as "?"). Text stays real text, selectable and searchable. Used by the batch record export
 * (lib/quality/batch-record-pdf.ts) and the access-review report (lib/access-reviews/report-pdf.ts), which add their
 * own layouts (fact columns, tables) on top.
 */

export const A4 = { width: 595.28, height: 841.89 };
export const MARGIN = 48;
export const WIDTH = A4.width - 2 * MARGIN;
export const INK = rgb(0.1, 0.11, 0.13);
export const MUTED = rgb(0.42, 0.45, 0.5);
export const RULE = rgb(0.85, 0.86, 0.88);
export const DANGER = rgb(0.7, 0.1, 0.1);
export const OK = rgb(0.1, 0.45, 0.22);
export type Color = ReturnType<typeof rgb>;
export type Fonts = { regular: PDFFont; bold: PDFFont; mono: PDFFont };

/** Helvetica, Helvetica Bold and Courier, as a record's fonts. */
export async function embedStandardFonts(doc: PDFDocument): Promise<Fonts> {
  return {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    mono: await doc.embedFont(StandardFonts.Courier),
  };
}

export class PdfWriter {
  page!: PDFPage;
  y = 0;
  readonly pages: PDFPage[] = [];
  private readonly charset: Set<number>;

  /** `top`: room kept free at the top of every page (for a notice drawn on each page afterwards). */
  constructor(
    readonly doc: PDFDocument,
    readonly fonts: Fonts,
    private readonly top = 0,
  ) {
    this.charset = new Set(fonts.regular.getCharacterSet());
    this.newPage();
  }

  /** Text the standard fonts can show (WinAnsi): anything else becomes "?". */
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

  /** Start a new page unless `height` still fits above the bottom margin. */
  ensure(height: number) {
    if (this.y - height < MARGIN + 20) this.newPage();
  }

  /** Lines of `text` wrapped to `width` (long words are cut). */
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
        } else {
          line = next;
        }
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

  rule() {
    this.y -= 4;
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: MARGIN + WIDTH, y: this.y }, thickness: 0.3, color: RULE });
  }
}

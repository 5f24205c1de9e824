import { detectImageType } from '@/lib/auth/image-type';
import type { AttachmentType } from '@/db/schema/notes';

/**
 * The type of an attachment by its first bytes (magic numbers), never by file name or declared
 * Content-Type: PDF (`%PDF-`), or a PNG, JPEG or WebP image (lib/auth/image-type.ts). Anything else is null.
 */
export function detectAttachmentType(bytes: Uint8Array): AttachmentType | null {
  if (bytes.length >= 5 && Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-') return 'application/pdf';
  return detectImageType(bytes);
}

/** What the first bytes look like, to say why a file was refused. */
export function describeBytes(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return 'a GIF image';
  if (head.startsWith('PK\x03\x04')) return 'a ZIP archive or an Office document';
  if (head.startsWith('\xd0\xcf\x11\xe0')) return 'an old Office document';
  if (head.startsWith('BM')) return 'a BMP image';
  if (head.startsWith('MZ')) return 'a program';
  if (/^\s*(<\?xml|<svg)/i.test(head)) return 'an SVG or XML file';
  if (/^\s*<(!doctype|html)/i.test(head)) return 'an HTML page';
  if (head.slice(4, 12) === 'ftypheic' || head.slice(4, 12) === 'ftypavif') return 'a HEIC or AVIF image';
  // eslint-disable-next-line no-control-regex -- tab, LF and CR are what plain text may hold besides printable ASCII
  if (/^[\x09\x0a\x0d\x20-\x7e]*$/.test(head)) return 'text';
  return null;
}

/**
 * CSV as every Custos export writes it (audit trail, serials): RFC 4180 records ended by CRLF.
 *
 * A text cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a spreadsheet shows
 * it as text instead of running it as a formula (OWASP "CSV injection"): `=cmd|' /C calc'!A0` is written
 * `'=cmd|' /C calc'!A0`. Text that merely looks like a negative number (`-5`) is prefixed too; numbers the exporter
 * passes as numbers (sequence numbers, counts) are written as they are. A null is an empty field; an empty text
 * is `""`, so the two stay apart.
 */
const NEEDS_QUOTES = /[",\r\n]/;

/** `=`, `+`, `-`, `@`, tab, carriage return: the characters a spreadsheet reads as the start of a formula. */
function startsLikeFormula(text: string): boolean {
  const first = text.charCodeAt(0);
  return first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13;
}

// Written for speed (an export calls this for every cell of up to millions of rows): a character test instead of a
// regular expression for the first character, a quote doubled only in text that has one, no intermediate array.
function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (value === '') return '""';
  const text = startsLikeFormula(value) ? `'${value}` : value;
  if (!NEEDS_QUOTES.test(text)) return text;
  return `"${text.includes('"') ? text.replaceAll('"', '""') : text}"`;
}

/** One record: the cells, comma-separated, ended by CRLF. */
export function csvRecord(values: ReadonlyArray<string | number | null | undefined>): string {
  let record = values.length > 0 ? csvCell(values[0]) : '';
  for (let i = 1; i < values.length; i++) record += `,${csvCell(values[i])}`;
  return `${record}\r\n`;
}

/**
 * CSV as every Custos export writes it (audit trail, serials): RFC 4180 records ended by CRLF.
 *
 * A text cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a spreadsheet shows
 * it as text instead of running it as a formula (OWASP "CSV injection"): `=cmd|' /C calc'!A0` is written
 * `'=cmd|' /C calc'!A0`. Text that merely looks like a negative number (`-5`) is prefixed too; numbers the exporter
 * passes as numbers (sequence numbers, counts) are written as they are. A null is an empty field; an empty text
 * is `""`, so the two stay apart.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return text === '' || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record: the cells, comma-separated, ended by CRLF. */
export function csvRecord(values: ReadonlyArray<string | number | null | undefined>): string {
  return values.map(csvCell).join(',') + '\r\n';
}

/**
 * Plain words for values no label map knows: the fallback of every map in lib/<domain>/labels.ts, so an unknown
 * value still reads as words (never `on_hold`, never `plannedQuantity`).
 */

/** `on_hold` → "On hold", `api_key` → "Api key": a stored value in words. */
export function humanizeValue(value: string): string {
  const words = value
    .replace(/[_.-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return words ? words[0].toUpperCase() + words.slice(1) : value;
}

/** `plannedQuantity` → "Planned quantity", `site_id` → "Site id": a field name in words. */
export function humanizeField(name: string): string {
  return humanizeValue(
    name
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .toLowerCase(),
  );
}

/** A 36-character UUID (the only ids Custos stores), to be shortened wherever it would be shown. */
export const UUID_PATTERN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** An id in a sentence of plain text: its first 8 characters (the console shows the whole id with ShortId). */
export const shortId = (id: string) => (UUID_PATTERN.test(id) ? id.slice(0, 8) : id);

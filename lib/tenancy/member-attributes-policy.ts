import { z } from 'zod';
import type { FieldError } from '@/lib/errors';
import type { MemberAttributeDefinition } from './schemas';

/**
 * The rules of custom member attributes, as pure functions: what a value of each type may be, how a change merges
 * into a member's values, which values show (only those of attributes still defined: a removed definition's values
 * are kept but hidden), which required ones are missing, and what a list filter means. The server, the member page's
 * edit dialog and the members list filter all use these.
 */

/** A stored value: text, a choice and a date (YYYY-MM-DD) are strings, a number is a number. */
export type AttributeValue = string | number;
export type AttributeValues = Record<string, AttributeValue>;

export const MAX_ATTRIBUTE_TEXT = 500;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a real calendar date written YYYY-MM-DD (no 2026-02-30). */
export function isRealDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export type ValueCheck = { ok: true; value: AttributeValue | null } | { ok: false; message: string };

/**
 * One value checked against its definition. `null`, `undefined` and blank text mean "not set" (null). A number may be
 * sent as a number or as numeric text (a form's field, a query string); a choice matches its option whatever the case
 * and is stored with the option's own spelling.
 */
export function checkAttributeValue(def: MemberAttributeDefinition, raw: unknown): ValueCheck {
  if (raw === null || raw === undefined) return { ok: true, value: null };
  if (typeof raw === 'string' && raw.trim() === '') return { ok: true, value: null };
  switch (def.type) {
    case 'text': {
      if (typeof raw !== 'string') return { ok: false, message: 'Enter text.' };
      const value = raw.trim();
      if (value.length > MAX_ATTRIBUTE_TEXT) return { ok: false, message: `At most ${MAX_ATTRIBUTE_TEXT} characters.` };
      return { ok: true, value };
    }
    case 'number': {
      const value =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(raw)
            ? Number(raw)
            : NaN;
      if (!Number.isFinite(value)) return { ok: false, message: 'Enter a number.' };
      if (Math.abs(value) > 1e15) return { ok: false, message: 'The number is too large.' };
      return { ok: true, value };
    }
    case 'date': {
      if (typeof raw !== 'string' || !isRealDate(raw.trim())) return { ok: false, message: 'Enter a date as YYYY-MM-DD.' };
      return { ok: true, value: raw.trim() };
    }
    case 'choice': {
      const options = def.options ?? [];
      const wanted = typeof raw === 'string' ? raw.trim().toLowerCase() : null;
      const option = wanted === null ? undefined : options.find((o) => o.toLowerCase() === wanted);
      if (option === undefined) return { ok: false, message: `Choose one of: ${options.join(', ')}.` };
      return { ok: true, value: option };
    }
  }
}

/**
 * The values of attributes still defined, in definition order. A removed definition's values stay stored but never
 * show, nor does a value its definition no longer accepts (an option taken off a choice).
 */
export function visibleAttributes(defs: readonly MemberAttributeDefinition[], stored: unknown): AttributeValues {
  const values = stored !== null && typeof stored === 'object' && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
  const out: AttributeValues = {};
  for (const def of defs) {
    const checked = checkAttributeValue(def, values[def.key]);
    if (checked.ok && checked.value !== null) out[def.key] = checked.value;
  }
  return out;
}

/** The required attributes without a value. */
export function missingRequired(defs: readonly MemberAttributeDefinition[], values: AttributeValues): MemberAttributeDefinition[] {
  return defs.filter((def) => def.required && (values[def.key] === undefined || values[def.key] === ''));
}

export type AttributeMerge = { values: Record<string, unknown>; changed: string[]; errors: FieldError[] };

/**
 * A change (`{key: value | null}`: a partial merge, null clears) applied to a member's stored values. Unknown keys,
 * values the definition refuses and required attributes left without a value are errors at `attributes.<key>`.
 * Stored values of removed definitions are carried over untouched. `changed` lists the keys whose value differs.
 */
export function mergeAttributes(
  defs: readonly MemberAttributeDefinition[],
  stored: Record<string, unknown>,
  patch: Record<string, unknown>,
): AttributeMerge {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const values: Record<string, unknown> = { ...stored };
  const errors: FieldError[] = [];
  for (const [key, raw] of Object.entries(patch)) {
    const def = byKey.get(key);
    if (!def) {
      errors.push({ path: `attributes.${key}`, message: 'No such attribute in this tenant.' });
      continue;
    }
    const checked = checkAttributeValue(def, raw);
    if (!checked.ok) {
      errors.push({ path: `attributes.${key}`, message: checked.message });
      continue;
    }
    if (checked.value === null) delete values[key];
    else values[key] = checked.value;
  }
  if (errors.length === 0) {
    for (const def of missingRequired(defs, visibleAttributes(defs, values))) {
      errors.push({ path: `attributes.${def.key}`, message: `${def.label} is required.` });
    }
  }
  const changed = defs.map((d) => d.key).filter((key) => JSON.stringify(stored[key] ?? null) !== JSON.stringify(values[key] ?? null));
  return { values, changed, errors };
}

/** The before and after of the changed attributes only (null: not set), for the audit trail. */
export function attributeDiff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  changed: readonly string[],
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const pick = (values: Record<string, unknown>) => Object.fromEntries(changed.map((key) => [key, values[key] ?? null]));
  return { before: pick(before), after: pick(after) };
}

/** A members list filter `key:value`: text matches a part (any case), a choice any case, a number and a date exactly. */
export type AttributeFilter = { key: string; type: MemberAttributeDefinition['type']; value: AttributeValue };

/** `?attribute=key:value` (one or several, all must match) read against the definitions; errors at `query.attribute`. */
export function parseAttributeFilters(
  defs: readonly MemberAttributeDefinition[],
  raw: readonly string[],
): { filters: AttributeFilter[]; errors: FieldError[] } {
  const filters: AttributeFilter[] = [];
  const errors: FieldError[] = [];
  const byKey = new Map(defs.map((d) => [d.key, d]));
  for (const item of raw) {
    const at = item.indexOf(':');
    const key = at < 0 ? item : item.slice(0, at);
    const def = byKey.get(key);
    if (at < 0 || !def) {
      errors.push({
        path: 'query.attribute',
        message: at < 0 ? 'Write the filter as key:value.' : `No attribute "${key}" in this tenant.`,
      });
      continue;
    }
    const text = item.slice(at + 1);
    if (def.type === 'text') {
      if (text.trim() === '') errors.push({ path: 'query.attribute', message: `Enter a value for ${def.label}.` });
      else filters.push({ key, type: def.type, value: text.trim().slice(0, MAX_ATTRIBUTE_TEXT) });
      continue;
    }
    const checked = checkAttributeValue(def, text);
    if (!checked.ok || checked.value === null) {
      errors.push({ path: 'query.attribute', message: `${def.label}: ${checked.ok ? 'Enter a value.' : checked.message}` });
      continue;
    }
    filters.push({ key, type: def.type, value: checked.value });
  }
  return { filters, errors };
}

/** An attribute value as shown on screen (a number in the viewer's format is the component's job). */
export function attributeValueText(value: AttributeValue | undefined): string | null {
  return value === undefined || value === '' ? null : String(value);
}

/**
 * The edit dialog's form: every defined attribute as text (what inputs hold, '' = not set), checked with exactly the
 * server's rules (checkAttributeValue, required), each error at the attribute's key.
 */
export function attributesFormSchema(defs: readonly MemberAttributeDefinition[]) {
  return z.record(z.string(), z.string()).superRefine((values, ctx) => {
    for (const def of defs) {
      const checked = checkAttributeValue(def, values[def.key] ?? '');
      if (!checked.ok) ctx.addIssue({ code: 'custom', path: [def.key], message: checked.message });
      else if (def.required && checked.value === null)
        ctx.addIssue({ code: 'custom', path: [def.key], message: `${def.label} is required.` });
    }
  });
}

/** The form's values of a member's attributes (every defined key, '' when not set). */
export function attributesFormValues(defs: readonly MemberAttributeDefinition[], values: AttributeValues): Record<string, string> {
  return Object.fromEntries(defs.map((d) => [d.key, values[d.key] === undefined ? '' : String(values[d.key])]));
}

/** The PATCH body's `attributes` from the form: the changed keys only, '' → null (cleared). */
export function attributesPatchFromForm(
  defs: readonly MemberAttributeDefinition[],
  current: AttributeValues,
  form: Record<string, string>,
): Record<string, AttributeValue | null> {
  const patch: Record<string, AttributeValue | null> = {};
  for (const def of defs) {
    const checked = checkAttributeValue(def, form[def.key] ?? '');
    const next = checked.ok ? checked.value : null;
    if ((current[def.key] ?? null) !== next) patch[def.key] = next;
  }
  return patch;
}

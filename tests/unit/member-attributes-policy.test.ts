import { describe, expect, it } from 'vitest';
import {
  attributeDiff,
  attributesFormSchema,
  attributesPatchFromForm,
  checkAttributeValue,
  isRealDate,
  mergeAttributes,
  missingRequired,
  parseAttributeFilters,
  visibleAttributes,
} from '@/lib/tenancy/member-attributes-policy';
import type { MemberAttributeDefinition } from '@/lib/tenancy/schemas';
import { keyFromLabel } from '@/components/settings/member-attributes-settings';

const defs: MemberAttributeDefinition[] = [
  { key: 'dept', label: 'Department', type: 'text', required: false },
  { key: 'no', label: 'Employee number', type: 'number', required: false },
  { key: 'trained', label: 'Trained on', type: 'date', required: false },
  { key: 'site', label: 'Site', type: 'choice', options: ['Berlin', 'Basel'], required: true },
];
const [text, num, date, choice] = defs;

describe('member attribute rules', () => {
  it('checks each type', () => {
    expect(checkAttributeValue(text, '  QC  ')).toEqual({ ok: true, value: 'QC' });
    expect(checkAttributeValue(text, 'x'.repeat(500)).ok).toBe(true);
    expect(checkAttributeValue(text, 'x'.repeat(501)).ok).toBe(false);
    expect(checkAttributeValue(text, 5).ok).toBe(false);
    expect(checkAttributeValue(num, '12.5')).toEqual({ ok: true, value: 12.5 });
    expect(checkAttributeValue(num, -3)).toEqual({ ok: true, value: -3 });
    for (const bad of ['12a', 'Infinity', 'NaN', '0x10', Number.NaN, Number.POSITIVE_INFINITY, true]) {
      expect(checkAttributeValue(num, bad).ok, String(bad)).toBe(false);
    }
    expect(checkAttributeValue(date, '2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    for (const bad of ['2023-02-29', '2026-13-01', '2026-1-1', '01.02.2026', 20260101]) {
      expect(checkAttributeValue(date, bad).ok, String(bad)).toBe(false);
    }
    expect(checkAttributeValue(choice, 'BERLIN')).toEqual({ ok: true, value: 'Berlin' });
    expect(checkAttributeValue(choice, 'Paris').ok).toBe(false);
    expect(checkAttributeValue(choice, null)).toEqual({ ok: true, value: null });
    expect(checkAttributeValue(choice, '   ')).toEqual({ ok: true, value: null });
    expect(isRealDate('2000-02-29')).toBe(true);
    expect(isRealDate('1900-02-29')).toBe(false);
  });

  it('merges a change, keeps hidden values, names errors by key and enforces required ones', () => {
    const stored = { site: 'Berlin', old: 'kept' };
    const ok = mergeAttributes(defs, stored, { dept: 'QC', no: '7' });
    expect(ok).toEqual({ values: { site: 'Berlin', old: 'kept', dept: 'QC', no: 7 }, changed: ['dept', 'no'], errors: [] });
    const bad = mergeAttributes(defs, stored, { nope: 1, no: 'x', site: null });
    expect(bad.errors.map((e) => e.path)).toEqual(['attributes.nope', 'attributes.no']);
    expect(mergeAttributes(defs, stored, { site: null }).errors).toEqual([{ path: 'attributes.site', message: 'Site is required.' }]);
    expect(mergeAttributes(defs, {}, { dept: 'x' }).errors.map((e) => e.path)).toEqual(['attributes.site']);
    expect(attributeDiff({ site: 'Berlin' }, { site: 'Basel', no: 1 }, ['site', 'no'])).toEqual({
      before: { site: 'Berlin', no: null },
      after: { site: 'Basel', no: 1 },
    });
  });

  it('shows only values their definition still accepts, and names missing required ones', () => {
    expect(visibleAttributes(defs, { site: 'Paris', dept: 'QC', gone: 'x', no: 'not a number' })).toEqual({ dept: 'QC' });
    expect(visibleAttributes(defs, null)).toEqual({});
    expect(missingRequired(defs, {}).map((d) => d.key)).toEqual(['site']);
    expect(missingRequired(defs, { site: 'Basel' })).toEqual([]);
  });

  it('reads list filters key:value against the definitions', () => {
    const { filters, errors } = parseAttributeFilters(defs, ['dept:Q:C', 'site:basel', 'no:3', 'trained:2026-01-02']);
    expect(errors).toEqual([]);
    expect(filters).toEqual([
      { key: 'dept', type: 'text', value: 'Q:C' },
      { key: 'site', type: 'choice', value: 'Basel' },
      { key: 'no', type: 'number', value: 3 },
      { key: 'trained', type: 'date', value: '2026-01-02' },
    ]);
    const bad = parseAttributeFilters(defs, ['dept', 'x:1', 'no:abc', 'site:', 'dept:  ']);
    expect(bad.filters).toEqual([]);
    expect(bad.errors).toHaveLength(5);
    expect(bad.errors.every((e) => e.path === 'query.attribute')).toBe(true);
  });

  it('the edit form uses the same rules and sends only what changed', () => {
    const schema = attributesFormSchema(defs);
    const result = schema.safeParse({ dept: '', no: 'abc', trained: '', site: '' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['no', 'Enter a number.'],
      ['site', 'Site is required.'],
    ]);
    expect(schema.safeParse({ dept: '', no: '4', trained: '2026-03-01', site: 'Basel' }).success).toBe(true);
    expect(attributesPatchFromForm(defs, { site: 'Basel', dept: 'QC' }, { dept: '', no: '4', trained: '', site: 'Basel' })).toEqual({
      dept: null,
      no: 4,
    });
  });

  it('derives an API key from a label', () => {
    expect(keyFromLabel('Cost centre')).toBe('cost_centre');
    expect(keyFromLabel('Employee ID')).toBe('employee_id');
    expect(keyFromLabel('Größe / Standort')).toBe('grosse_standort');
    expect(keyFromLabel('2nd site')).toBe('a_2nd_site');
    expect(keyFromLabel('!!!')).toBe('');
  });
});

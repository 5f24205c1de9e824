import { describe, expect, it } from 'vitest';
import {
  isEventTypePattern,
  patternMatches,
  patternsForChosenTypes,
  typesCoveredBy,
  WEBHOOK_EVENT_FAMILIES,
  WEBHOOK_EVENT_TYPES,
} from '@/lib/webhooks/event-types';

// The subscription patterns of webhook endpoints and email digests, as the console's checkboxes read and write them.

const all = WEBHOOK_EVENT_TYPES.map((e) => e.type);
const family = (name: string) => all.filter((t) => t.startsWith(`${name}.`));

describe('event subscription patterns', () => {
  it('every type of the catalog is chosen: *', () => {
    expect(patternsForChosenTypes(new Set(all))).toEqual(['*']);
    expect(typesCoveredBy(['*'])).toEqual(new Set(all));
  });

  it('a whole family is family.*, single types stay single, nothing chosen is nothing', () => {
    const chosen = new Set([...family('batch'), 'member.removed']);
    const patterns = patternsForChosenTypes(chosen);
    expect(patterns).toContain('batch.*');
    expect(patterns).toContain('member.removed');
    expect(patterns).toHaveLength(2);
    expect(typesCoveredBy(patterns)).toEqual(chosen);
    expect(patternsForChosenTypes(new Set())).toEqual([]);
  });

  it('reads back what it writes for every family alone', () => {
    for (const name of WEBHOOK_EVENT_FAMILIES) {
      const chosen = new Set(family(name));
      const patterns = patternsForChosenTypes(chosen);
      expect(patterns, name).toEqual(chosen.size === all.length ? ['*'] : [`${name}.*`]);
      expect(patterns.every(isEventTypePattern), name).toBe(true);
      expect(typesCoveredBy(patterns), name).toEqual(chosen);
    }
  });

  it('a family pattern does not take another family sharing its prefix', () => {
    expect(patternMatches('member.*', 'member.removed')).toBe(true);
    expect(patternMatches('batch.*', 'batches.created')).toBe(false);
    expect(typesCoveredBy(['unknown.*', 'nope'])).toEqual(new Set());
  });
});

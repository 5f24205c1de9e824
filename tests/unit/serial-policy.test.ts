import { describe, expect, it } from 'vitest';
import { SERIAL_STATUSES } from '@/db/schema/serials';
import { serialMovesFrom, serialMovesInto, serialTargetsFor } from '@/lib/serials/policy';

describe('serial lifecycle policy (lib/serials/policy.ts)', () => {
  it('moves forward through the supply chain and out by the side exits', () => {
    expect(serialMovesFrom('commissioned')).toEqual(['released', 'decommissioned', 'sampled', 'destroyed', 'recalled']);
    expect(serialMovesFrom('dispensed')).toEqual([]);
    expect(serialMovesInto('commissioned')).toEqual([]);
    expect(serialMovesInto('destroyed')).toEqual(['commissioned', 'released', 'shipped', 'recalled', 'decommissioned']);
  });

  it('offers a selection only the statuses every selected serial may reach', () => {
    expect(serialTargetsFor(['commissioned'])).toEqual(['released', 'decommissioned', 'sampled', 'destroyed', 'recalled']);
    expect(serialTargetsFor(['commissioned', 'shipped'])).toEqual(['decommissioned', 'sampled', 'destroyed', 'recalled']);
    expect(serialTargetsFor(['recalled', 'decommissioned'])).toEqual(['destroyed']);
    expect(serialTargetsFor(['dispensed'])).toEqual([]);
    expect(serialTargetsFor(['dispensed', 'commissioned'])).toEqual([]);
  });

  it('offers a range every status something leads to, in lifecycle order', () => {
    expect(serialTargetsFor('range')).toEqual(SERIAL_STATUSES.filter((s) => s !== 'commissioned'));
  });
});

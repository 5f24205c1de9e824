import { describe, expect, it } from 'vitest';
import { LIFECYCLE, type Move } from '@/lib/quality/lifecycle';
import { lifecyclePath, lifecyclePosition, nextMoveOnRoad } from '@/lib/quality/lifecycle-path';

// The batch page's stepper reads the lifecycle's moves as a road to release with side exits (lib/quality/lifecycle-path.ts).
describe('lifecycle path', () => {
  it('reads the road and the side exits from the moves', () => {
    const { road, exits } = lifecyclePath(LIFECYCLE);
    expect(road).toEqual(['planned', 'in_production', 'quarantined', 'under_review', 'released']);
    expect(exits.map((m) => `${m.from}>${m.to}`)).toEqual(['under_review>rejected', 'released>recalled']);
  });

  it('follows the data, not a fixed list: a lifecycle without quarantine has no quarantine step', () => {
    const skip: Move[] = LIFECYCLE.filter((m) => m.from !== 'quarantined' && m.to !== 'quarantined');
    skip.push({ ...LIFECYCLE[2], from: 'in_production' });
    expect(lifecyclePath(skip).road).toEqual(['planned', 'in_production', 'under_review', 'released']);
  });

  it('gives the next move on the road, none at its end or off it', () => {
    expect(nextMoveOnRoad(LIFECYCLE, 'planned')?.to).toBe('in_production');
    expect(nextMoveOnRoad(LIFECYCLE, 'quarantined')?.action).toBe('submitted_for_review');
    expect(nextMoveOnRoad(LIFECYCLE, 'under_review')?.to).toBe('released');
    expect(nextMoveOnRoad(LIFECYCLE, 'released')).toBeUndefined();
    expect(nextMoveOnRoad(LIFECYCLE, 'rejected')).toBeUndefined();
  });

  it('places a batch: done, now, next, later', () => {
    const { steps, next, exits } = lifecyclePosition(LIFECYCLE, 'quarantined');
    expect(steps.map((s) => `${s.status}:${s.state}`)).toEqual([
      'planned:done',
      'in_production:done',
      'quarantined:current',
      'under_review:next',
      'released:later',
    ]);
    expect(next?.to).toBe('under_review');
    expect(exits).toEqual([]);
    expect(lifecyclePosition(LIFECYCLE, 'under_review').exits.map((m) => m.to)).toEqual(['rejected']);
  });

  it('places a batch that left the road: the road up to where it left, the rest not reached, the exit now', () => {
    expect(lifecyclePosition(LIFECYCLE, 'rejected').steps.map((s) => `${s.status}:${s.state}`)).toEqual([
      'planned:done',
      'in_production:done',
      'quarantined:done',
      'under_review:done',
      'released:skipped',
      'rejected:current',
    ]);
    const recalled = lifecyclePosition(LIFECYCLE, 'recalled');
    expect(recalled.steps.at(-2)).toEqual({ status: 'released', state: 'done' });
    expect(recalled.steps.at(-1)).toEqual({ status: 'recalled', state: 'current' });
    expect(recalled.next).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { NEXT_KEY_MIN_AGE_MS, rotationTooSoonProblem } from '@/lib/keys/policy';

describe('when a signing-key rotation may go ahead', () => {
  const at = new Date('2026-12-06T12:00:00Z');
  const publishedAgo = (ms: number) => ({ createdAt: new Date(at.getTime() - ms) });

  it('refuses while the next key is younger than two minutes, saying how long to wait', () => {
    expect(rotationTooSoonProblem(publishedAgo(30_000), at)).toBe(
      'The next signing key was published 30 s ago; downstream verifiers may not have it yet. Rotate again in 90 s, or pass --force if the active key must stop signing now.',
    );
    expect(rotationTooSoonProblem(publishedAgo(NEXT_KEY_MIN_AGE_MS - 1), at)).toMatch(/Rotate again in 1 s/);
  });

  it('lets it go once the next key is two minutes old, or when there is no next key yet', () => {
    expect(rotationTooSoonProblem(publishedAgo(NEXT_KEY_MIN_AGE_MS), at)).toBeNull();
    expect(rotationTooSoonProblem(publishedAgo(86_400_000), at)).toBeNull();
    expect(rotationTooSoonProblem(undefined, at)).toBeNull();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { VerifiedTokenMemo } from '@/lib/auth/verified-token-memo';
import { setClock } from '@/lib/platform/clock';

// The memo of verified tokens (lib/auth/verified-token-memo.ts): only the exact token under the same secret, only until
// the token's expiry by the later of the real and the application clock, never more than `max` entries.
afterEach(() => setClock());

describe('VerifiedTokenMemo', () => {
  it('remembers a token until its expiry and no longer', () => {
    const memo = new VerifiedTokenMemo<string>(10);
    const expires = Date.now() + 60_000;
    memo.set('token-a', 'secret', 'claims-a', expires);
    expect(memo.get('token-a', 'secret')).toBe('claims-a');
    expect(memo.get('token-a ', 'secret')).toBeUndefined(); // the exact text only
    expect(memo.get('token-b', 'secret')).toBeUndefined();
    setClock({ advanceMs: 60_000 });
    expect(memo.get('token-a', 'secret')).toBeUndefined();
    expect(memo.size).toBe(0); // dropped once seen expired
  });

  it('judges expiry by the later clock: a clock set back does not lengthen a token', () => {
    const memo = new VerifiedTokenMemo<string>(10);
    setClock({ at: new Date(Date.now() - 3_600_000) }); // the application clock an hour behind the real one
    memo.set('expired-in-real-time', 'secret', 'x', Date.now() - 1_000);
    expect(memo.get('expired-in-real-time', 'secret')).toBeUndefined();
    expect(memo.size).toBe(0); // never stored
  });

  it('forgets everything when the secret changes, and answers nothing under another secret', () => {
    const memo = new VerifiedTokenMemo<string>(10);
    const expires = Date.now() + 60_000;
    memo.set('token-a', 'old', 'a', expires);
    expect(memo.get('token-a', 'new')).toBeUndefined();
    memo.set('token-b', 'new', 'b', expires);
    expect(memo.size).toBe(1);
    expect(memo.get('token-a', 'old')).toBeUndefined();
    expect(memo.get('token-b', 'new')).toBe('b');
  });

  it('holds at most max entries, dropping the oldest', () => {
    const memo = new VerifiedTokenMemo<number>(3);
    const expires = Date.now() + 60_000;
    for (let i = 0; i < 5; i++) memo.set(`t${i}`, 's', i, expires);
    expect(memo.size).toBe(3);
    expect(memo.get('t0', 's')).toBeUndefined();
    expect(memo.get('t1', 's')).toBeUndefined();
    expect([memo.get('t2', 's'), memo.get('t3', 's'), memo.get('t4', 's')]).toEqual([2, 3, 4]);
    memo.set('t4', 's', 40, expires); // replacing an entry drops nothing
    expect(memo.size).toBe(3);
    expect(memo.get('t4', 's')).toBe(40);
  });
});

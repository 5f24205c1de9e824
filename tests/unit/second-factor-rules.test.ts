import { describe, expect, it } from 'vitest';
import {
  classifyCode,
  formatRecoveryCode,
  groupKey,
  mayResetSecondFactors,
  RECOVERY_CODE_ALPHABET,
  recoveryCodeFrom,
} from '@/lib/auth/mfa/policy';

describe('classifyCode', () => {
  it('reads six digits (with a space) as an authenticator code', () => {
    expect(classifyCode('123456')).toEqual({ kind: 'totp', code: '123456' });
    expect(classifyCode(' 123 456 ')).toEqual({ kind: 'totp', code: '123456' });
  });

  it('reads ten characters of the recovery alphabet as a recovery code, in any case, with a dash or spaces', () => {
    expect(classifyCode('abcde-fghjk')).toEqual({ kind: 'recovery_code', code: 'abcdefghjk' });
    expect(classifyCode('ABCDE FGHJK')).toEqual({ kind: 'recovery_code', code: 'abcdefghjk' });
  });

  it('refuses anything else without a lookup: wrong length, look-alike characters, other symbols', () => {
    for (const input of ['', '12345', '1234567', 'abcde-fghj', 'abcde-fghi1', 'abcd0-fghjk', "abcde'fghjk", '12345a']) {
      expect(classifyCode(input), input).toEqual({ kind: 'invalid' });
    }
  });
});

describe('recovery codes', () => {
  it('draws each character without bias from the alphabet, skipping bytes past the last full cycle', () => {
    const bytes = [255, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    let i = 0;
    const code = recoveryCodeFrom(() => bytes[i++]);
    expect(code).toBe([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => RECOVERY_CODE_ALPHABET[n]).join(''));
    expect(i).toBe(11);
    expect(classifyCode(formatRecoveryCode(code))).toEqual({ kind: 'recovery_code', code });
    expect(formatRecoveryCode('abcdefghjk')).toBe('abcde-fghjk');
  });

  it('has no look-alike characters', () => {
    for (const c of '01ilo') expect(RECOVERY_CODE_ALPHABET).not.toContain(c);
  });
});

describe('groupKey', () => {
  it('groups a base32 key in fours', () => {
    expect(groupKey('JBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP');
    expect(groupKey('JBSWY3DPEH')).toBe('JBSW Y3DP EH');
  });
});

describe('mayResetSecondFactors', () => {
  const all = new Set(['members.update', 'members.read', 'roles.manage']);
  it('needs members.update', () => {
    const verdict = mayResetSecondFactors({ id: 'a', permissions: new Set(['members.read']) }, { id: 'b', permissions: new Set() });
    expect(verdict.allowed).toBe(false);
    expect(verdict.missing).toEqual(['members.update']);
  });

  it('allows a member within power and yourself, refuses one holding more than you', () => {
    expect(mayResetSecondFactors({ id: 'a', permissions: all }, { id: 'b', permissions: new Set(['members.read']) }).allowed).toBe(true);
    expect(mayResetSecondFactors({ id: 'a', permissions: all }, { id: 'a', permissions: all }).allowed).toBe(true);
    const beyond = mayResetSecondFactors({ id: 'a', permissions: all }, { id: 'b', permissions: new Set(['tenant.delete']) });
    expect(beyond.allowed).toBe(false);
    expect(beyond.missing).toEqual(['tenant.delete']);
  });
});

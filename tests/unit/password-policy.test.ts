import { describe, expect, it } from 'vitest';
import {
  checkPassword,
  containedPersonalDetail,
  DEFAULT_PASSWORD_POLICY,
  isPasswordExpired,
  newPasswordSchema,
  passwordRuleLines,
  strictestPasswordPolicy,
  type PasswordPolicy,
} from '@/lib/auth/password-policy';
import { passwordRulesSentence } from '@/lib/auth/password-policy-basics';
import { tenantPasswordPolicy } from '@/lib/auth/password-rules';

// The password rules as pure functions: each rule on its own, and the strictest of several tenants' rules.
const owner = { email: 'dana.whitfield@acme-pharma.example', name: 'Dana Whitfield', tenantNames: ['Acme Pharma'] };
const policy = (over: Partial<PasswordPolicy> = {}): PasswordPolicy => ({ ...DEFAULT_PASSWORD_POLICY, ...over });
const STRONG = 'violet tugboat marmalade 42';

// zxcvbn builds its dictionaries on the first check: seconds on a busy machine.
describe('checkPassword', { timeout: 30_000 }, () => {
  it('accepts a long unrelated passphrase under the defaults', async () => {
    const result = await checkPassword(STRONG, DEFAULT_PASSWORD_POLICY, owner);
    expect(result.problems).toEqual([]);
    expect(result.score).toBeGreaterThanOrEqual(3);
  });

  it('refuses a password shorter than the minimum length, and over 128 characters', async () => {
    const short = await checkPassword('tugboat 42x', policy({ minScore: 0 }), owner);
    expect(short.problems).toContain('Use at least 12 characters.');
    const longer = await checkPassword('violet tugboat', policy({ minLength: 16, minScore: 0 }), owner);
    expect(longer.problems).toContain('Use at least 16 characters.');
    expect((await checkPassword('violet tugboat', policy({ minLength: 14, minScore: 0 }), owner)).problems).toEqual([]);
    const huge = await checkPassword(`${STRONG} `.repeat(5), policy(), owner);
    expect(huge.problems).toContain('Use at most 128 characters.');
  });

  it('refuses the examples of the issue: a repeated character, a digit run and the person’s own email', async () => {
    for (const password of ['aaaaaaaaaaaa', '12345678901234', owner.email]) {
      const result = await checkPassword(password, DEFAULT_PASSWORD_POLICY, owner);
      expect(result.problems.length, password).toBeGreaterThan(0);
    }
    const repeated = await checkPassword('aaaaaaaaaaaa', DEFAULT_PASSWORD_POLICY, owner);
    expect(repeated.score).toBeLessThan(3);
    expect(repeated.problems.join(' ')).toMatch(/too easy to guess/);
    const email = await checkPassword(owner.email, DEFAULT_PASSWORD_POLICY, owner);
    expect(email.problems).toContain('A password must not contain your email address.');
  });

  it('weighs the strength against the minimum score, zxcvbn deciding', async () => {
    const weak = 'Summer2024!!';
    const low = await checkPassword(weak, policy({ minScore: 4 }), {});
    expect(low.score).toBeLessThan(4);
    expect(low.problems.some((p) => p.includes('too easy to guess'))).toBe(true);
    const none = await checkPassword(weak, policy({ minScore: 0 }), {});
    expect(none.problems.some((p) => p.includes('too easy to guess'))).toBe(false);
  });

  it("counts the person's details as worthless for strength (user inputs)", async () => {
    // Strong for a stranger, but made of this person's own details.
    const password = 'acmepharmadana';
    const stranger = await checkPassword(password, policy({ minScore: 0 }), {});
    const own = await checkPassword(password, policy({ minScore: 0 }), owner);
    expect(own.score).toBeLessThan(stranger.score);
  });

  it('refuses the common passwords (case-insensitively)', async () => {
    const result = await checkPassword('PASSWORD1234', policy({ minScore: 0, minLength: 8 }), {});
    expect(result.problems).toContain('This password is one of the most common ones. Choose another.');
    expect(newPasswordSchema.safeParse('qwertyuiop').success).toBe(false);
  });
});

describe("the person's details", () => {
  it('finds the email, its local part, the name, its words and the tenant name, whatever the case', () => {
    expect(containedPersonalDetail('my DANA.WHITFIELD@acme-pharma.example!', owner)).toBe('your email address');
    expect(containedPersonalDetail('xx-dana.whitfield-yy', owner)).toBe('your email address');
    expect(containedPersonalDetail('correct WhitField battery', owner)).toBe('your name');
    expect(containedPersonalDetail('danawhitfield rocks', owner)).toBe('your email address');
    expect(containedPersonalDetail('I work at ACME pharma now', owner)).toBe("the tenant's name (Acme Pharma)");
    expect(containedPersonalDetail('pharmacy violet tugboat', owner)).toBe("the tenant's name (Acme Pharma)");
    expect(containedPersonalDetail(STRONG, owner)).toBeNull();
  });

  it('skips names shorter than 3 characters', () => {
    const short = { email: 'al@x.io', name: 'Al Wu', tenantNames: ['QA'] };
    expect(containedPersonalDetail('algebra quality wuthering', short)).toBeNull();
    expect(containedPersonalDetail('see al@x.io here', short)).toBe('your email address');
  });
});

describe('strictestPasswordPolicy', () => {
  it('takes the largest length, score and history, and the shortest maximum age', () => {
    const strictest = strictestPasswordPolicy([
      policy({ minLength: 14, minScore: 2, historyCount: 3, maxAgeDays: 365 }),
      policy({ minLength: 10, minScore: 4, historyCount: 10, maxAgeDays: null }),
      policy({ minLength: 12, minScore: 1, historyCount: 0, maxAgeDays: 90 }),
    ]);
    expect(strictest).toEqual({ minLength: 14, minScore: 4, historyCount: 10, maxAgeDays: 90 });
  });

  it('keeps no expiry when no tenant sets one, and gives the defaults without any membership', () => {
    expect(strictestPasswordPolicy([policy({ maxAgeDays: null }), policy({ minLength: 20 })]).maxAgeDays).toBeNull();
    expect(strictestPasswordPolicy([])).toEqual({ minLength: 12, minScore: 3, historyCount: 5, maxAgeDays: null });
  });

  it("reads a tenant's stored rules field by field over the defaults", () => {
    expect(tenantPasswordPolicy(undefined)).toEqual(DEFAULT_PASSWORD_POLICY);
    expect(tenantPasswordPolicy({ passwordPolicy: { minLength: 20 } })).toEqual({ ...DEFAULT_PASSWORD_POLICY, minLength: 20 });
  });
});

describe('expiry and wording', () => {
  it('expires a password only past a maximum age, and never without a record of when it was set', () => {
    const set = new Date('2026-01-01T00:00:00Z');
    expect(isPasswordExpired(set, 30, new Date('2026-01-30T00:00:00Z'))).toBe(false);
    expect(isPasswordExpired(set, 30, new Date('2026-02-01T00:00:00Z'))).toBe(true);
    expect(isPasswordExpired(set, null, new Date('2036-01-01T00:00:00Z'))).toBe(false);
    expect(isPasswordExpired(null, 30, new Date('2036-01-01T00:00:00Z'))).toBe(false);
  });

  it('states the rules in plain words', () => {
    expect(passwordRuleLines(policy({ minLength: 14, historyCount: 5 }))).toEqual([
      'At least 14 characters (a few unrelated words make a good one)',
      'Rated at least “Strong” by the strength meter',
      "Not your email address, your name or the tenant's name, and not a common password",
      'Not one of your last 5 passwords',
    ]);
    const sentence = passwordRulesSentence(policy({ minScore: 4, historyCount: 0 }));
    expect(sentence).toMatch(/at least 12 characters, rated at least “Very strong”/);
    expect(sentence).not.toMatch(/last/);
  });
});

import { describe, expect, it } from 'vitest';
import { signInCounter } from '@/lib/auth/policy';

const AT = 1_000_000;
const none = { ipUntil: null, accountUntil: null, deviceUntil: null };

describe('signInCounter', () => {
  it('counts against the email, and refuses while it is locked, without a trusted device', () => {
    expect(signInCounter(none, AT, false)).toEqual({ counter: 'account' });
    expect(signInCounter({ ...none, accountUntil: AT + 5 }, AT, false)).toEqual({ refuseUntil: AT + 5 });
    expect(signInCounter({ ...none, accountUntil: AT - 5 }, AT, false)).toEqual({ counter: 'account' });
  });

  it("lets a trusted device past the email's lock, counting against the device", () => {
    expect(signInCounter({ ...none, accountUntil: AT + 5 }, AT, true)).toEqual({ counter: 'device' });
  });

  it('treats a locked device as no device', () => {
    expect(signInCounter({ ...none, accountUntil: AT + 5, deviceUntil: AT + 9 }, AT, true)).toEqual({ refuseUntil: AT + 5 });
    expect(signInCounter({ ...none, deviceUntil: AT + 9 }, AT, true)).toEqual({ counter: 'account' });
  });

  it('refuses everyone behind a locked address, devices included', () => {
    expect(signInCounter({ ...none, ipUntil: AT + 7 }, AT, true)).toEqual({ refuseUntil: AT + 7 });
    expect(signInCounter({ ...none, ipUntil: AT + 7, accountUntil: AT + 9 }, AT, false)).toEqual({ refuseUntil: AT + 9 });
  });
});

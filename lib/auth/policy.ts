/**
 * Sign-in rules, pure: which counter a password attempt is taken from, or until when it is refused.
 *
 * - A locked IP address refuses everyone behind it.
 * - A trusted device (a valid device cookie of an earlier successful sign-in to this email, not itself
 *   locked) is not stopped by the email's lockout: its attempts count against the device.
 * - Everyone else counts against the email, and is refused while the email is locked.
 */
type SignInLocks = {
  /** When each active lock ends (epoch ms), or null when there is none. */
  ipUntil: number | null;
  accountUntil: number | null;
  deviceUntil: number | null;
};

type SignInCounter = { refuseUntil: number } | { counter: 'account' | 'device' };

export function signInCounter(locks: SignInLocks, at: number, hasDevice: boolean): SignInCounter {
  const active = (until: number | null): until is number => until !== null && until > at;
  if (active(locks.ipUntil)) return { refuseUntil: Math.max(locks.ipUntil, active(locks.accountUntil) ? locks.accountUntil : 0) };
  if (hasDevice && !active(locks.deviceUntil)) return { counter: 'device' };
  if (active(locks.accountUntil)) return { refuseUntil: locks.accountUntil };
  return { counter: 'account' };
}

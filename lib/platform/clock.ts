/**
 * The application's clock for expiry decisions made in code (token lifetimes, lockout windows).
 * Tests move it with `setClock`; everything else calls `now()`.
 */
let offsetMs = 0;
let fixed: Date | null = null;

export function now(): Date {
  return fixed ? new Date(fixed.getTime()) : new Date(Date.now() + offsetMs);
}

/** Tests only: freeze the clock at `at`, or move it by `advanceMs`, or reset with no argument. */
export function setClock(options?: { at?: Date; advanceMs?: number }): void {
  if (!options) {
    fixed = null;
    offsetMs = 0;
    return;
  }
  if (options.at) fixed = new Date(options.at.getTime());
  if (options.advanceMs) {
    if (fixed) fixed = new Date(fixed.getTime() + options.advanceMs);
    else offsetMs += options.advanceMs;
  }
}

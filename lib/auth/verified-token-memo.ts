import { now } from '@/lib/platform/clock';

/**
 * What a signed or encrypted token was found to say, remembered by the token's exact text until the token expires,
 * so a credential presented on every request is decrypted or verified once per process rather than per request
 * (decrypting an Auth.js session cookie costs about half a millisecond of CPU: key derivation and two WebCrypto
 * operations). Only tokens that passed their check are remembered; a token the memo does not hold is checked in
 * full, so a forged or altered token costs what it costs today, and it can never match a remembered one (the key is
 * the whole text). An entry is dropped at the token's own expiry by the application clock, and the memo is emptied
 * when `secret` changes. It remembers nothing about the session itself: revocation, expiry of the session row and
 * the person's access are read from the database on every request, as before. Expiry is judged by the later of the
 * real and the application clock, so the memo is never more lenient than a verifier reading either.
 *
 * Bounded: past `max` entries the oldest is dropped (a token presented again is simply checked again).
 */
export class VerifiedTokenMemo<V> {
  private readonly entries = new Map<string, { value: V; expiresAtMs: number }>();
  private secret: string | null = null;

  constructor(private readonly max: number) {}

  /** The remembered outcome for exactly this token under this secret, if it has not expired. */
  get(token: string, secret: string): V | undefined {
    if (secret !== this.secret) return undefined;
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= latestNow()) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.value;
  }

  /** Remember a token that passed its check, until `expiresAtMs` (the token's own expiry). */
  set(token: string, secret: string, value: V, expiresAtMs: number): void {
    if (!Number.isFinite(expiresAtMs) || expiresAtMs <= latestNow()) return;
    if (secret !== this.secret) {
      this.entries.clear();
      this.secret = secret;
    }
    if (!this.entries.has(token) && this.entries.size >= this.max) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, { value, expiresAtMs });
  }

  get size(): number {
    return this.entries.size;
  }
}

const latestNow = () => Math.max(Date.now(), now().getTime());

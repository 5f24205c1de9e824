/**
 * When a rotation is safe. A rotation makes the `next` key sign; every downstream verifier must have fetched the JWKS
 * since that key was published, or it meets a token under a kid it does not know. The slowest path from publication
 * to a verifier: another Custos instance's key cache (30 s), the JWKS answer's HTTP cache (`max-age=60`), and
 * jose's createRemoteJWKSet cooldown before it refetches on an unknown kid (30 s). So the next key must have been
 * published at least two minutes before it starts signing; `--force` skips the check (a key known to be compromised).
 */
export const NEXT_KEY_MIN_AGE_MS = 2 * 60 * 1000;

/** Why rotating now would outrun downstream verifiers, or null when it may go ahead. */
export function rotationTooSoonProblem(next: { createdAt: Date } | undefined, at: Date): string | null {
  if (!next) return null;
  const age = at.getTime() - next.createdAt.getTime();
  if (age >= NEXT_KEY_MIN_AGE_MS) return null;
  const wait = Math.ceil((NEXT_KEY_MIN_AGE_MS - age) / 1000);
  return (
    `The next signing key was published ${Math.max(0, Math.floor(age / 1000))} s ago; downstream verifiers may not have it yet. ` +
    `Rotate again in ${wait} s, or pass --force if the active key must stop signing now.`
  );
}

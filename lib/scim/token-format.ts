import { randomBytes, timingSafeEqual } from 'node:crypto';
import { hashToken } from '@/lib/auth/one-time-token';

/**
 * SCIM token format: `scim_<prefix>_<secret>`. The prefix (10 base32 characters) is public: it names the token in
 * lists, the trail and the rate limit. The secret (32 random bytes, base64url) is never stored: the row keeps the
 * SHA-256 of the whole token, and the token is found by that hash.
 */
const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const PREFIX_LENGTH = 10;
const TOKEN_PATTERN = /^scim_([a-z2-7]{10})_([A-Za-z0-9_-]{43,})$/;

export function generateScimToken(): { token: string; prefix: string; hash: string } {
  let prefix = '';
  for (const byte of randomBytes(PREFIX_LENGTH)) prefix += PREFIX_ALPHABET[byte & 31];
  const token = `scim_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { token, prefix, hash: hashToken(token) };
}

/** The prefix of a well-formed token, or null. */
export function parseScimToken(token: string): { prefix: string } | null {
  const match = TOKEN_PATTERN.exec(token);
  return match ? { prefix: match[1] } : null;
}

/** Compare the presented token's hash with the stored one in constant time. */
export function scimTokenMatches(token: string, storedHash: string): boolean {
  const presented = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

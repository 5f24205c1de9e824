import { randomBytes, timingSafeEqual } from 'node:crypto';
import { hashToken } from '@/lib/auth/one-time-token';

/**
 * API key format: `ck_<prefix>_<secret>`. The prefix (10 base32 characters, public, unique) finds the
 * row; the secret (32 random bytes, base64url) is never stored: the row keeps the SHA-256 of the whole key.
 */
const API_KEY_MARK = 'ck_';
const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const PREFIX_LENGTH = 10;
const KEY_PATTERN = /^ck_([a-z2-7]{8,10})_([A-Za-z0-9_-]{43,})$/;

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const bytes = randomBytes(PREFIX_LENGTH);
  let prefix = '';
  for (const byte of bytes) prefix += PREFIX_ALPHABET[byte & 31];
  const key = `${API_KEY_MARK}${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashToken(key) };
}

/** The prefix of a well-formed key, or null. */
export function parseApiKey(key: string): { prefix: string } | null {
  const match = KEY_PATTERN.exec(key);
  return match ? { prefix: match[1] } : null;
}

/** Compare the presented key's hash with the stored one in constant time. */
export function apiKeyMatches(key: string, storedHash: string): boolean {
  const presented = Buffer.from(hashToken(key), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

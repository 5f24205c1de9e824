import { describeSigningKeys, RETIRED_KEY_PUBLISHED_MS, rotateSigningKeys } from './signing-keys';
import type { SigningKeyStatus } from './signing-keys';
import { now } from '@/lib/platform/clock';

/**
 * `npm run keys:rotate` (`npm run cli -- rotate-signing-keys`): rotates the signing keys and says what it did, one
 * line per published key. With `dryRun` nothing changes and it says what a rotation would do.
 */
export async function rotateSigningKeysReport(options: { dryRun?: boolean } = {}): Promise<string> {
  if (options.dryRun) return dryRunReport(await describeSigningKeys());
  const rotated = await rotateSigningKeys();
  const keys = await describeSigningKeys();
  const lines = ['Rotated the signing keys (ES256):', ...keys.map((key) => line(key, rotated))];
  lines.push('Other servers pick the rotation up within 30 s; until then they sign with the retired key, which stays published.');
  return lines.join('\n');
}

function line(key: SigningKeyStatus, rotated: { active: string; next: string }): string {
  const warning = key.usable ? '' : ' — does not open under this AUTH_SECRET';
  switch (key.state) {
    case 'active':
      return `  active   ${key.kid}  signs from now${key.kid === rotated.active ? ' (was next)' : ''}${warning}`;
    case 'next':
      return `  next     ${key.kid}  published, signs from the next rotation${key.kid === rotated.next ? ' (new)' : ''}${warning}`;
    case 'retired':
      return `  retired  ${key.kid}  published until ${key.retireUntil?.toISOString() ?? '?'}, then deleted${warning}`;
  }
}

function dryRunReport(keys: SigningKeyStatus[]): string {
  const active = keys.find((key) => key.state === 'active' && key.usable);
  const next = keys.find((key) => key.state === 'next' && key.usable);
  const until = new Date(now().getTime() + RETIRED_KEY_PUBLISHED_MS).toISOString();
  if (!active || !next) {
    return 'Dry run: there is no usable active and next key yet; a rotation would make them first (as the first use does), then rotate.';
  }
  return [
    'Dry run: a rotation would',
    `  retire   ${active.kid}  (published until about ${until}, then deleted)`,
    `  activate ${next.kid}  (published since it was made)`,
    '  and publish a new next key.',
  ].join('\n');
}

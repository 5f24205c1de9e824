import { now } from '@/lib/platform/clock';
import { rotationTooSoonProblem } from './policy';
import { describeSigningKeys, rotateAndDescribeSigningKeys } from './signing-keys';
import type { SigningKeyRotation, SigningKeyStatus } from './signing-keys';

/**
 * `npm run keys:rotate` (`npm run cli -- rotate-signing-keys`): rotates the signing keys and says what it did, one
 * line per key in the table. With `dryRun` the rotation runs in a transaction that is rolled back: the same lines,
 * exactly what a rotation would leave now, and nothing changes. A rotation less than two minutes after the last one is
 * refused unless `force` (lib/keys/policy.ts says why).
 */
export async function rotateSigningKeysReport(options: { dryRun?: boolean; force?: boolean } = {}): Promise<string> {
  if (!options.force) {
    const problem = rotationTooSoonProblem(
      (await describeSigningKeys()).find((key) => key.state === 'next'),
      now(),
    );
    if (problem) throw new RotationTooSoon(problem);
  }
  const { rotation, keys } = await rotateAndDescribeSigningKeys({ dryRun: options.dryRun });
  if (options.dryRun) {
    return ['Dry run: a rotation now would leave these keys (nothing was changed):', ...keys.map((key) => line(key, rotation))].join('\n');
  }
  return [
    'Rotated the signing keys (ES256):',
    ...keys.map((key) => line(key, rotation)),
    'Other servers pick the rotation up within 30 s; until then they sign with the retired key, which stays published.',
  ].join('\n');
}

function line(key: SigningKeyStatus, rotation: SigningKeyRotation): string {
  const warning = key.usable ? '' : ' — does not open under this AUTH_SECRET';
  switch (key.state) {
    case 'active':
      return `  active   ${key.kid}  signs from now${key.kid === rotation.active ? ' (was next)' : ''}${warning}`;
    case 'next':
      return `  next     ${key.kid}  published, signs from the next rotation${key.kid === rotation.next ? ' (new)' : ''}${warning}`;
    case 'retired':
      return `  retired  ${key.kid}  published until ${key.retireUntil?.toISOString() ?? '?'}, then deleted${warning}`;
  }
}

/** A rotation refused because the next key is too young for downstream verifiers (the CLI prints the message). */
export class RotationTooSoon extends Error {}

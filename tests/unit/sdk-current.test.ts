import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSdkTypes, SDK_TYPES_FILE } from '@/scripts/sdk-types';

// The committed SDK types are what `npm run sdk` writes from the routes as they are now.
describe('sdk/schema.d.ts', () => {
  it('is current: run `npm run sdk` after changing a route or schema', async () => {
    const committed = readFileSync(path.resolve(import.meta.dirname, '../..', SDK_TYPES_FILE), 'utf8');
    const generated = await generateSdkTypes();
    // Compared line by line, so a failure names the first lines that differ.
    const first = generated.split('\n').findIndex((line, i) => line !== committed.split('\n')[i]);
    expect(
      first === -1
        ? ''
        : generated
            .split('\n')
            .slice(Math.max(0, first - 2), first + 3)
            .join('\n'),
    ).toBe('');
    expect(committed).toBe(generated);
  }, 120_000);
});

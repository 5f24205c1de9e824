import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLATFORM_ACTIONS } from '@/lib/platform-admin/labels';

// The platform console's action filter (PLATFORM_ACTIONS) offers every action written to the platform trail: those
// given to recordPlatformAudit, and the second-factor changes given to recordFactorChange (which writes them there).

const root = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

/** `action: '<x>'` literals inside each call of the platform recorders (the call's text up to its closing parenthesis). */
function platformActions(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of [...sourceFiles(path.join(root, 'lib')), path.join(root, 'auth.ts')]) {
    if (file.endsWith(path.join('lib', 'audit', 'record.ts')) || file.endsWith(path.join('lib', 'auth', 'mfa', 'notify.ts'))) continue;
    const text = readFileSync(file, 'utf8');
    for (const call of text.matchAll(/\b(?:recordPlatformAudit|recordFactorChange)\(/g)) {
      let depth = 0;
      let end = call.index + call[0].length - 1;
      for (; end < text.length; end++) {
        if (text[end] === '(') depth++;
        else if (text[end] === ')' && --depth === 0) break;
      }
      for (const [, action] of text.slice(call.index, end).matchAll(/action:\s*'([a-z_]+\.[a-z_]+)'/g)) {
        found.set(action, path.relative(root, file));
      }
    }
  }
  return found;
}

describe('the platform trail’s action filter', () => {
  it('finds the platform recorders’ actions', () => {
    const actions = platformActions();
    expect(actions.size).toBeGreaterThan(25);
    expect(actions.get('user.deactivated')).toBe(path.join('lib', 'platform-admin', 'deactivate-user.ts'));
    expect(actions.get('user.second_factor_failed')).toBe(path.join('lib', 'auth', 'mfa', 'verify-code.ts'));
  });

  it('offers every action written to the platform trail', () => {
    const offered = new Set<string>(PLATFORM_ACTIONS);
    const missing = [...platformActions()].filter(([action]) => !offered.has(action)).map(([action, file]) => `${action} (${file})`);
    expect(missing).toEqual([]);
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Rules live once (ARCHITECTURE.md): who may grant what, who may manage whom, the last-admin rule, which moves a
 * person may make, segregation of duties, release blockers and seats are pure functions in lib/<domain>/policy.ts.
 * Pages and components load facts and call those functions; they never restate a rule. This test reads every file
 * under app/ and components/ and fails on the shapes a restated rule takes, naming file and line.
 */
const root = path.resolve(import.meta.dirname, '../..');

const BATCH_STATUS = '(?:planned|in_production|quarantined|under_review|released|rejected|recalled)';

type Rule = { name: string; pattern: RegExp; why: string };

const RULES: Rule[] = [
  {
    name: 'holds-all arithmetic',
    pattern:
      /\.every\(\s*\(?\s*(\w+)\s*\)?\s*=>\s*!?\s*(?:can|held|holds|mine|own|granted|permissions|viewerPermissions)\w*\.(?:has|includes)\(\s*\1\s*\)/,
    why: 'whether someone holds a set of permissions is lib/access/policy.ts',
  },
  {
    name: 'system-key grant rule',
    pattern:
      /includes\(\s*':'\s*\)[^\n;]*(?:\.has|\.includes)\(\s*'systems\.manage'|(?:\.has|\.includes)\(\s*'systems\.manage'\s*\)[^\n;]*includes\(\s*':'\s*\)/,
    why: 'who may grant a system key is lib/access/policy.ts',
  },
  {
    name: 'appointed permissions',
    pattern: /APPOINTED_PERMISSIONS|'batches\.release'[^\n]*'inspections\.approve'/,
    why: 'the appointment exception is lib/access/policy.ts',
  },
  {
    name: 'involvement in a record',
    pattern:
      /performedBy(?:\??\.id)?\s*[!=]==|[!=]==\s*[\w.?]*performedBy\b|reviewedBy(?:\??\.id)?\s*[!=]==|[!=]==\s*[\w.?]*reviewedBy\b|actor(?:\??\.id)\s*===\s*viewer/,
    why: 'who took part in a batch or inspection (segregation of duties) is lib/quality/policy.ts',
  },
  {
    name: 'lifecycle move arithmetic',
    pattern: /\b\w+\.from\s*[!=]==|moves\.(?:some|filter|find|every)\(\s*\(?\s*\w+\s*\)?\s*=>\s*\w+\.(?:from|to)\s*[!=]==/,
    why: 'which moves a record may make, and who may make them, is the domain policy (lib/quality/policy.ts, lib/serials/policy.ts)',
  },
  {
    name: 'batch status gate',
    pattern: new RegExp(
      `status\\s*[!=]==\\s*'${BATCH_STATUS}'\\s*(?:&&|\\|\\|)|(?:&&|\\|\\|)\\s*[\\w.?]*status\\s*[!=]==\\s*'${BATCH_STATUS}'`,
    ),
    why: 'what a batch in a status allows (corrections, inspections, release) is lib/quality/policy.ts',
  },
  {
    name: 'seat arithmetic',
    pattern: /\.used\s*[<>]=?\s*[\w.?]*\.limit|\.limit\s*[<>]=?\s*[\w.?]*\.used|\.limit\s*-\s*[\w.?]*\.used/,
    why: 'how seats count and whether one is free is lib/invitations/policy.ts',
  },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

function violations(source: string): Array<{ line: number; rule: string; text: string }> {
  const found: Array<{ line: number; rule: string; text: string }> = [];
  source.split('\n').forEach((text, i) => {
    if (/^\s*(\/\/|\*|\/\*)/.test(text)) return; // comments may name a rule
    for (const rule of RULES) if (rule.pattern.test(text)) found.push({ line: i + 1, rule: rule.name, text: text.trim() });
  });
  return found;
}

describe('rules live once: no rule restated in app/ or components/', () => {
  it('recognises each shape a restated rule takes (so the sweep below can fail)', () => {
    const restated = [
      'const blocked = !role.permissions.every((p) => can.has(p));',
      "const mayGrant = held.has(permission) || (permission.includes(':') && held.has('systems.manage'));",
      "if (inspections.some((i) => i.performedBy.id === viewer.userId)) involvement.push('x');",
      "if (b.history.some((h) => h.to === 'in_production' && h.actor.id === viewer.userId)) x();",
      'const moves = lifecycle.filter((m) => m.from === b.status && can.has(m.permission));',
      "{can.has('inspections.perform') && b.status !== 'released' && b.status !== 'rejected' ? <A /> : null}",
      'const full = seats !== null && seats.limit !== null && seats.used >= seats.limit;',
      "const appointed = new Set(['batches.release', 'inspections.approve']);",
    ];
    for (const line of restated) expect(violations(line), line).not.toEqual([]);
    const fine = [
      'const allShown = rows.every((r) => selected.has(r.serial));',
      '<Badge tone={tone}>{BATCH_STATUS[b.status].label}</Badge>',
      'const decision = mayManageMember(viewer, member);',
    ];
    for (const line of fine) expect(violations(line), line).toEqual([]);
  });

  const files = [...sourceFiles(path.join(root, 'app')), ...sourceFiles(path.join(root, 'components'))];

  it('finds files to read', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(files.map((f) => path.relative(root, f)))('%s restates no rule', (file) => {
    const found = violations(readFileSync(path.join(root, file), 'utf8'));
    expect(found.map((v) => `${file}:${v.line} ${v.rule} (${RULES.find((r) => r.name === v.rule)?.why}): ${v.text}`)).toEqual([]);
  });
});

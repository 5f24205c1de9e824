// `npm run audit:prod`: `npm audit --omit=dev`, failing on a high or critical advisory of a production dependency
// unless docs/audit-exceptions.md lists it (its GHSA id, with the reason, on a line of its own).
// Exit 0: none outside the exceptions · 1: some (listed) · 2: the audit itself failed (e.g. the registry's
// advisory endpoint is unreachable: an offline machine or a read-only mirror) — never read as "no advisories".
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const exceptionsFile = path.join(root, 'docs/audit-exceptions.md');
const excepted = new Set(
  (readFileSync(exceptionsFile, 'utf8').match(/GHSA-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}/gi) ?? []).map((id) => id.toUpperCase()),
);

const npm = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
let report;
try {
  report = JSON.parse(npm.stdout);
} catch {
  console.error(`npm audit gave no report (exit ${npm.status}):\n${npm.stderr || npm.stdout}`);
  process.exit(2);
}
if (!report.vulnerabilities) {
  const why = report.error?.summary || report.message || JSON.stringify(report).slice(0, 300);
  console.error(`npm audit could not run: ${why}`);
  process.exit(2);
}

const findings = [];
for (const [name, v] of Object.entries(report.vulnerabilities)) {
  for (const via of v.via) {
    // A string names another vulnerable package this one depends on; that package has its own entry.
    if (typeof via === 'string' || !['high', 'critical'].includes(via.severity)) continue;
    const id = (via.url?.match(/GHSA-[0-9a-z-]+/i)?.[0] ?? String(via.source)).toUpperCase();
    findings.push({
      id,
      name,
      severity: via.severity,
      title: via.title,
      range: via.range,
      fix: v.fixAvailable,
      excepted: excepted.has(id),
    });
  }
}
const open = findings.filter((f) => !f.excepted);
const counts = report.metadata?.vulnerabilities ?? {};
console.log(
  `npm audit --omit=dev: ${
    Object.entries(counts)
      .filter(([k, n]) => k !== 'total' && n)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ') || 'no advisories'
  }; ` + `high/critical: ${findings.length} (${findings.length - open.length} listed in docs/audit-exceptions.md)`,
);
for (const f of findings) {
  const fix =
    f.fix === true
      ? 'fix: npm audit fix'
      : f.fix
        ? `fix: ${f.fix.name}@${f.fix.version}${f.fix.isSemVerMajor ? ' (major)' : ''}`
        : 'no fix';
  console.log(`${f.excepted ? '  excepted' : '  OPEN    '}  ${f.severity.padEnd(8)} ${f.id}  ${f.name} ${f.range}: ${f.title} (${fix})`);
}
process.exit(open.length ? 1 : 0);

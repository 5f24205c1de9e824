// `npm run bench`: every benchmark in sequence, each printing its figures as it runs, then one report of them all in
// tests/bench/REPORT.md with the machine, the date and the commit (issue 9, "Benchmarks"). Asserts nothing.
//
// Each bench runs as its own process (`npm run bench:<name>`) on a fresh, empty PostgreSQL database made for it (each
// bench migrates it and adds what it needs) and dropped after it (BENCH_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres); bench:http makes its own.
// Sizes are the benches' own defaults (the issue sizes: 1,000,000 audit events, 1,000,000 serials) unless set by
// their env (AUDIT_BENCH_EVENTS, SERIALS_BENCH_COUNT, HTTP_BENCH_SECONDS, …), which is passed through and noted.
// BENCH_ONLY=audit,http runs some of them (the others are listed as not run); BENCH_NOTE adds a line to the report;
// BENCH_COMMIT names the commit when running from an export of it (no .git). The hand-written goals section of the
// existing report (between the GOALS_START and GOALS_END markers) is kept as it is, after the run's header.
import { execSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

const BENCHES = [
  { name: 'authorize', title: 'Authorization (issue 4): evaluator vs casbin, authorize over HTTP, SQL round trips' },
  { name: 'audit', title: 'Audit trail (issue 6): concurrent writers, verification and export of the chain' },
  { name: 'serials', title: 'Serials (issue 8): generation job vs COPY, peak memory' },
  { name: 'serials-pglite', script: 'serials', title: 'Serials (issue 8) on PGlite, the embedded default: job vs COPY, peak memory' },
  { name: 'sign-in', title: 'Sign-in (argon2id cost, sign-ins per second)' },
  { name: 'tokens', title: 'Tokens (issue 19): ES256 signing by Custos and its OpenID Provider against bare jose with the same key' },
  { name: 'webhooks', title: 'Webhooks (issue 20): events from change to delivery, 1 and 10 endpoints, and the idle delay' },
  { name: 'http', title: 'HTTP (issue 9): production build under autocannon' },
] as const satisfies ReadonlyArray<{ name: string; title: string; script?: string }>;
const SIZE_ENV = [
  'AUDIT_BENCH_EVENTS',
  'AUDIT_BENCH_WRITERS',
  'AUDIT_BENCH_WRITES',
  'AUDIT_BENCH_BATCH',
  'AUDIT_BENCH_VERIFY_RUNS',
  'SERIALS_BENCH_COUNT',
  'BENCH_SECTIONS',
  'HTTP_BENCH_SECONDS',
  'HTTP_BENCH_CONNECTIONS',
  'HTTP_BENCH_WARMUP_SECONDS',
  'HTTP_BENCH_USERS',
  'TOKENS_BENCH_MS',
  'TOKENS_BENCH_CALLERS',
  'E2E_STANDALONE_DIR',
];

const root = path.resolve(import.meta.dirname, '../..');
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : null;
const adminUrl = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// eslint-disable-next-line no-control-regex -- ESC starts the terminal colour codes this strips
const ansi = /\x1b\[[0-9;]*[A-Za-z]/g;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const minutes = (ms: number) => (ms < 90_000 ? `${fmt(ms / 1000, 0)} s` : `${fmt(ms / 60_000, 1)} min`);
const git = (args: string) => {
  try {
    return execSync(`git ${args}`, { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};

type Outcome = {
  name: string;
  title: string;
  command: string;
  status: 'ok' | 'failed' | 'not run';
  ms: number;
  output: string;
  note?: string;
};

function run(script: string, env: NodeJS.ProcessEnv, echo = true): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '-s', script], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (chunk: Buffer, to: NodeJS.WriteStream) => {
      if (echo) to.write(chunk);
      output += String(chunk);
    };
    child.stdout.on('data', (c: Buffer) => take(c, process.stdout));
    child.stderr.on('data', (c: Buffer) => take(c, process.stderr));
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function main() {
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const [{ server_version: pgVersion }] = await admin<{ server_version: string }[]>`show server_version`;
  const outcomes: Outcome[] = [];
  try {
    for (const bench of BENCHES) {
      const script = 'script' in bench ? bench.script : bench.name;
      const embedded = bench.name.endsWith('-pglite');
      const command = `npm run bench:${script}${embedded ? ' (no DATABASE_URL: PGlite in memory)' : ''}`;
      if (only && !only.has(bench.name)) {
        outcomes.push({ ...bench, command, status: 'not run', ms: 0, output: '', note: `not in BENCH_ONLY=${process.env.BENCH_ONLY}` });
        continue;
      }
      console.log(`\n━━━ ${command} ━━━`);
      const env: NodeJS.ProcessEnv = { ...process.env };
      let dbName: string | null = null;
      if (embedded) {
        delete env.DATABASE_URL;
        env.PGLITE_DIR = 'memory://';
      } else if (bench.name !== 'http') {
        dbName = `custos_bench_${bench.name.replace('-', '_')}_${randomUUID().slice(0, 8)}`;
        await admin.unsafe(`create database ${dbName}`);
        const url = new URL(adminUrl);
        url.pathname = `/${dbName}`;
        // Empty: every bench migrates the database it is given (and adds what it needs) itself.
        env.DATABASE_URL = url.toString();
      } else {
        env.HTTP_BENCH_ADMIN_URL ??= adminUrl;
        delete env.DATABASE_URL;
      }
      const t0 = performance.now();
      try {
        const { code, output } = await run(`bench:${script}`, env);
        outcomes.push({
          ...bench,
          command,
          status: code === 0 ? 'ok' : 'failed',
          ms: performance.now() - t0,
          output,
          note: code === 0 ? undefined : `exit code ${code}`,
        });
      } finally {
        if (dbName) await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch((e) => console.error(`drop ${dbName}:`, e));
      }
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
  const loadAfter = os.loadavg();
  const cpus = os.cpus();
  // BENCH_COMMIT: run from an export of a commit (`git archive`), which has no .git to ask.
  const commit = process.env.BENCH_COMMIT ?? git('rev-parse HEAD');
  const dirty = process.env.BENCH_COMMIT
    ? ' (an export of this commit, built and run outside the shared checkout)'
    : git('status --porcelain --untracked-files=no')
      ? ' (the working tree also held uncommitted changes)'
      : '';
  const sizes = SIZE_ENV.filter((k) => process.env[k]).map((k) => `${k}=${process.env[k]}`);
  const md: string[] = [
    '# Benchmark report',
    '',
    'Written by `npm run bench` (tests/bench/report.ts): every benchmark of tests/bench in sequence, each on a fresh',
    'PostgreSQL database (the serials bench also on an in-memory PGlite). Figures are printed by the benches themselves and copied here unchanged; nothing is asserted.',
    '',
    '| | |',
    '| --- | --- |',
    `| date | ${startedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC (run took ${minutes(Date.now() - startedAt.getTime())}) |`,
    `| commit | \`${commit}\`${dirty} |`,
    `| CPU | ${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} cores |`,
    `| memory | ${fmt(os.totalmem() / 1024 ** 3, 1)} GiB |`,
    `| OS | ${os.type()} ${os.release()} (${os.arch()}) |`,
    `| Node | ${process.version} |`,
    `| PostgreSQL | ${pgVersion} (local, ${new URL(adminUrl).host}) |`,
    `| load average (1 min) | ${fmt(loadBefore[0], 2)} at the start, ${fmt(loadAfter[0], 2)} at the end |`,
    `| sizes | ${sizes.length ? sizes.map((s) => `\`${s}\``).join(', ') : 'the benches’ defaults (the issue sizes)'} |`,
    '',
    'The machine was shared: other engineers were building and testing on the same cores while this ran, so',
    'absolute figures are lower and noisier than on an idle machine; ratios measured within one bench (evaluator ÷',
    'casbin, job ÷ COPY, endpoint ÷ /api/health) are the figures to compare.',
    ...(process.env.BENCH_NOTE ? ['', process.env.BENCH_NOTE] : []),
    '',
    '| bench | status | time |',
    '| --- | --- | --- |',
    ...outcomes.map(
      (o) => `| \`${o.command}\` | ${o.status}${o.note ? ` (${o.note})` : ''} | ${o.status === 'not run' ? '—' : minutes(o.ms)} |`,
    ),
  ];
  for (const o of outcomes) {
    md.push('', `## ${o.title}`, '', `\`${o.command}\` · ${o.status}${o.note ? ` (${o.note})` : ''}`);
    if (o.status === 'not run') continue;
    const text = o.output
      .replace(ansi, '')
      .split('\n')
      // Progress lines ("  … 203,000 events inserted (2,203 /s)") are for the terminal; the report keeps the results.
      .filter((line) => !/^npm (warn|notice)/.test(line) && !/^\s*… [\d,]+ /.test(line))
      .join('\n')
      .trim();
    md.push('', '```text', text, '```');
  }
  const file = path.join(root, 'tests/bench/REPORT.md');
  const goals = handWrittenGoals(file);
  if (goals) md.splice(md.indexOf('| bench | status | time |'), 0, goals, '');
  writeFileSync(file, `${md.join('\n')}\n`);
  console.log(`\n${path.relative(root, file)} written: ${outcomes.map((o) => `${o.name} ${o.status}`).join(', ')}`);
  if (outcomes.some((o) => o.status === 'failed')) process.exitCode = 1;
}

const GOALS_START = '<!-- goals: written by hand, kept by npm run bench -->';
const GOALS_END = '<!-- end of goals -->';

/** The report's hand-written goals section with its markers, or null: a run rewrites its own figures, never that. */
function handWrittenGoals(file: string): string | null {
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(GOALS_START);
  const end = text.indexOf(GOALS_END, start);
  return start >= 0 && end > start ? text.slice(start, end + GOALS_END.length) : null;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

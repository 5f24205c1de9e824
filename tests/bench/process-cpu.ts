// CPU time of the three parties of an HTTP bench on one machine, read from Linux's /proc: the server process (all its
// threads: V8's main thread, libuv's pool, GC helpers — more than a V8 profile sees), PostgreSQL (every process named
// `postgres`, plus what the postmaster has reaped of backends that ended), and this process (autocannon). Elsewhere
// than Linux every figure is null and the bench prints none.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export type CpuSnapshot = { serverMs: number; postgresMs: number; benchMs: number } | null;

let ticksPerSecond: number | null = null;
function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** utime, stime, cutime, cstime (clock ticks) and the command name of one process, or null when it is gone. */
function readStat(pid: string | number): { comm: string; own: number; reaped: number } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The name is in parentheses and may hold spaces; the fields after it are space-separated, the 3rd of the line first.
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const fields = text.slice(close + 2).split(' ');
  // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
  return { comm, own: Number(fields[11]) + Number(fields[12]), reaped: Number(fields[13]) + Number(fields[14]) };
}

/** PostgreSQL's CPU so far: its live processes' own time, plus the postmaster's reaped children (ended backends). */
function postgresTicks(): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (entry.charCodeAt(0) < 48 || entry.charCodeAt(0) > 57) continue;
    const stat = readStat(entry);
    if (!stat || !stat.comm.startsWith('postgres')) continue;
    ticks += stat.own + stat.reaped;
  }
  return ticks;
}

export function cpuSnapshot(serverPid: number | undefined): CpuSnapshot {
  if (process.platform !== 'linux' || !serverPid) return null;
  const server = readStat(serverPid);
  if (!server) return null;
  const msPerTick = 1000 / clockTicks();
  const bench = process.cpuUsage();
  return {
    serverMs: server.own * msPerTick,
    postgresMs: postgresTicks() * msPerTick,
    benchMs: (bench.user + bench.system) / 1000,
  };
}

/** CPU spent between two snapshots, per party. */
export function cpuSpent(before: CpuSnapshot, after: CpuSnapshot): CpuSnapshot {
  if (!before || !after) return null;
  return {
    serverMs: after.serverMs - before.serverMs,
    postgresMs: after.postgresMs - before.postgresMs,
    benchMs: after.benchMs - before.benchMs,
  };
}

export function addCpu(a: CpuSnapshot, b: CpuSnapshot): CpuSnapshot {
  if (!a) return b;
  if (!b) return a;
  return { serverMs: a.serverMs + b.serverMs, postgresMs: a.postgresMs + b.postgresMs, benchMs: a.benchMs + b.benchMs };
}

/**
 * What the scale-out and soak benchmarks read from /proc (Linux): a process's CPU time and resident
 * memory, the machine's busy time, and which PostgreSQL processes are ours. Read from outside the
 * processes, so the servers and workers run unmodified production builds that report nothing themselves.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type pg from 'pg';

/** USER_HZ: the unit of /proc's CPU times; 100 on every Linux build this runs on (getconf CLK_TCK). */
const TICKS_PER_S = 100;

/** User + system CPU seconds of `pid` so far; 0 once it has exited (its time is then lost to us). */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: fields are counted from after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  } catch {
    return 0;
  }
}

/** Resident memory of `pid` in MiB (VmRSS), or NaN when it is not running. */
export function rssMiB(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kib ? Number(kib) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU seconds the whole machine spent busy and in all (every core), from /proc/stat's first line. */
export function machineSeconds(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.split(/\s+/).slice(1, 9).map(Number);
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { busy: busy / TICKS_PER_S, total: (busy + idle! + iowait!) / TICKS_PER_S };
}

export const CORES = cpus().length;

/**
 * The PostgreSQL processes that work for this benchmark: the backends connected to its database and
 * the server's own background processes (WAL writer, checkpointer, autovacuum…), which our commits
 * keep busy. Backends of other databases (other runs sharing the server) are left out.
 */
export async function postgresPids(client: pg.Client): Promise<number[]> {
  const { rows } = await client.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity
     WHERE datname = current_database() OR backend_type NOT IN ('client backend', 'autovacuum worker')`,
  );
  return rows.map((r) => r.pid);
}

/**
 * Named groups of processes, their members read at each snapshot (a restarted server has a new pid).
 * Cores each group used between two snapshots (CPU seconds ÷ wall seconds), plus "rest of machine":
 * what the machine was busy with beyond the groups (other runs on a shared machine), and "idle".
 * A process that started in between counts from zero; one that exited in between is missed.
 */
export function cpuMeter(groups: Record<string, () => number[] | Promise<number[]>>) {
  const snap = async () => {
    const byPid = new Map<number, number>();
    const members: Record<string, number[]> = {};
    for (const [name, pids] of Object.entries(groups)) {
      members[name] = await pids();
      for (const pid of members[name]) byPid.set(pid, cpuSeconds(pid));
    }
    return { at: performance.now(), machine: machineSeconds(), byPid, members };
  };
  return {
    snap,
    cores(from: Awaited<ReturnType<typeof snap>>, to: Awaited<ReturnType<typeof snap>>) {
      const wall = (to.at - from.at) / 1000;
      const out: Record<string, number> = {};
      let ours = 0;
      for (const name of Object.keys(groups)) {
        const used = to.members[name]!.reduce(
          (sum, pid) => sum + to.byPid.get(pid)! - (from.byPid.get(pid) ?? 0),
          0,
        );
        out[name] = used / wall;
        ours += used;
      }
      const busy = to.machine.busy - from.machine.busy;
      out['rest of machine'] = Math.max(0, busy - ours) / wall;
      out.idle = (to.machine.total - from.machine.total - busy) / wall;
      return out;
    },
  };
}

import { readdir, readFile } from 'node:fs/promises';

/** A running process as `/proc` shows it to any user of the machine. */
export interface ProcessInfo {
  readonly pid: number;
  /** The command line's arguments (`/proc/<pid>/cmdline`, NUL-separated). */
  readonly argv: readonly string[];
}

/** The parent's pid from `/proc/<pid>/stat`: the field after `(comm) state`. */
function parentPid(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[1]);
}

/**
 * Every process below `ancestor` (children, grandchildren, …), with its command line, read from
 * `/proc` (Linux). Processes that end while it reads are left out.
 */
export async function descendantProcesses(ancestor = process.pid): Promise<ProcessInfo[]> {
  const parents = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => undefined);
    if (stat !== undefined) parents.set(Number(entry), parentPid(stat));
  }
  const isDescendant = (pid: number): boolean => {
    // Bounded by the number of processes: a pid's ancestry cannot be longer.
    let current = parents.get(pid);
    for (let steps = 0; current !== undefined && steps < parents.size; steps += 1) {
      if (current === ancestor) return true;
      current = parents.get(current);
    }
    return false;
  };
  const result: ProcessInfo[] = [];
  for (const pid of parents.keys()) {
    if (!isDescendant(pid)) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`).catch(() => undefined);
    if (cmdline !== undefined)
      result.push({
        pid,
        argv: cmdline
          .toString('utf8')
          .split('\0')
          .filter((arg) => arg !== ''),
      });
  }
  return result;
}

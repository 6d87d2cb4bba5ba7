import type { JobType, Queue } from 'bullmq';
import type { JobCounts } from './job-queue.ts';

/** Jobs read per request when counting by name. */
const COUNT_PAGE = 1000;

/**
 * The queue's jobs by state (`JobQueue.counts`): all of them from BullMQ's own counters, or, given
 * `names`, only the jobs with one of those names, read page by page (BullMQ keeps no count per
 * name; a scheduler's queue holds at most its capacity of each kind).
 */
export async function countJobs(
  queue: Queue,
  names: readonly string[] | undefined,
): Promise<JobCounts> {
  if (names !== undefined) {
    const wanted = new Set(names);
    const count = (types: readonly JobType[]) => countNamed(queue, types, wanted);
    return {
      waiting: await count(['waiting', 'prioritized']),
      delayed: await count(['delayed']),
      active: await count(['active']),
    };
  }
  const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active');
  return {
    waiting: (counts['waiting'] ?? 0) + (counts['prioritized'] ?? 0),
    delayed: counts['delayed'] ?? 0,
    active: counts['active'] ?? 0,
  };
}

/** How many jobs in these states have one of `names`. */
async function countNamed(
  queue: Queue,
  types: readonly JobType[],
  names: ReadonlySet<string>,
): Promise<number> {
  if (names.size === 0) return 0;
  let count = 0;
  for (const type of types) {
    for (let start = 0; ; start += COUNT_PAGE) {
      const jobs = await queue.getJobs([type], start, start + COUNT_PAGE - 1, true);
      count += jobs.filter((job) => names.has(job.name)).length;
      if (jobs.length < COUNT_PAGE) break;
    }
  }
  return count;
}

// The job queues of geo-runtime: one contract, an in-process default and BullMQ on Redis.
// The conformance suite and the test Redis client are test-only and stay private.

export { BullMqQueue } from './bullmq-queue.ts';
export type { BullMqQueueOptions, BullMqRedisClient } from './bullmq-queue.ts';
export {
  HandlerAlreadyRegisteredError,
  InvalidJobQueueOptionError,
  JobDataNotJsonError,
  JobQueueClosedError,
  NoJobHandlerError,
} from './errors.ts';
export { InProcessBroker } from './in-process-broker.ts';
export { InProcessQueue } from './in-process-queue.ts';
export type { InProcessQueueOptions } from './in-process-queue.ts';
export { MAX_DELAY_MS } from './job-options.ts';
export { JOB_OUTCOME_STATUSES } from './job-queue.ts';
export type {
  AddJobOptions,
  AnyJobs,
  CompletedJob,
  FailedJob,
  Job,
  JobCounts,
  JobCountsFilter,
  JobHandler,
  JobMap,
  JobName,
  JobOf,
  JobOutcome,
  JobOutcomeStatus,
  JobQueue,
  JobQueueListener,
  RecurringData,
} from './job-queue.ts';
export type { JsonChecked, JsonValue } from './json.ts';

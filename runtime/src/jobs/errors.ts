/**
 * A queue was used after `close()` was called; closed queues cannot be reopened.
 *
 * @example
 * ```ts
 * await queue.close();
 * await queue.add('sync', { id: 1 }); // rejects with JobQueueClosedError
 * ```
 */
export class JobQueueClosedError extends Error {
  override readonly name = 'JobQueueClosedError';
  constructor(readonly operation: string) {
    super(
      `Cannot ${operation}: this job queue is closed or closing. ` +
        `Create a new queue instead; a closed one cannot be reopened.`,
    );
  }
}

/**
 * A worker took a job whose name it has no handler for. Every worker of a queue takes every kind
 * of job, so each must register all of them.
 *
 * @example
 * ```ts
 * queue.on('failed', ({ error }) => error instanceof NoJobHandlerError && console.error(error.message));
 * ```
 */
export class NoJobHandlerError extends Error {
  override readonly name = 'NoJobHandlerError';
  constructor(
    readonly jobName: string,
    readonly registered: readonly string[],
  ) {
    const known = registered.length === 0 ? 'none' : registered.join(', ');
    super(
      `No handler for job '${jobName}' in this worker (registered: ${known}). Call ` +
        `queue.handle('${jobName}', handler) before queue.start() in every process of this queue.`,
    );
  }
}

/**
 * `handle()` was called twice for one job name; one name has exactly one handler.
 *
 * @example
 * ```ts
 * queue.handle('sync', a).handle('sync', b); // throws HandlerAlreadyRegisteredError
 * ```
 */
export class HandlerAlreadyRegisteredError extends Error {
  override readonly name = 'HandlerAlreadyRegisteredError';
  constructor(readonly jobName: string) {
    super(
      `A handler for job '${jobName}' is already registered. Give each kind of job its own name, ` +
        `or dispatch inside one handler.`,
    );
  }
}

/**
 * An option of a queue, a job or a recurring job is out of range.
 *
 * @example
 * ```ts
 * await queue.add('sync', {}, { delayMs: -1 }); // rejects: delayMs must be ...
 * ```
 */
export class InvalidJobQueueOptionError extends Error {
  override readonly name = 'InvalidJobQueueOptionError';
  constructor(
    readonly option: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`${option} must be ${expected}; got ${JSON.stringify(value) ?? String(value)}.`);
  }
}

/**
 * Job data that JSON cannot carry (a bigint, a cycle, a bare `undefined`). Jobs cross processes
 * through Redis as JSON, so the in-process queue refuses the same data.
 *
 * @example
 * ```ts
 * await queue.add('sync', { id: 1n }); // rejects with JobDataNotJsonError
 * ```
 */
export class JobDataNotJsonError extends Error {
  override readonly name = 'JobDataNotJsonError';
  constructor(
    readonly jobName: string,
    readonly reason: string,
  ) {
    super(
      `The data of job '${jobName}' is not JSON (${reason}). Pass plain objects, arrays, strings, ` +
        `numbers, booleans and null; send ids rather than records, ISO strings rather than dates.`,
    );
  }
}

/** Turns whatever a handler threw into an Error, so failures always carry a message and a stack. */
export function asError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(
    `Job handler threw a non-Error value: ${JSON.stringify(thrown) ?? String(thrown)}`,
  );
}

import { JobDataNotJsonError } from './errors.ts';

/**
 * A value that survives `JSON.stringify` and `JSON.parse` unchanged: what a job carries.
 *
 * @example
 * ```ts
 * const data: JsonValue = { registryId: 42, paths: ['a/b'], retry: null };
 * ```
 */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * `T` itself when it is JSON (interfaces included, which `JsonValue` would refuse for lack of an
 * index signature), `never` where it holds something JSON would lose: functions, dates, maps,
 * sets, bigints, symbols. `unknown` passes, so open payloads like `[key: string]: unknown` still fit.
 *
 * @example
 * ```ts
 * type Ok = JsonChecked<{ id: number }>; // { id: number }
 * type Bad = JsonChecked<{ at: Date }>; // { at: never }
 * ```
 */
export type JsonChecked<T> = unknown extends T
  ? T
  : [T] extends [JsonValue]
    ? T
    : T extends string | number | boolean | null
      ? T
      : T extends bigint | symbol | undefined | ((...args: never[]) => unknown)
        ? never
        : T extends Date | RegExp | Map<unknown, unknown> | Set<unknown>
          ? never
          : T extends readonly unknown[]
            ? { [I in keyof T]: JsonChecked<T[I]> }
            : T extends object
              ? { [K in keyof T]: JsonChecked<T[K]> }
              : never;

/**
 * Returns the job data as the handler will see it: a JSON round trip. The in-process queue uses
 * it so that a handler never shares objects with the caller and sees exactly what BullMQ would
 * hand it after Redis (dates as strings, `undefined` keys gone).
 *
 * @example
 * ```ts
 * toJobData('sync', { id: 1, skip: undefined }); // { id: 1 }
 * ```
 */
export function toJobData<T>(jobName: string, data: T): T {
  let text: string | undefined;
  try {
    text = JSON.stringify(data);
  } catch (error) {
    throw new JobDataNotJsonError(jobName, error instanceof Error ? error.message : String(error));
  }
  if (text === undefined) throw new JobDataNotJsonError(jobName, `${typeof data} is not JSON`);
  return JSON.parse(text) as T;
}

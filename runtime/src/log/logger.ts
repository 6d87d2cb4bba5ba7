import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/** The structured logger of a site: pino, one JSON object per line. */
export type GeoLogger = Logger;

/** pino's levels, most severe first; `silent` logs nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The environment variable that sets the level of a site process's logs. */
export const LOG_LEVEL_ENV = 'GEO_LOG_LEVEL';
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

export class InvalidLogLevelError extends Error {
  override readonly name = 'InvalidLogLevelError';
  constructor(readonly given: string) {
    super(
      `${LOG_LEVEL_ENV}=${given} is not a log level. Set it to one of ${LOG_LEVELS.join(', ')} ` +
        `(default ${DEFAULT_LOG_LEVEL}), or unset it.`,
    );
  }
}

/** The level `GEO_LOG_LEVEL` asks for (any case); unset or empty: `info`. */
export function logLevelFrom(env: NodeJS.ProcessEnv): LogLevel {
  const given = env[LOG_LEVEL_ENV]?.trim();
  if (given === undefined || given === '') return DEFAULT_LOG_LEVEL;
  const level = LOG_LEVELS.find((candidate) => candidate === given.toLowerCase());
  if (level === undefined) throw new InvalidLogLevelError(given);
  return level;
}

/**
 * What every line logged within one job carries (GitLab's Labkit context): the correlation id
 * of the job or sync attempt, and the record it is about.
 */
export interface LogContext {
  readonly correlation_id: string;
  readonly replicable_name?: string;
  readonly model_record_id?: number;
  readonly job?: string;
  readonly job_id?: string;
}

// The context travels with the async calls of a job, so code deep in a download (registry
// transitions, fetchers) logs it without every signature in between passing it on.
const contexts = new AsyncLocalStorage<LogContext>();

/** A fresh correlation id: one per job or sync attempt. */
export function newCorrelationId(): string {
  return randomUUID().replaceAll('-', '');
}

/** Runs `run` with `context` added to every line logged within it (nested: the inner wins). */
export function withLogContext<T>(context: LogContext, run: () => T): T {
  return contexts.run({ ...contexts.getStore(), ...context }, run);
}

/** The context of the job this code runs in, if any. */
export function currentLogContext(): LogContext | undefined {
  return contexts.getStore();
}

export interface LoggerOptions {
  /** This site's name, on every line. */
  readonly site: string;
  readonly level?: LogLevel;
  /** Where lines go (default: stdout). */
  readonly destination?: Writable;
  /** Human-readable lines instead of JSON (for a terminal). */
  readonly pretty?: boolean;
}

/**
 * A site's logger: JSON lines with `level` (a name), `time` (ISO 8601), `site`, the job's
 * context (`correlation_id`, `replicable_name`, `model_record_id`) and `message`, the key GitLab's
 * JSON logs use.
 *
 * @example
 * const logger = createLogger({ site: 'secondary', level: logLevelFrom(process.env) });
 * withLogContext({ correlation_id: newCorrelationId() }, () => logger.info({ bytes_downloaded: 3 }, 'Blob download'));
 */
export function createLogger(options: LoggerOptions): GeoLogger {
  const destination = options.destination ?? process.stdout;
  return pino(
    {
      level: options.level ?? DEFAULT_LOG_LEVEL,
      base: { site: options.site },
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => ({ ...contexts.getStore() }),
    },
    options.pretty ? new PrettyLines(destination) : destination,
  );
}

/** Logs nothing: the default of a site nobody gave a logger (library use, tests). */
export const SILENT_LOGGER: GeoLogger = pino({ level: 'silent' });

/** Whether `stream` is a terminal (`process.stdout` run interactively). */
export function isTerminal(stream: Writable): boolean {
  return 'isTTY' in stream && stream.isTTY === true;
}

/** Fields a human reads in the line's head, or does not need. */
const HEAD_FIELDS = new Set(['level', 'time', 'site', 'message', 'pid', 'hostname']);

/**
 * Formats pino's JSON lines for a person at a terminal: `12:00:01.250 INFO  secondary Blob
 * download bytes_downloaded=1024 …`. Done here rather than with pino-pretty: pino's transports
 * run in a worker thread (one more thread per process, lines lost on a hard exit) and pino-pretty
 * brings a dozen dependencies for what is a few lines of formatting; this stays synchronous.
 */
class PrettyLines extends Writable {
  constructor(private readonly out: Writable) {
    super({ decodeStrings: false });
  }

  override _write(
    chunk: string | Buffer,
    _encoding: BufferEncoding,
    done: (error?: Error | null) => void,
  ): void {
    for (const line of chunk.toString().split('\n')) {
      if (line !== '') this.out.write(`${prettyLine(line)}\n`);
    }
    done();
  }
}

export function prettyLine(json: string): string {
  const entry = parseLogLine(json);
  if (entry === undefined) return json;
  const time = typeof entry['time'] === 'string' ? entry['time'].slice(11, 23) : '';
  const level = String(entry['level'] ?? '')
    .toUpperCase()
    .padEnd(5);
  const rest = Object.entries(entry)
    .filter(([key]) => !HEAD_FIELDS.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return [time, level, entry['site'], entry['message'], ...rest]
    .filter((part) => part !== undefined && part !== '')
    .join(' ');
}

/** One JSON log line as an object, or undefined if it is not one. */
export function parseLogLine(line: string): Readonly<Record<string, unknown>> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  return isRecord(parsed) ? parsed : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { Writable } from 'node:stream';
import { createLogger, parseLogLine, type GeoLogger, type LogLevel } from './logger.ts';

export type LogEntry = Readonly<Record<string, unknown>>;

/**
 * An in-memory destination for a logger: the lines it received, parsed, so that tests assert on
 * fields rather than on text.
 *
 * @example
 * const recorder = new LogRecorder();
 * const logger = recorder.logger('secondary', 'debug');
 * logger.info({ bytes_downloaded: 3 }, 'Blob download');
 * recorder.withMessage('Blob download'); // → [{ level: 'info', site: 'secondary', … }]
 */
export class LogRecorder extends Writable {
  readonly entries: LogEntry[] = [];

  override _write(
    chunk: string | Buffer,
    _encoding: BufferEncoding,
    done: (error?: Error | null) => void,
  ): void {
    for (const line of chunk.toString().split('\n')) {
      if (line === '') continue;
      const entry = parseLogLine(line);
      if (entry === undefined) {
        done(new Error(`Not a JSON log line: ${line}`));
        return;
      }
      this.entries.push(entry);
    }
    done();
  }

  /** A logger of site `site` writing here. */
  logger(site: string, level: LogLevel = 'info'): GeoLogger {
    return createLogger({ site, level, destination: this });
  }

  withMessage(message: string): LogEntry[] {
    return this.entries.filter((entry) => entry['message'] === message);
  }
}

import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LogRecorder } from './log-recorder.ts';
import {
  createLogger,
  InvalidLogLevelError,
  logLevelFrom,
  newCorrelationId,
  parseLogLine,
  withLogContext,
} from './logger.ts';

describe('logLevelFrom', () => {
  it('reads GEO_LOG_LEVEL, info by default', () => {
    expect(logLevelFrom({})).toBe('info');
    expect(logLevelFrom({ GEO_LOG_LEVEL: '' })).toBe('info');
    expect(logLevelFrom({ GEO_LOG_LEVEL: 'debug' })).toBe('debug');
    expect(logLevelFrom({ GEO_LOG_LEVEL: 'WARN' })).toBe('warn');
  });

  it('refuses a level that does not exist, naming the ones that do', () => {
    expect(() => logLevelFrom({ GEO_LOG_LEVEL: 'verbose' })).toThrow(InvalidLogLevelError);
    expect(() => logLevelFrom({ GEO_LOG_LEVEL: 'verbose' })).toThrow(
      'GEO_LOG_LEVEL=verbose is not a log level. Set it to one of fatal, error, warn, info, debug, trace, silent',
    );
  });
});

describe('createLogger', () => {
  it('writes JSON lines with level, time, site, message and the job context', () => {
    const recorder = new LogRecorder();
    const logger = recorder.logger('secondary');
    const correlationId = newCorrelationId();
    withLogContext(
      { correlation_id: correlationId, replicable_name: 'package_file', model_record_id: 7 },
      () => logger.info({ bytes_downloaded: 3 }, 'Blob download'),
    );
    logger.info('outside any job');
    expect(recorder.entries).toEqual([
      {
        level: 'info',
        time: expect.any(String),
        site: 'secondary',
        correlation_id: correlationId,
        replicable_name: 'package_file',
        model_record_id: 7,
        bytes_downloaded: 3,
        message: 'Blob download',
      },
      { level: 'info', time: expect.any(String), site: 'secondary', message: 'outside any job' },
    ]);
    expect(new Date(String(recorder.entries[0]?.['time'])).getTime()).not.toBeNaN();
  });

  it('drops lines below the level taken from the environment', () => {
    const recorder = new LogRecorder();
    const logger = recorder.logger('primary', logLevelFrom({ GEO_LOG_LEVEL: 'warn' }));
    logger.debug('debug');
    logger.info('info');
    logger.warn('warn');
    logger.error('error');
    expect(recorder.entries.map((entry) => [entry['level'], entry['message']])).toEqual([
      ['warn', 'warn'],
      ['error', 'error'],
    ]);
  });

  it('keeps the context of nested async work, the inner context winning', async () => {
    const recorder = new LogRecorder();
    const logger = recorder.logger('secondary');
    await withLogContext({ correlation_id: 'outer', job: 'geo_sync' }, async () => {
      await Promise.resolve();
      await withLogContext({ correlation_id: 'inner' }, async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        logger.info('deep');
      });
    });
    expect(recorder.entries[0]).toMatchObject({ correlation_id: 'inner', job: 'geo_sync' });
  });

  it('formats lines for a person when pretty, the fields as key=value', () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    const logger = createLogger({ site: 'secondary', destination: out, pretty: true });
    withLogContext({ correlation_id: 'c1' }, () =>
      logger.warn(
        { download_success: false, reason: 'Non-success HTTP response status code 500' },
        'Blob download',
      ),
    );
    const line = chunks.join('');
    // Not JSON, one line, with its parts in their places.
    expect(parseLogLine(line)).toBeUndefined();
    const [time, level, site, ...rest] = line.trimEnd().split(/ +/);
    expect({ time: time?.length, level, site, lines: line.split('\n').length }).toEqual({
      time: 12,
      level: 'WARN',
      site: 'secondary',
      lines: 2,
    });
    expect(rest.join(' ')).toBe(
      'Blob download correlation_id=c1 download_success=false reason=Non-success HTTP response status code 500',
    );
  });
});

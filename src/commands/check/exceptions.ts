import { HOST_CONFIG_FILE } from '../../host/config.ts';
import type { Host } from '../../host/resolve-host.ts';
import { InvalidExceptionsError } from './errors.ts';

/** The configuration key listing uploaders that are not replicated on purpose. */
export const EXCEPTIONS_KEY = 'uploaderExceptions';

/** An uploader left unreplicated on purpose, and why. */
export interface UploaderException {
  readonly uploader: string;
  readonly reason: string;
  /** Its line in geo.config.json (1 when it cannot be told). */
  readonly line: number;
}

/**
 * Reads geo.config.json's `"uploaderExceptions"`. An entry without an uploader name or without a
 * reason is an error, not ignored: an exception nobody can explain should not pass CI.
 */
export function readUploaderExceptions(host: Host, configText: string): UploaderException[] {
  const file = HOST_CONFIG_FILE;
  const value = host.config[EXCEPTIONS_KEY];
  if (value === undefined) return [];
  if (!Array.isArray(value))
    throw new InvalidExceptionsError(file, `"${EXCEPTIONS_KEY}" is not a list`);
  return value.map((entry: unknown, index): UploaderException => {
    const where = `"${EXCEPTIONS_KEY}"[${index}]`;
    if (typeof entry !== 'object' || entry === null) {
      throw new InvalidExceptionsError(file, `${where} is not an object`);
    }
    const { uploader, reason } = entry as Record<string, unknown>;
    if (typeof uploader !== 'string' || uploader.trim() === '') {
      throw new InvalidExceptionsError(file, `${where} has no "uploader" class name`);
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new InvalidExceptionsError(file, `${where} (${uploader}) has no "reason"`);
    }
    return { uploader, reason, line: lineOf(configText, JSON.stringify(uploader)) };
  });
}

function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  return index === -1 ? 1 : text.slice(0, index).split('\n').length;
}

import type { Host } from '../../host/resolve-host.ts';

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
 * geo.config.json's `"uploaderExceptions"` (validated with the rest of the file: an entry without
 * an uploader or a reason never gets here), each with its line in the file for the report.
 */
export function readUploaderExceptions(host: Host, configText: string): UploaderException[] {
  return host.config.uploaderExceptions.map(({ uploader, reason }) => ({
    uploader,
    reason,
    line: lineOf(configText, JSON.stringify(uploader)),
  }));
}

function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  return index === -1 ? 1 : text.slice(0, index).split('\n').length;
}

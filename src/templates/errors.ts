/**
 * A template could not be rendered. Templates ship with geo-gen, so this is a bug to report
 * (exit 2), but the message names the template file and line so whoever edits it can fix it.
 */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  constructor(
    /** The template's path, relative to the templates folder when possible. */
    readonly template: string,
    readonly line: number | undefined,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`template ${template}${line === undefined ? '' : `:${line}`}: ${reason}`, options);
  }
}

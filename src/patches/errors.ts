import { RefusedError } from '../errors.ts';

/** A list to patch is not where the host's configuration says (never a silent no-op). */
export class PatchTargetNotFoundError extends RefusedError {
  override readonly name = 'PatchTargetNotFoundError';
  constructor(
    readonly file: string,
    readonly symbol: string,
    detail: string,
  ) {
    super(
      `Cannot patch ${symbol} in ${file}: ${detail}. Restore it, or point geo.config.json's ` +
        `"lists" at where it lives now.`,
    );
  }
}

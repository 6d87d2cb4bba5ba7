import { RefusedError } from '../errors.ts';

/** A command that never prompts was not given the data type it works on. */
export class MissingNameError extends RefusedError {
  override readonly name = 'MissingNameError';
  constructor(readonly command: string) {
    super(
      `missing the data type's name: geo-gen ${command} <Name>, in any case, e.g. ` +
        `geo-gen ${command} CoolWidget.`,
    );
  }
}

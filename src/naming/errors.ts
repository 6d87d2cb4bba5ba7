import { RefusedError } from '../errors.ts';

/** A name (or plural) that cannot become the identifiers, tables and files of a data type. */
export class InvalidNameError extends RefusedError {
  override readonly name = 'InvalidNameError';
  constructor(
    readonly input: string,
    readonly reason: string,
    readonly role: 'name' | 'plural' = 'name',
  ) {
    super(
      role === 'name'
        ? `cannot use ${JSON.stringify(input)} as a data type name: ${reason}.\n` +
            'Give the model name in any case, e.g. CoolWidget, cool_widget, cool-widget or "Cool Widget".'
        : `cannot use ${JSON.stringify(input)} as the plural: ${reason}.\n` +
            'Give the plural of the whole name in any case, e.g. --plural CoolWidgets or --plural people.',
    );
  }
}

/** The new data type would reuse a name the host already has. */
export class NameCollisionError extends RefusedError {
  override readonly name = 'NameCollisionError';
  constructor(
    readonly input: string,
    readonly collisions: readonly string[],
  ) {
    super(
      `cannot generate ${input}: the host already has ${collisions.join('; ')}.\n` +
        'It is already replicated, or another type uses these names; pick another name or remove the old one first.',
    );
  }
}

/** A `--table` that cannot be the model's table in every generated migration and query. */
export class InvalidTableNameError extends RefusedError {
  override readonly name = 'InvalidTableNameError';
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(
      `cannot use ${JSON.stringify(input)} as the table (--table): ${reason}.\n` +
        'Give the table as PostgreSQL names it: lower-case letters, digits and "_", starting with a letter, e.g. --table ci_job_artifacts.',
    );
  }
}

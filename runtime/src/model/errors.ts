export class RecordNotFoundError extends Error {
  override readonly name = 'RecordNotFoundError';
  constructor(
    readonly model: string,
    readonly id: number,
  ) {
    super(`Couldn't find ${model} with id=${id}.`);
  }
}

/** A class is missing a declaration the framework needs (a wiring mistake, not bad data). */
export class MisconfiguredClassError extends Error {
  override readonly name = 'MisconfiguredClassError';
  constructor(
    readonly className: string,
    readonly member: string,
    hint: string,
  ) {
    super(`${className} does not declare ${member}. ${hint}`);
  }
}

/** A state name table: `as const` object of name → stored number. */
export type StateTable = Readonly<Record<string, number>>;

/** Looks a stored value up; an unknown number is corrupt data and says where it came from. */
export function stateName<T extends StateTable>(
  table: T,
  value: number,
  where: string,
): keyof T & string {
  const name = Object.keys(table).find((key) => table[key] === value);
  if (name === undefined) {
    throw new Error(
      `${where} holds unknown state value ${value}; expected one of ${JSON.stringify(table)}`,
    );
  }
  return name;
}

/** An event fired from a state it may not leave. */
export class InvalidTransitionError extends Error {
  override readonly name = 'InvalidTransitionError';
  constructor(
    readonly registry: string,
    readonly from: string,
    readonly event: string,
    readonly allowedFrom: readonly string[],
  ) {
    super(
      `Cannot ${event} ${registry}: it is ${from}, and ${event} is only allowed from ` +
        `${allowedFrom.join(', ')}.`,
    );
  }
}

/** Throws unless `event` may fire from `from`. */
export function assertTransition<S extends string>(
  transitions: Readonly<Record<string, '*' | readonly S[]>>,
  registry: string,
  from: S,
  event: string,
): void {
  const allowed = transitions[event];
  if (allowed === undefined) throw new Error(`Unknown state machine event: ${event}`);
  if (allowed !== '*' && !allowed.includes(from)) {
    throw new InvalidTransitionError(registry, from, event, allowed);
  }
}

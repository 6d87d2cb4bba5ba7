/** An inclusive range of primary keys, the unit in which replicables are compared and backfilled. */
export interface IdRange {
  readonly from: number;
  readonly to: number;
}

export function idRange(from: number, to: number): IdRange {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from > to) {
    throw new RangeError(`Invalid id range ${from}..${to}`);
  }
  return { from, to };
}

/** A write reached the main database of a secondary site, which only the primary may change. */
export class ReadOnlyDatabaseError extends Error {
  override readonly name = 'ReadOnlyDatabaseError';
  constructor(readonly operation: string) {
    super(
      `Refusing ${operation}: this site is a Geo secondary and its main database is a read-only ` +
        `replica of the primary's. Make the change on the primary site.`,
    );
  }
}

/** A statement that could make a secondary's read-only session writable, refused before it runs. */
export class ReadOnlySessionError extends Error {
  override readonly name = 'ReadOnlySessionError';
  constructor(readonly reason: string) {
    super(
      `Refusing ${reason} on the main database of a Geo secondary: its session is read-only ` +
        `and must stay so. Run read-only queries only; make changes on the primary site.`,
    );
  }
}

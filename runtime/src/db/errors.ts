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

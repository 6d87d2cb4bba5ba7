/**
 * geo.config.json cannot be used. The message names the file, the key (`layout.appDir`, or
 * `(file)` for the file as a whole) and what to do; `problem` is the part about the key.
 */
export class GeoConfigError extends Error {
  override readonly name = 'GeoConfigError';
  constructor(
    readonly file: string,
    readonly key: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${file}: ${key === '' ? problem : `"${key}" ${problem}`}: ${fix}.`);
  }
}

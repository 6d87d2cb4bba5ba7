import { isAbsolute, posix } from 'node:path';
import * as v from 'valibot';
import { IMPORT_EXTENSIONS } from './defaults.ts';

/** A path relative to the application's root and inside it; kept normalised (`app/` is `app`). */
const relativePath = v.pipe(
  v.string(),
  v.minLength(1),
  v.check(
    (path) => !isAbsolute(path) && !posix.normalize(path).startsWith('../'),
    "must be a path relative to the application's root, inside it",
  ),
  v.transform((path) => posix.normalize(path).replace(/(.)\/+$/, '$1')),
);

const nonEmpty = v.pipe(v.string(), v.trim(), v.minLength(1));

/**
 * valibot takes a list for an object (its indices for keys, none of them required or unknown
 * when it is empty); JSON does not. This refuses anything but a `{...}` first, as a value of the
 * wrong type, before the object's keys are looked at. The only custom schema here (issues.ts
 * counts on it).
 */
const objectNotList = v.custom<Record<string, unknown>>(
  (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
);

/** A `{...}` with these keys and no other, so a misspelt key is refused rather than ignored. */
function strictJsonObject<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  return v.pipe(objectNotList, v.strictObject(entries));
}

export const listLocationSchema = strictJsonObject({ file: relativePath, symbol: nonEmpty });

export const layoutSchema = strictJsonObject({
  appDir: v.optional(relativePath),
  featureFlagsDir: v.optional(relativePath),
  mainMigrationsDir: v.optional(relativePath),
  trackingMigrationsDir: v.optional(relativePath),
  dataTypesDoc: v.optional(relativePath),
});

export const listsSchema = strictJsonObject({
  replicatorClasses: v.optional(listLocationSchema),
  statusSpecTable: v.optional(listLocationSchema),
  registryFields: v.optional(listLocationSchema),
  statusApiDoc: v.optional(relativePath),
  metricsDoc: v.optional(relativePath),
});

export const uploaderExceptionSchema = strictJsonObject({ uploader: nonEmpty, reason: nonEmpty });

/**
 * geo.config.json as written: every key optional (the defaults fill in), unknown keys refused at
 * every level, so a misspelt key is an error rather than a setting silently ignored.
 */
export const geoConfigSchema = strictJsonObject({
  /** For editors: the JSON Schema the file follows. */
  $schema: v.optional(v.string()),
  runtimePackage: v.optional(nonEmpty),
  importExtension: v.optional(
    // The message is the problem as issues.ts reports it: the schema knows the choices.
    v.picklist(
      IMPORT_EXTENSIONS,
      (issue) =>
        `must be ${IMPORT_EXTENSIONS.map((extension) => JSON.stringify(extension)).join(' or ')}, not ${JSON.stringify(issue.input)}`,
    ),
  ),
  outDir: v.optional(relativePath),
  layout: v.optional(layoutSchema),
  lists: v.optional(listsSchema),
  uploaderExceptions: v.optional(v.array(uploaderExceptionSchema)),
});

/** geo.config.json once validated, before the defaults fill in. */
export type GeoConfigInput = v.InferOutput<typeof geoConfigSchema>;

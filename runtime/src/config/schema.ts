import { isAbsolute, posix } from 'node:path';
import { z } from 'zod';
import { IMPORT_EXTENSIONS } from './defaults.ts';

/** A path relative to the application's root and inside it; kept normalised (`app/` is `app`). */
const relativePath = z
  .string()
  .min(1)
  .refine((path) => !isAbsolute(path) && !posix.normalize(path).startsWith('../'), {
    message: "must be a path relative to the application's root, inside it",
  })
  .transform((path) => posix.normalize(path).replace(/(.)\/+$/, '$1'));

const nonEmpty = z.string().trim().min(1);

export const listLocationSchema = z.strictObject({ file: relativePath, symbol: nonEmpty });

export const layoutSchema = z.strictObject({
  appDir: relativePath.optional(),
  featureFlagsDir: relativePath.optional(),
  mainMigrationsDir: relativePath.optional(),
  trackingMigrationsDir: relativePath.optional(),
  dataTypesDoc: relativePath.optional(),
});

export const listsSchema = z.strictObject({
  replicatorClasses: listLocationSchema.optional(),
  statusSpecTable: listLocationSchema.optional(),
  registryFields: listLocationSchema.optional(),
  statusApiDoc: relativePath.optional(),
  metricsDoc: relativePath.optional(),
});

export const uploaderExceptionSchema = z.strictObject({ uploader: nonEmpty, reason: nonEmpty });

/**
 * geo.config.json as written: every key optional (the defaults fill in), unknown keys refused at
 * every level, so a misspelt key is an error rather than a setting silently ignored.
 */
export const geoConfigSchema = z.strictObject({
  /** For editors: the JSON Schema the file follows. */
  $schema: z.string().optional(),
  runtimePackage: nonEmpty.optional(),
  importExtension: z.enum(IMPORT_EXTENSIONS).optional(),
  outDir: relativePath.optional(),
  layout: layoutSchema.optional(),
  lists: listsSchema.optional(),
  uploaderExceptions: z.array(uploaderExceptionSchema).optional(),
});

/** geo.config.json once validated, before the defaults fill in. */
export type GeoConfigInput = z.output<typeof geoConfigSchema>;

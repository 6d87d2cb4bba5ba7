import { z } from 'zod';
import { geoConfigSchema } from './schema.ts';

/** Where the JSON Schema of geo.config.json is published, relative to the package root. */
export const GEO_CONFIG_JSON_SCHEMA_FILE = 'geo.config.schema.json';

/**
 * geo.config.json's JSON Schema, for editors (`"$schema": "./node_modules/geo-runtime/geo.config.schema.json"`):
 * the file as written, so its keys, types and enums; the paths' existence is the loader's to check.
 */
export function geoConfigJsonSchema(): string {
  return `${JSON.stringify(z.toJSONSchema(geoConfigSchema, { io: 'input' }), null, 2)}\n`;
}

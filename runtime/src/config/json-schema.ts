import { toJsonSchema } from '@valibot/to-json-schema';
import { geoConfigSchema } from './schema.ts';

/** Where the JSON Schema of geo.config.json is published, relative to the package root. */
export const GEO_CONFIG_JSON_SCHEMA_FILE = 'geo.config.schema.json';

/**
 * geo.config.json's JSON Schema, for editors (`"$schema": "./node_modules/geo-runtime/geo.config.schema.json"`):
 * the file as written, so its keys, types and enums; the paths' existence is the loader's to check.
 */
export function geoConfigJsonSchema(): string {
  const { $schema, ...schema } = toJsonSchema(geoConfigSchema, {
    target: 'draft-2020-12',
    // Each pipe from its last schema: an object's is the object, after its list guard (a custom
    // schema JSON Schema has no word for, and needs none: its `type: "object"` refuses lists).
    // The values come out as they go in (the transforms normalise strings), so this is the file
    // as written.
    typeMode: 'output',
    // Left out on purpose, the loader's to enforce: `check` (a path inside the root), `trim`
    // and `transform` (normalising), which JSON Schema cannot express. Any other action it
    // cannot express still fails here, to be looked at.
    ignoreActions: ['check', 'trim', 'transform'],
  });
  // The draft first, where readers look for it (the converter adds it last).
  return `${JSON.stringify({ $schema, ...schema }, null, 2)}\n`;
}

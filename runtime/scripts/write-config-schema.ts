// Writes geo.config.schema.json from the valibot schema (src/config/schema.ts); format it with prettier.
import { writeFile } from 'node:fs/promises';
import { GEO_CONFIG_JSON_SCHEMA_FILE, geoConfigJsonSchema } from '../src/config/json-schema.ts';

await writeFile(
  new URL(`../${GEO_CONFIG_JSON_SCHEMA_FILE}`, import.meta.url),
  geoConfigJsonSchema(),
);

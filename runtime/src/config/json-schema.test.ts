import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUNTIME_ROOT } from '../testing/postgres-templates.ts';
import { GEO_CONFIG_JSON_SCHEMA_FILE, geoConfigJsonSchema } from './json-schema.ts';

describe('the JSON Schema of geo.config.json', () => {
  it('is published as the schema says (npm run config-schema -w geo-runtime rewrites it)', async () => {
    const published = await readFile(join(RUNTIME_ROOT, GEO_CONFIG_JSON_SCHEMA_FILE), 'utf8');
    // Compared as JSON: the file is formatted with prettier.
    expect(JSON.parse(published)).toEqual(JSON.parse(geoConfigJsonSchema()));
  });

  it('refuses unknown keys and names the import extensions', () => {
    const schema: unknown = JSON.parse(geoConfigJsonSchema());
    expect(schema).toMatchObject({
      additionalProperties: false,
      properties: {
        importExtension: { enum: ['.ts', '.js'] },
        layout: { additionalProperties: false },
      },
    });
  });
});

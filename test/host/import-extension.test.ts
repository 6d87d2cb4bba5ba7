import { describe, expect, it } from 'vitest';
import {
  hostImportExtension,
  importsInHostStyle,
  inHostStyle,
} from '../../src/host/import-extension.ts';

describe("the host's import extension", () => {
  it('is .ts unless geo.config.json says .js', () => {
    expect(hostImportExtension({ runtimePackage: 'geo-runtime' })).toBe('.ts');
    expect(hostImportExtension({ runtimePackage: 'geo-runtime', importExtension: '.js' })).toBe(
      '.js',
    );
  });

  it('turns relative .ts specifiers into what tsc emits, and leaves packages alone', () => {
    expect(inHostStyle('../models/widget.ts', '.js')).toBe('../models/widget.js');
    expect(inHostStyle('./view.tsx', '.js')).toBe('./view.jsx');
    expect(inHostStyle('./esm.mts', '.js')).toBe('./esm.mjs');
    expect(inHostStyle('geo-runtime', '.js')).toBe('geo-runtime');
    expect(inHostStyle('../models/widget.ts', '.ts')).toBe('../models/widget.ts');
  });

  it("rewrites a generated file's relative imports only", () => {
    const text = [
      "import type { Row } from '../models/widget.ts';",
      'import { Widget } from "./widget.ts";',
      "import './side-effect.ts';",
      "const lazy = await import('./lazy.ts');",
      "import { BlobModel } from 'geo-runtime';",
      "const name = 'file.ts';",
    ].join('\n');
    expect(importsInHostStyle(text, '.js')).toBe(
      [
        "import type { Row } from '../models/widget.js';",
        'import { Widget } from "./widget.js";',
        "import './side-effect.js';",
        "const lazy = await import('./lazy.js');",
        "import { BlobModel } from 'geo-runtime';",
        "const name = 'file.ts';",
      ].join('\n'),
    );
    expect(importsInHostStyle(text, '.ts')).toBe(text);
  });
});

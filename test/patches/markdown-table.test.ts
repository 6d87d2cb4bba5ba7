import { describe, expect, it } from 'vitest';
import { appendTableRows, hasTable } from '../../src/patches/markdown-table.ts';

const DOC = `# Metrics

| Metric | Type |
| --- | --- |
| \`geo_package_files\` | gauge |

Text after the table.
`;

describe('appending rows to a Markdown table', () => {
  it('adds rows after the last row of the table', () => {
    expect(appendTableRows(DOC, ['| `geo_cool_widgets` | gauge |'])).toBe(
      DOC.replace(
        '| `geo_package_files` | gauge |',
        '| `geo_package_files` | gauge |\n| `geo_cool_widgets` | gauge |',
      ),
    );
  });

  it('skips rows whose first cell is there already, even when padded', () => {
    const padded = DOC.replace(
      '| `geo_package_files` | gauge |',
      '|   `geo_package_files`   | gauge |',
    );
    expect(appendTableRows(padded, ['| `geo_package_files` | gauge |'])).toBeUndefined();
  });

  it('knows a document without a table', () => {
    expect(hasTable('# Nothing here\n')).toBe(false);
    expect(hasTable(DOC)).toBe(true);
    expect(appendTableRows('# Nothing here\n', ['| a |'])).toBeUndefined();
  });
});

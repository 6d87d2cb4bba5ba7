import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { bar, ProgressDisplay, renderFrame } from './progress.ts';

const frame = {
  phase: 'syncing',
  elapsedMs: 1500,
  replicables: [
    {
      replicableName: 'package_file',
      title: 'Package Files',
      registries: 10,
      expected: 10,
      synced: 6,
      verified: 3,
      failed: 1,
      mismatches: 0,
    },
  ],
  log: ['created 10 package files on the primary'],
};

describe('demo progress', () => {
  it('draws bars of done out of total', () => {
    expect(bar(5, 10, 10)).toBe('[█████░░░░░]  5/10');
    expect(bar(0, 0, 4)).toBe('[████] 0/0');
  });

  it('renders counts, bars and problems per replicable', () => {
    const output = renderFrame(frame);
    expect(output).toContain('geo-runtime demo — syncing (1.5 s)');
    expect(output).toContain('Package Files');
    expect(output).toMatch(/synced {4}\[█+░+\]  6\/10/);
    expect(output).toContain('1 failed (retrying)');
    expect(output).toContain('· created 10 package files on the primary');
  });

  it('prints a frame only when something changed when not on a terminal', async () => {
    const out = new PassThrough();
    const display = new ProgressDisplay(out);
    display.show(frame);
    display.show({ ...frame, elapsedMs: 2500 });
    display.show({ ...frame, phase: 'verifying' });
    out.end();
    const written = await text(out);
    expect(written.match(/geo-runtime demo/g)).toHaveLength(2);
  });
});

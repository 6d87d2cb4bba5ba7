import { describe, expect, it } from 'vitest';
import { names } from '../../src/naming/names.ts';
import { WIRING_POINTS } from '../../src/wiring/index.ts';
import { WIRING_POINT_IDS } from '../../src/wiring/wiring-point.ts';
import { hostCopy } from '../support/host-copy.ts';
import { PINNED_HOST } from '../support/pinned-host.ts';
import { describeWiringPointConformance } from './wiring-point.conformance.ts';

describe('WIRING_POINTS', () => {
  it('lists every wiring point once, in the order of WIRING_POINT_IDS', () => {
    expect(WIRING_POINTS.map((point) => point.id)).toEqual([...WIRING_POINT_IDS]);
  });

  it('gives every point a way in (apply or release) and, but for the model, a way out', () => {
    for (const point of WIRING_POINTS) {
      expect(point.apply ?? point.release, point.id).toBeDefined();
      if (point.id !== 'model') expect(point.revert, point.id).toBeDefined();
    }
  });
});

// On the pinned host (PackageFile and ProjectRepository wired everywhere), read only; CoolWidget
// and Gizmo are types it lacks, one per strategy.
for (const [strategy, wired, fresh] of [
  ['blob', 'PackageFile', 'CoolWidget'],
  ['repository', 'ProjectRepository', 'Gizmo'],
] as const) {
  describe(`a ${strategy} data type`, () => {
    for (const point of WIRING_POINTS) {
      describeWiringPointConformance(point, {
        root: PINNED_HOST,
        wired: names(wired),
        fresh: names(fresh),
        strategy,
        copy: () => hostCopy(),
      });
    }
  });
}

import { dataTypesDoc } from './data-types-doc.ts';
import { metricsDoc } from './metrics-doc.ts';
import { modelWiring } from './model.ts';
import { registryFields } from './registry-fields.ts';
import { replicatorClasses } from './replicator-classes.ts';
import { statusApiDoc } from './status-api-doc.ts';
import { statusSpecTable } from './status-spec-table.ts';
import type { WiringPoint } from './wiring-point.ts';

/**
 * Every wiring point of a host, in WIRING_POINT_IDS order: `replicable` applies them in this
 * order after the templates, `remove` reverts, `release` releases and `check` checks them in it.
 * There is no registry list: the consistency worker derives its list from REPLICATOR_CLASSES.
 */
export const WIRING_POINTS: readonly WiringPoint[] = [
  modelWiring,
  replicatorClasses,
  registryFields,
  statusSpecTable,
  statusApiDoc,
  metricsDoc,
  dataTypesDoc,
];

import { itHasARegistriesFieldPerReplicator } from 'geo-runtime/testing';
import { REPLICATOR_CLASSES } from '../replicator-classes.ts';
import { GEO_NODE_REGISTRY_FIELDS } from './geo-node-registry-fields.ts';

itHasARegistriesFieldPerReplicator({
  registryFields: GEO_NODE_REGISTRY_FIELDS,
  replicatorClasses: REPLICATOR_CLASSES,
});

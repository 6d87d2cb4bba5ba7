import { defineRegistryFactory } from 'geo-runtime/testing';
import { ProjectRepositoryRegistry } from '../registries/project-repository-registry.ts';

/** Project repository registries. Traits: synced(), failed(), started(), verificationSucceeded(). */
export const projectRepositoryRegistryFactory = defineRegistryFactory(ProjectRepositoryRegistry);

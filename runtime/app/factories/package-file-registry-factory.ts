import { defineRegistryFactory } from 'geo-runtime/testing';
import { PackageFileRegistry } from '../registries/package-file-registry.ts';

/** Package file registries. Traits: synced(), failed(), started(), verificationSucceeded(). */
export const packageFileRegistryFactory = defineRegistryFactory(PackageFileRegistry);

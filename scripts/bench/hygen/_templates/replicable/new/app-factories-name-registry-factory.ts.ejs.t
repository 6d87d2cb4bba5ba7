---
to: app/factories/<%= h.changeCase.paramCase(name) %>-registry-factory.ts
---
import { defineRegistryFactory } from 'geo-runtime/testing';
import { <%= name %>Registry } from '../registries/<%= h.changeCase.paramCase(name) %>-registry.ts';

/** <%= h.changeCase.sentenceCase(name) %> registries. Traits: synced(), failed(), started(), verificationSucceeded(). */
export const <%= h.changeCase.camelCase(name) %>RegistryFactory = defineRegistryFactory(<%= name %>Registry);

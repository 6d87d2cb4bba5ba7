import { createRequire } from 'node:module';
import type * as TsMorph from 'ts-morph';

/**
 * ts-morph, for every module that uses it at run time (types still come from 'ts-morph').
 * Loaded with `require`: Node's `import` of a CommonJS package first scans its source for the
 * names it exports (a megabyte here), which costs each run more than 100 ms.
 */
const tsMorph: typeof TsMorph = createRequire(import.meta.url)('ts-morph');

export const { Node, Project, QuoteKind, Scope, SyntaxKind, ts } = tsMorph;
export type Node<T extends TsMorph.ts.Node = TsMorph.ts.Node> = TsMorph.Node<T>;
export type Scope = TsMorph.Scope;
export type SyntaxKind = TsMorph.SyntaxKind;

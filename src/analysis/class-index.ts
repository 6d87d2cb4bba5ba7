import type { ClassDeclaration } from 'ts-morph';
import { SyntaxKind } from '../ts-morph.ts';
import type { HostSources } from './host-sources.ts';
import type { SymbolResolver, SymbolTarget } from './symbols.ts';

const CLASS_KEYWORD = /\bclass\b/;

/** The runtime's base classes geo-gen knows, by exported name, and the role they give a class. */
export const RUNTIME_BASES = {
  Uploader: 'uploader',
  Replicator: 'replicator',
  BlobReplicator: 'replicator',
  RepositoryReplicator: 'replicator',
  Registry: 'registry',
  RepositoryRegistry: 'registry',
  ReplicableModel: 'model',
  BlobModel: 'model',
  RepositoryModel: 'model',
} as const;

export type RuntimeBase = keyof typeof RUNTIME_BASES;
export type RuntimeRole = (typeof RUNTIME_BASES)[RuntimeBase];

/** A class declared in a host file. */
export interface HostClass {
  readonly name: string;
  /** Relative to the host root. */
  readonly file: string;
  /** 1-based line of the class name (of `class` when anonymous). */
  readonly line: number;
  readonly isAbstract: boolean;
  readonly declaration: ClassDeclaration;
  /** What its `extends` clause names; undefined for a class without one. */
  readonly base: SymbolTarget | undefined;
}

/**
 * Every class of the host (nested ones too), and what each derives from: through host classes
 * up to a runtime base class imported from the runtime package, or to nothing geo-gen knows.
 */
export class ClassIndex {
  readonly classes: readonly HostClass[];
  readonly #topLevel = new Map<string, HostClass>();
  readonly #bases = new Map<HostClass, RuntimeBase | undefined>();

  constructor(sources: HostSources, resolver: SymbolResolver) {
    const classes: HostClass[] = [];
    for (const file of sources.paths) {
      // Only files that mention `class` are parsed: most of a host has none.
      const source = CLASS_KEYWORD.test(sources.text(file) ?? '') ? sources.get(file) : undefined;
      if (source === undefined) continue;
      for (const declaration of source.getDescendantsOfKind(SyntaxKind.ClassDeclaration)) {
        const heritage = declaration.getExtends();
        const hostClass: HostClass = {
          name: declaration.getName() ?? 'default',
          file,
          line: (declaration.getNameNode() ?? declaration).getStartLineNumber(),
          isAbstract: declaration.isAbstract(),
          declaration,
          base: heritage === undefined ? undefined : resolver.resolveExpression(file, heritage),
        };
        classes.push(hostClass);
        if (declaration.getParent() === source)
          this.#topLevel.set(key(file, hostClass.name), hostClass);
      }
    }
    this.classes = classes;
  }

  /** The host class a resolved symbol names, if it is one. */
  classOf(target: SymbolTarget | undefined): HostClass | undefined {
    return target?.kind === 'class' ? this.#topLevel.get(key(target.file, target.name)) : undefined;
  }

  /** The host class this one extends, if it extends a host class. */
  parentOf(hostClass: HostClass): HostClass | undefined {
    return this.classOf(hostClass.base);
  }

  /** The runtime base class it derives from, e.g. `BlobReplicator` for a blob replicator. */
  runtimeBaseOf(hostClass: HostClass): RuntimeBase | undefined {
    if (this.#bases.has(hostClass)) return this.#bases.get(hostClass);
    this.#bases.set(hostClass, undefined); // a cycle of `extends` ends here
    const base = hostClass.base;
    const parent = this.classOf(base);
    const found =
      base?.kind === 'runtime'
        ? knownBase(base.name)
        : parent === undefined
          ? undefined
          : this.runtimeBaseOf(parent);
    this.#bases.set(hostClass, found);
    return found;
  }

  roleOf(hostClass: HostClass): RuntimeRole | undefined {
    const base = this.runtimeBaseOf(hostClass);
    return base === undefined ? undefined : RUNTIME_BASES[base];
  }

  /** Classes of a role, in file order; abstract ones only when asked. */
  withRole(role: RuntimeRole, options: { abstract?: boolean } = {}): HostClass[] {
    return this.classes.filter(
      (hostClass) =>
        this.roleOf(hostClass) === role && (options.abstract === true || !hostClass.isAbstract),
    );
  }

  /** The class and its host ancestors, nearest first. */
  lineage(hostClass: HostClass): HostClass[] {
    const chain: HostClass[] = [];
    for (let current: HostClass | undefined = hostClass; current && !chain.includes(current);) {
      chain.push(current);
      current = this.parentOf(current);
    }
    return chain;
  }
}

function knownBase(name: string): RuntimeBase | undefined {
  return Object.hasOwn(RUNTIME_BASES, name) ? (name as RuntimeBase) : undefined;
}

function key(file: string, name: string): string {
  return `${file}#${name}`;
}

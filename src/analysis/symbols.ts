import type { SourceFile } from 'ts-morph';
import { Node } from '../ts-morph.ts';
import type { HostSources } from './host-sources.ts';
import { resolveRelativeModule } from './module-path.ts';

/**
 * What a name used in a host file refers to, found from import declarations alone (no type
 * checker): a class of the host, something the runtime package exports, or why it cannot be found.
 */
export type SymbolTarget =
  | { readonly kind: 'class'; readonly file: string; readonly name: string }
  /** Declared in the host, but not as a class (a const, function, interface, ...). */
  | { readonly kind: 'declared'; readonly file: string; readonly name: string }
  | { readonly kind: 'runtime'; readonly module: string; readonly name: string }
  | { readonly kind: 'package'; readonly module: string; readonly name: string }
  /** Imported from a relative path where no file exists. */
  | {
      readonly kind: 'missing-file';
      readonly module: string;
      readonly path: string;
      readonly name: string;
    }
  /** The file exists but declares nothing of that name. */
  | { readonly kind: 'missing-export'; readonly file: string; readonly name: string }
  /** Neither declared nor imported where it is used. */
  | { readonly kind: 'undefined'; readonly file: string; readonly name: string };

/** Re-export chains longer than this are treated as cycles. */
const MAX_DEPTH = 16;

/**
 * Resolves names through a host's imports and re-exports. `runtimePackage` (and its subpaths,
 * e.g. `geo-runtime/graphql`) is where the framework's base classes come from; the framework's
 * own sources import each other by relative path, so they never count as host classes.
 */
export class SymbolResolver {
  readonly #sources: HostSources;
  readonly #runtimePackage: string;

  constructor(sources: HostSources, runtimePackage: string) {
    this.#sources = sources;
    this.#runtimePackage = runtimePackage;
  }

  /** What `name` means at the top level of `file`. */
  resolveName(file: string, name: string, depth = 0): SymbolTarget {
    const source = this.#sources.get(file);
    if (source === undefined) return { kind: 'missing-export', file, name };
    if (source.getClass(name) !== undefined) return { kind: 'class', file, name };
    if (declaresOther(source, name)) return { kind: 'declared', file, name };
    for (const declaration of source.getImportDeclarations()) {
      const module = declaration.getModuleSpecifierValue();
      if (declaration.getDefaultImport()?.getText() === name) {
        return this.#fromModule(file, module, 'default', depth);
      }
      for (const specifier of declaration.getNamedImports()) {
        const local = specifier.getAliasNode()?.getText() ?? specifier.getName();
        if (local === name) return this.#fromModule(file, module, specifier.getName(), depth);
      }
    }
    return { kind: 'undefined', file, name };
  }

  /** What `file` exports as `exportName` (`default` for its default export). */
  resolveExport(file: string, exportName: string, depth = 0): SymbolTarget {
    const source = this.#sources.get(file);
    if (source === undefined || depth > MAX_DEPTH) {
      return { kind: 'missing-export', file, name: exportName };
    }
    if (exportName === 'default') return this.#resolveDefault(source, file, depth);
    if (source.getClass(exportName) !== undefined) return { kind: 'class', file, name: exportName };
    if (declaresOther(source, exportName)) return { kind: 'declared', file, name: exportName };
    for (const declaration of source.getExportDeclarations()) {
      const module = declaration.getModuleSpecifierValue();
      for (const specifier of declaration.getNamedExports()) {
        const exported = specifier.getAliasNode()?.getText() ?? specifier.getName();
        if (exported !== exportName) continue;
        return module === undefined
          ? this.resolveName(file, specifier.getName(), depth + 1)
          : this.#fromModule(file, module, specifier.getName(), depth + 1);
      }
      if (module !== undefined && declaration.isNamespaceExport()) {
        const target = this.#fromModule(file, module, exportName, depth + 1);
        if (target.kind !== 'missing-export' && target.kind !== 'undefined') return target;
      }
    }
    return { kind: 'missing-export', file, name: exportName };
  }

  /**
   * What an expression names: an identifier, `ns.Name` through a namespace import, or the
   * expression of `Base<T>` in an `extends` clause. Undefined for anything else (a call, ...).
   */
  resolveExpression(file: string, node: Node): SymbolTarget | undefined {
    if (Node.isExpressionWithTypeArguments(node))
      return this.resolveExpression(file, node.getExpression());
    if (Node.isIdentifier(node)) return this.resolveName(file, node.getText());
    if (Node.isPropertyAccessExpression(node) && Node.isIdentifier(node.getExpression())) {
      return this.#throughNamespace(file, node.getExpression().getText(), node.getName());
    }
    return undefined;
  }

  /** What a type annotation names: `CoolWidgetUploader`, `ns.CoolWidgetUploader`. */
  resolveType(file: string, node: Node): SymbolTarget | undefined {
    if (!Node.isTypeReference(node)) return undefined;
    const typeName = node.getTypeName();
    if (Node.isIdentifier(typeName)) return this.resolveName(file, typeName.getText());
    const left = typeName.getLeft();
    return Node.isIdentifier(left)
      ? this.#throughNamespace(file, left.getText(), typeName.getRight().getText())
      : undefined;
  }

  isRuntimeModule(module: string): boolean {
    return module === this.#runtimePackage || module.startsWith(`${this.#runtimePackage}/`);
  }

  #throughNamespace(file: string, namespace: string, name: string): SymbolTarget | undefined {
    const declaration = this.#sources
      .get(file)
      ?.getImportDeclarations()
      .find((candidate) => candidate.getNamespaceImport()?.getText() === namespace);
    return declaration === undefined
      ? undefined
      : this.#fromModule(file, declaration.getModuleSpecifierValue(), name, 0);
  }

  #fromModule(file: string, module: string, name: string, depth: number): SymbolTarget {
    if (this.isRuntimeModule(module)) return { kind: 'runtime', module, name };
    if (!module.startsWith('.')) return { kind: 'package', module, name };
    const resolved = resolveRelativeModule(file, module, (path) => this.#sources.has(path));
    return resolved.kind === 'missing'
      ? { kind: 'missing-file', module, path: resolved.path, name }
      : this.resolveExport(resolved.path, name, depth + 1);
  }

  #resolveDefault(source: SourceFile, file: string, depth: number): SymbolTarget {
    const defaultClass = source.getClasses().find((candidate) => candidate.isDefaultExport());
    if (defaultClass !== undefined) {
      return { kind: 'class', file, name: defaultClass.getName() ?? 'default' };
    }
    const assignment = source
      .getExportAssignments()
      .find((candidate) => !candidate.isExportEquals());
    const expression = assignment?.getExpression();
    if (expression !== undefined && Node.isIdentifier(expression)) {
      return this.resolveName(file, expression.getText(), depth + 1);
    }
    return { kind: 'missing-export', file, name: 'default' };
  }
}

function declaresOther(source: SourceFile, name: string): boolean {
  return (
    source.getVariableDeclaration(name) !== undefined ||
    source.getFunction(name) !== undefined ||
    source.getInterface(name) !== undefined ||
    source.getTypeAlias(name) !== undefined ||
    source.getEnum(name) !== undefined
  );
}

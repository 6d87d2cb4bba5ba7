import type { SymbolTarget } from './symbols.ts';

/**
 * Why a name used in `file` points at nothing, as a clause to follow the name ("X is imported
 * from …"); undefined when it points at something (a class, a declaration, a package export).
 */
export function whyUnresolved(target: SymbolTarget | undefined, file: string): string | undefined {
  switch (target?.kind) {
    case 'missing-file':
      return `is imported from '${target.module}', but ${target.path} does not exist`;
    case 'missing-export':
      return `is not declared in ${target.file}`;
    case 'undefined':
      return `is neither imported nor declared in ${file}`;
    default:
      return undefined;
  }
}

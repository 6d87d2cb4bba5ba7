import type { Strategy } from '../generate/strategies.ts';
import type { Host } from '../host/resolve-host.ts';
import type { Names } from '../naming/names.ts';
import { ModelBaseMismatchError } from './errors.ts';

/**
 * Refuses to wire an existing model whose base class does not fit the strategy: a repository
 * data type's model must derive from `RepositoryModel` (the repository replicator reads its
 * storage, disk path and full path); a blob data type's must not. The model is found by name in
 * its file and followed through host classes to the runtime's base (the analysis is loaded
 * lazily: only an existing model needs it).
 */
export async function refuseMismatchedModelBase(
  host: Host,
  path: string,
  names: Names,
  strategy: Strategy,
): Promise<void> {
  const { scanHost } = await import('../analysis/host-scan.ts');
  const { classes } = await scanHost(host);
  const model = classes.classes.find(
    (candidate) => candidate.file === path && candidate.name === names.className,
  );
  if (model === undefined) return; // wireModel says the class is missing
  const base = classes.runtimeBaseOf(model);
  const fits = strategy === 'repository' ? base === 'RepositoryModel' : base !== 'RepositoryModel';
  if (fits) return;
  const declared = model.declaration.getExtends()?.getExpression().getText();
  const shown =
    base === undefined
      ? declared === undefined
        ? 'no class'
        : `${declared}, which geo-gen cannot trace to a model class of the runtime`
      : declared === base
        ? base
        : `${declared} (a ${base})`;
  throw new ModelBaseMismatchError(path, names.className, strategy, shown);
}

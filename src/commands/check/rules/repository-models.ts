import type { HostClass } from '../../../analysis/class-index.ts';
import type { Finding } from '../../../analysis/findings.ts';
import type { CheckContext } from '../context.ts';

/**
 * Every concrete repository model (a class deriving from `RepositoryModel`) must be the model of
 * a replicator: otherwise its records' git repositories never reach secondary sites. Ancestors
 * of a replicated model count as replicated: they are its base, not repositories of their own.
 */
export function checkRepositoryModels(context: CheckContext): Finding[] {
  const { scan } = context;
  const replicated = new Set<HostClass>();
  for (const { model } of scan.replicators) {
    if (model === undefined) continue;
    for (const ancestor of scan.classes.lineage(model)) replicated.add(ancestor);
  }
  return scan.repositoryModels
    .filter((model) => !replicated.has(model))
    .map((model): Finding => ({
      kind: 'repository-model-without-replicator',
      file: model.file,
      line: model.line,
      subject: model.name,
      message:
        `${model.name} has no replicator: it extends RepositoryModel, but no replicator's model ` +
        'is it, so its repositories never reach secondary sites',
      fix: `generate a repository replicator for ${model.name}`,
      command: context.command(`replicable ${model.name} --strategy repository`),
    }));
}

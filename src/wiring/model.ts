import { relativeSpecifier } from '../analysis/module-path.ts';
import { hasStaticMember, wireModel } from '../patches/model-wiring.ts';
import { parseSource } from '../patches/typescript-source.ts';
import { dataTypeFiles } from './data-type-files.ts';
import { refuseMismatchedModelBase } from './model-base.ts';
import type { WiringPoint } from './wiring-point.ts';

/**
 * The model's `replicatorClass` getter (and the strategy's default `replicablesForCurrentSecondary`):
 * the original's `with_replicator`. Only an existing model is wired, and only if its base class
 * fits the strategy (a repository data type's model is a `RepositoryModel`); a model the
 * templates create comes wired. There is no `revert`: the model is the user's (or, when it is geo-gen's,
 * `remove` deletes it whole), so `remove` keeps its wiring and reports the import it leaves
 * pointing at the deleted replicator.
 */
export const modelWiring: WiringPoint = {
  id: 'model',

  describe: ({ names, host }) =>
    `${names.className}'s static replicatorClass in ${dataTypeFiles(names, host.config.layout).model}`,

  async recognise(tree, { names, host }) {
    const path = dataTypeFiles(names, host.config.layout).model;
    const text = tree.read(path);
    if (text === undefined) return false;
    const model = (await parseSource(path, text)).getClass(names.className);
    return model !== undefined && hasStaticMember(model, 'replicatorClass');
  },

  async apply(tree, { names, host, warn, strategy, owner }) {
    const files = dataTypeFiles(names, host.config.layout);
    const path = files.model;
    const text = tree.read(path);
    const createdNow = tree
      .changes()
      .some((change) => change.path === path && change.kind === 'CREATE');
    if (text === undefined || createdNow) return;
    await refuseMismatchedModelBase(host, path, names, strategy);
    const result = await wireModel(text, path, names, {
      runtimePackage: host.config.runtimePackage,
      strategy,
      replicatorModule: relativeSpecifier(path, files.replicator, host.config.importExtension),
      ...(owner === undefined ? {} : { owner }),
    });
    if (result.kind === 'wired') {
      tree.write(path, result.text);
      warn(`wired the existing model in ${path}: added ${result.added.join(' and ')}`);
    }
  },
};

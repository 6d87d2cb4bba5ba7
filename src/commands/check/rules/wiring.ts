import { replicatorNames } from '../../../analysis/data-type-names.ts';
import type { Finding } from '../../../analysis/findings.ts';
import { createdTables } from '../../../analysis/migrations.ts';
import type { HostReplicator } from '../../../analysis/replicators.ts';
import { whyUnresolved } from '../../../analysis/unresolved.ts';
import type { Names } from '../../../naming/names.ts';
import type { CheckContext } from '../context.ts';

/**
 * What every replicator needs besides its wiring points (checked by them): a registry class, a
 * tracking-database migration creating the registry's table, a feature flag definition, and a
 * spec file beside it.
 */
export function checkWiring(context: CheckContext): Finding[] {
  const tables = createdTables(context.scan.sources, context.layout.trackingMigrationsDir);
  const findings: Finding[] = [];
  for (const replicator of context.scan.replicators) {
    const names = replicatorNames(replicator);
    findings.push(...registry(context, replicator, names, tables));
    if (names === undefined) continue;
    findings.push(...featureFlag(context, replicator, names));
  }
  for (const replicator of context.scan.replicators) findings.push(...spec(context, replicator));
  return findings;
}

function registry(
  context: CheckContext,
  replicator: HostReplicator,
  names: Names | undefined,
  tables: ReadonlyMap<string, unknown>,
): Finding[] {
  const { hostClass, registry: link } = replicator;
  if (link.hostClass === undefined) {
    const unresolved = whyUnresolved(link.target, hostClass.file);
    const why =
      link.target === undefined
        ? 'it declares no static registryClass'
        : unresolved === undefined
          ? 'its registryClass is not a class extending Registry from the runtime'
          : `its registryClass ${link.target.name} ${unresolved}`;
    return [
      {
        kind: 'registry-missing',
        file: hostClass.file,
        line: hostClass.line,
        subject: hostClass.name,
        message: `${hostClass.name} has no registry class: ${why}`,
        fix:
          `add a registry class (${names?.registryClass ?? 'a class extending Registry'}) and return it ` +
          `from ${hostClass.name}'s static registryClass getter`,
      },
    ];
  }
  const table = link.tableName ?? names?.registryTable;
  if (table === undefined || tables.has(table)) return [];
  const dir = context.layout.trackingMigrationsDir;
  return [
    {
      kind: 'registry-migration-missing',
      file: link.hostClass.file,
      line: link.tableLine ?? link.hostClass.line,
      subject: link.hostClass.name,
      message: `no migration in ${dir} creates ${link.hostClass.name}'s table ${table}`,
      fix: `add a migration to ${dir} that creates ${table} with the registry columns and indexes`,
    },
  ];
}

function featureFlag(context: CheckContext, replicator: HostReplicator, names: Names): Finding[] {
  const { hostClass } = replicator;
  const flag = replicator.featureFlag ?? names.featureFlag;
  const dir = context.layout.featureFlagsDir;
  if (context.exists(`${dir}/${flag}.yml`) || context.exists(`${dir}/${flag}.yaml`)) return [];
  return [
    {
      kind: 'feature-flag-missing',
      file: hostClass.file,
      line: hostClass.line,
      subject: hostClass.name,
      message: `${hostClass.name}'s feature flag ${flag} has no definition ${dir}/${flag}.yml`,
      fix:
        `create ${dir}/${flag}.yml with name: ${flag}, type: development, group: group::geo ` +
        'and default_enabled: false',
    },
  ];
}

function spec(context: CheckContext, replicator: HostReplicator): Finding[] {
  const { hostClass } = replicator;
  const stem = hostClass.file.replace(/\.[cm]?tsx?$/, '');
  const candidates = [`${stem}.test.ts`, `${stem}.spec.ts`];
  if (candidates.some((path) => context.scan.sources.has(path))) return [];
  return [
    {
      kind: 'spec-missing',
      file: hostClass.file,
      line: hostClass.line,
      subject: hostClass.name,
      message: `${hostClass.name} has no spec: ${candidates[0]} does not exist`,
      fix: `add ${candidates[0]} running the runtime's shared replicator examples for ${hostClass.name}`,
    },
  ];
}

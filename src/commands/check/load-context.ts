import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readHostList } from '../../analysis/host-list.ts';
import { scanHost } from '../../analysis/host-scan.ts';
import { hostLayout } from '../../host/layout.ts';
import { hostLists, type ListLocation } from '../../host/lists.ts';
import type { Host } from '../../host/resolve-host.ts';
import type { CheckContext, FoundList } from './context.ts';
import { CheckCouldNotRunError } from './errors.ts';
import { readUploaderExceptions } from './exceptions.ts';

/**
 * Reads the host's exceptions and scans its sources. Whatever stops the check from judging the
 * host (a bad exceptions list, a list that is not where the configuration says) is a
 * CheckCouldNotRunError, not a finding.
 */
export async function loadCheckContext(
  host: Host,
  rootOption: string | undefined,
): Promise<CheckContext> {
  const configText = host.configFile === undefined ? '' : await readFile(host.configFile, 'utf8');
  const exceptions = readUploaderExceptions(host, configText);
  const scan = await scanHost(host);
  const lists = hostLists(host.config);
  const list = (location: ListLocation, key: string): FoundList => {
    const found = readHostList(scan.sources, location);
    if (found.kind === 'found') return found;
    throw new CheckCouldNotRunError(
      `${found.why}, so the check cannot tell what is wired. Restore it, or point ` +
        `geo.config.json "lists.${key}" at { "file", "symbol" } where ${location.symbol} lives now.`,
    );
  };
  return {
    host,
    scan,
    layout: hostLayout(host.config),
    replicatorClasses: list(lists.replicatorClasses, 'replicatorClasses'),
    registryFields: list(lists.registryFields, 'registryFields'),
    exceptions,
    exists: (path) => existsSync(join(host.root, path)),
    command: (args) =>
      `geo-gen ${args}${rootOption === undefined ? '' : ` --root ${shellWord(rootOption)}`}`,
  };
}

function shellWord(word: string): string {
  return /^[\w./~-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

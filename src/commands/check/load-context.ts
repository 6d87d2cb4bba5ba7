import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { scanHost } from '../../analysis/host-scan.ts';
import { hostLayout } from '../../host/layout.ts';
import type { Host } from '../../host/resolve-host.ts';
import type { CheckContext } from './context.ts';
import { readUploaderExceptions } from './exceptions.ts';

/**
 * Reads the host's exceptions (validated with its geo.config.json when the host was resolved)
 * and scans its sources.
 */
export async function loadCheckContext(
  host: Host,
  rootOption: string | undefined,
): Promise<CheckContext> {
  const configText = host.configFile === undefined ? '' : await readFile(host.configFile, 'utf8');
  const exceptions = readUploaderExceptions(host, configText);
  const scan = await scanHost(host);
  return {
    host,
    scan,
    layout: hostLayout(host.config),
    exceptions,
    exists: (path) => existsSync(join(host.root, path)),
    command: (args) =>
      `geo-gen ${args}${rootOption === undefined ? '' : ` --root ${shellWord(rootOption)}`}`,
  };
}

function shellWord(word: string): string {
  return /^[\w./~-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

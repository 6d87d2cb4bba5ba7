import { spawnSync } from 'node:child_process';

/** What to install when promtool is missing (Debian, Ubuntu; elsewhere Prometheus's release). */
const INSTALL_HINT =
  'install it (`apt-get install -y prometheus`, or a Prometheus release on PATH)';

/** Why promtool cannot run here, or null when it can. */
export function promtoolUnavailable(): string | null {
  const probe = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  if (probe.error) return `promtool is not available (${probe.error.message}): ${INSTALL_HINT}`;
  if (probe.status !== 0)
    return `promtool --version exited with ${probe.status}: ${probe.stderr.trim()}`;
  return null;
}

/**
 * The findings of `promtool check metrics` on an exposition text: parse errors and lint
 * problems, one line each (none for a clean text).
 */
export function promtoolFindings(exposition: string): string[] {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  if (run.error) throw run.error;
  return `${run.stdout}\n${run.stderr}`
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

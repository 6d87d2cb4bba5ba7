import { spawnSync } from 'node:child_process';

/** The Chromium the browser tests drive: CHROMIUM_PATH, else Debian's. Never a download. */
export function chromiumExecutable(env: NodeJS.ProcessEnv = process.env): string {
  return env['CHROMIUM_PATH'] || '/usr/bin/chromium';
}

const INSTALL_HINT =
  'install it (`apt-get install -y chromium`), or set CHROMIUM_PATH to a Chromium or Chrome binary';

/** Why Chromium cannot run here, or null when it can. */
export function chromiumUnavailable(executable = chromiumExecutable()): string | null {
  const probe = spawnSync(executable, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.error)
    return `Chromium is not available at ${executable} (${probe.error.message}): ${INSTALL_HINT}`;
  if (probe.status !== 0)
    return `${executable} --version exited with ${probe.status}: ${probe.stderr.trim()}`;
  return null;
}

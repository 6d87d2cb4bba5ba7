#!/usr/bin/env node
// Runs the whole vitest suite and ends with one line CI can count: "N passed, N failed, N skipped".
// The counts come from vitest's JSON reporter, not from its human-readable summary.
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const report = join(root, '.tmp', 'vitest-report.json');
await mkdir(dirname(report), { recursive: true });
await rm(report, { force: true });

const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const args = [
  vitest,
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
];
const code = await new Promise((resolve) => {
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
  child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
});

let summary;
try {
  const results = JSON.parse(await readFile(report, 'utf8'));
  const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
  summary = `${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`;
  if (results.numFailedTestSuites > 0 && results.numFailedTests === 0) {
    // A file that failed to load counts as a failure even though no test in it ran.
    summary = `${results.numPassedTests} passed, ${results.numFailedTestSuites} failed, ${skipped} skipped`;
  }
} catch (error) {
  console.error(`No vitest JSON report at ${report}: ${error.message}`);
  summary = '0 passed, 1 failed';
}
console.log(`\n${summary}`);
process.exitCode = code === 0 && !summary.includes(' 0 failed') ? 1 : code;

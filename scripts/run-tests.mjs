#!/usr/bin/env node
// Runs the whole vitest suite and ends with one line CI can count: "N passed, N failed, N skipped".
// The counts come from vitest's JSON reporter, not from its human-readable summary, plus the errors
// vitest caught outside any test (unhandled-errors-reporter.mjs), which count as failures.
// Arguments go to vitest. GEO_TEST_REPORT_DIR: where the reports go (default .tmp; tests of this
// script use their own, so that they never overwrite the reports of the run they are part of).
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reportDir = resolve(process.env.GEO_TEST_REPORT_DIR || join(root, '.tmp'));
const report = join(reportDir, 'vitest-report.json');
const unhandledReport = join(reportDir, 'vitest-unhandled-errors.json');
await mkdir(reportDir, { recursive: true });
await Promise.all([rm(report, { force: true }), rm(unhandledReport, { force: true })]);

const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const args = [
  vitest,
  'run',
  '--reporter=default',
  '--reporter=json',
  `--reporter=${join(root, 'scripts', 'unhandled-errors-reporter.mjs')}`,
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
];
const code = await new Promise((resolve) => {
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, GEO_UNHANDLED_ERRORS_FILE: unhandledReport },
  });
  child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
});

const counts = { passed: 0, failed: 0, skipped: 0 };
try {
  const results = JSON.parse(await readFile(report, 'utf8'));
  counts.passed = results.numPassedTests;
  counts.skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
  // A file that failed to load (or whose hooks failed) counts as a failure even though no test in
  // it failed.
  const brokenFiles = (results.testResults ?? []).filter(
    (file) =>
      file.status === 'failed' &&
      !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
  counts.failed = results.numFailedTests + brokenFiles;
} catch (error) {
  console.error(`No vitest JSON report at ${report}: ${error.message}`);
  counts.failed += 1;
}
try {
  const unhandled = JSON.parse(await readFile(unhandledReport, 'utf8'));
  // vitest printed each one above, with its stack and the test file it came from.
  counts.failed += unhandled.count;
} catch (error) {
  console.error(`No unhandled-errors report at ${unhandledReport}: ${error.message}`);
  counts.failed += 1;
}
if (code !== 0 && counts.failed === 0) {
  console.error(`vitest exited with code ${code} though no test failed (see its output above).`);
  counts.failed = 1;
}
console.log(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exitCode = counts.failed > 0 && code === 0 ? 1 : code;

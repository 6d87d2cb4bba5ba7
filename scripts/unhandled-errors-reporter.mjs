// A vitest reporter that writes how many errors vitest caught outside any test (an unhandled
// rejection, an error thrown after a test ended) to the file named by GEO_UNHANDLED_ERRORS_FILE.
// vitest's JSON report leaves them out, so scripts/run-tests.mjs reads this file to count them.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** @implements {import('vitest/reporters').Reporter} */
export default class UnhandledErrorsReporter {
  /**
   * @param {ReadonlyArray<unknown>} _testModules
   * @param {ReadonlyArray<{ name?: string, message?: string }>} unhandledErrors
   */
  async onTestRunEnd(_testModules, unhandledErrors) {
    const file = process.env.GEO_UNHANDLED_ERRORS_FILE;
    if (!file) return;
    const errors = unhandledErrors.map(
      (error) => `${error.name ?? 'Error'}: ${error.message ?? ''}`,
    );
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify({ count: errors.length, errors })}\n`);
  }
}

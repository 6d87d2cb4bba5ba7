import { describe, expect, it } from 'vitest';
import { InvalidTableNameError } from '../../src/naming/errors.ts';
import { checkTableName } from '../../src/naming/table-name.ts';

describe('checkTableName()', () => {
  it('returns a plain identifier of up to 63 bytes as it is', () => {
    expect(checkTableName('ci_job_artifacts')).toBe('ci_job_artifacts');
    expect(checkTableName(`t${'x'.repeat(62)}`)).toHaveLength(63);
  });

  it.each([
    ['', /it is empty/],
    ['ci-job-artifacts', /only lower-case ASCII letters, digits and "_" are allowed/],
    ['1_artifacts', /starting with a letter/],
    ['_artifacts', /starting with a letter/],
    ['public.artifacts', /only lower-case/],
    ['CiJobArtifacts', /upper-case letters, .*did you mean cijobartifacts\?/],
    [`t${'x'.repeat(63)}`, /it is 64 bytes long; PostgreSQL cuts identifiers at 63/],
  ])('refuses %j, saying why and what to give', (input, reason) => {
    const error = (() => {
      try {
        checkTableName(input);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidTableNameError);
    expect(error).toMatchObject({ message: expect.stringMatching(reason) });
    expect(String(error)).toContain('e.g. --table ci_job_artifacts');
  });
});

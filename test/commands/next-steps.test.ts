import { describe, expect, it } from 'vitest';
import { nextSteps } from '../../src/commands/replicable/next-steps.ts';
import { names } from '../../src/naming/names.ts';
import type { FileChange } from '../../src/tree/tree.ts';

const created = (path: string): FileChange => ({
  kind: 'CREATE',
  path,
  content: Buffer.from(''),
});

describe('next steps after geo-gen replicable', () => {
  it('names the specs it wrote, and no folder when run in the host', () => {
    const changes = [
      created('app/models/cool-widget.ts'),
      created('app/models/cool-widget.test.ts'),
      created('app/registries/cool-widget-registry.test.ts'),
    ];
    expect(nextSteps(names('CoolWidget'), changes, { root: '/app', cwd: '/app' })).toBe(
      '\n' +
        'Next steps:\n' +
        '  1. run the migrations:                 npx geo-runtime db:migrate && npx geo-runtime db:migrate --tracking\n' +
        '  2. run the generated specs:            npx vitest run app/models/cool-widget.test.ts app/registries/cool-widget-registry.test.ts\n' +
        '  3. enable replication on the primary:  npx geo-runtime flag:enable geo_cool_widget_replication\n' +
        '  4. when it replicates and verifies:    npx geo-gen release CoolWidget\n',
    );
  });
});

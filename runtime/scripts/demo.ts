// npm run demo [-- --count N] [-- --json]: two sites replicate and verify on the embedded default.
import { parseArgs } from 'node:util';
import { runDemo } from '../src/demo/demo.ts';
import { ProgressDisplay } from '../src/demo/progress.ts';
import { GEO_NODE_REGISTRY_FIELDS } from '../app/graphql/geo-node-registry-fields.ts';
import { REPLICATOR_CLASSES } from '../app/replicator-classes.ts';

const { values } = parseArgs({
  options: { count: { type: 'string', default: '20' }, json: { type: 'boolean', default: false } },
});
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1 || count > 10_000) {
  process.stderr.write(`--count must be a whole number from 1 to 10000, got ${values.count}\n`);
  process.exit(1);
}

// With --json the live display goes to stderr, so stdout ends with exactly one JSON line.
const display = new ProgressDisplay(values.json ? process.stderr : process.stdout);
const report = await runDemo({
  count,
  replicatorClasses: REPLICATOR_CLASSES,
  registryFields: GEO_NODE_REGISTRY_FIELDS,
  onFrame: (frame) => display.show(frame),
});

if (!report.converged)
  process.stderr.write(`\nThe sites did not converge: ${report.failure ?? 'unknown reason'}\n`);
if (values.json) {
  process.stdout.write(`${JSON.stringify(report.results)}\n`);
} else if (report.converged) {
  process.stdout.write(
    '\nConverged: every record on the primary is synced and verified on the secondary.\n',
  );
}
process.exitCode = report.converged ? 0 : 1;

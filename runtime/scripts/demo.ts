// npm run demo [-- --count N] [-- --json] [-- --keep-running]: two sites replicate and verify on
// the embedded default; --keep-running leaves them up (admin pages included) until Ctrl-C.
import { parseArgs } from 'node:util';
import { runDemo, type DemoLinks, type DemoReport } from '../src/demo/demo.ts';
import { ProgressDisplay } from '../src/demo/progress.ts';
import { GEO_NODE_REGISTRY_FIELDS } from '../app/graphql/geo-node-registry-fields.ts';
import { REPLICATOR_CLASSES } from '../app/replicator-classes.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
    'keep-running': { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1 || count > 10_000) {
  process.stderr.write(`--count must be a whole number from 1 to 10000, got ${values.count}\n`);
  process.exit(1);
}
const keepRunning = values['keep-running'];

// With --json the live display and the links go to stderr, so stdout ends with exactly one JSON line.
const out = values.json ? process.stderr : process.stdout;
const display = new ProgressDisplay(out);

function printOutcome(report: DemoReport): void {
  if (!report.converged)
    process.stderr.write(`\nThe sites did not converge: ${report.failure ?? 'unknown reason'}\n`);
  else if (!values.json)
    process.stdout.write(
      '\nConverged: every record on the primary is synced and verified on the secondary.\n',
    );
}

function printLinks(links: DemoLinks): void {
  const pages = links.sites.map((site) => `  ${site.name}: ${site.url}/admin\n`).join('');
  out.write(`\nAdmin pages (sign in with the token ${links.adminToken}):\n${pages}`);
}

/** Resolves on the first Ctrl-C (or SIGTERM), so the demo closes the sites and exits. */
const interrupted = () =>
  new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

const report = await runDemo({
  count,
  replicatorClasses: REPLICATOR_CLASSES,
  registryFields: GEO_NODE_REGISTRY_FIELDS,
  onFrame: (frame) => display.show(frame),
  beforeClose: async (finished, links) => {
    printOutcome(finished);
    printLinks(links);
    if (!keepRunning) {
      out.write('The sites stop now: `npm run demo -- --keep-running` keeps them up.\n');
      return;
    }
    out.write('The sites keep running: Ctrl-C stops them.\n');
    await interrupted();
    out.write('\nStopping the sites…\n');
  },
});

// Printed already, with the links, unless the sites never started.
if (!report.links) printOutcome(report);
if (values.json) process.stdout.write(`${JSON.stringify(report.results)}\n`);
process.exitCode = report.converged ? 0 : 1;

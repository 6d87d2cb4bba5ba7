import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { GeoNode } from '../sites/geo-node.ts';
import type { StatusFieldValue } from './replicable-status.ts';

/**
 * Prometheus gauges for the status fields: `geo_` + the field with one trailing `_count` (or
 * `_total_count` → `_total`) removed, as in the original: `package_files_synced_count` →
 * `geo_package_files_synced`, `package_files_count` → `geo_package_files`.
 */
export function metricName(field: string): string {
  return `geo_${field.replace(/_count$/, '')}`;
}

/** Each status field's meaning, `{type}` standing for the data type (`package files`). */
const DATA_TYPE_FIELDS: readonly (readonly [suffix: string, help: string])[] = [
  ['checksum_total_count', '{type} that can be checksummed (primary)'],
  ['checksummed_count', '{type} whose checksum succeeded (primary)'],
  ['checksum_failed_count', '{type} whose checksum failed (primary)'],
  ['synced_count', '{type} synced (secondary)'],
  ['failed_count', '{type} whose sync failed (secondary)'],
  ['registry_count', '{type} registries (secondary)'],
  ['verification_total_count', 'synced {type} that can be verified (secondary)'],
  ['verified_count', '{type} verified (secondary)'],
  ['verification_failed_count', '{type} whose verification failed (secondary)'],
  [
    'oldest_unsynced_time',
    'Seconds since the epoch when the oldest unsynced {type} registry was created; -1 when none is (secondary)',
  ],
  // Last: every field above ends with it too.
  ['count', '{type} on the primary; their registries on a secondary'],
];

/** The event log fields, which are the site's, not a data type's (see `eventLogStatus`). */
export const EVENT_LOG_FIELDS = {
  last_event_id: 'Id of the newest event in the primary’s event log',
  last_event_timestamp:
    'When the newest event in the primary’s event log was written, in seconds since the epoch',
  cursor_last_event_id: 'Id of the last event this secondary’s log cursor processed',
  cursor_last_event_timestamp:
    'When the last event this secondary’s log cursor processed was written on the primary, in seconds since the epoch',
} as const;

/** The HELP text of a status field's gauge. */
export function metricHelp(field: string): string {
  const eventLogHelp: Readonly<Record<string, string>> = EVENT_LOG_FIELDS;
  if (Object.hasOwn(eventLogHelp, field)) return eventLogHelp[field] ?? field;
  for (const [suffix, help] of DATA_TYPE_FIELDS) {
    if (!field.endsWith(`_${suffix}`)) continue;
    const type = field.slice(0, -suffix.length - 1).replaceAll('_', ' ');
    const text = help.replace('{type}', type);
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
  return `Geo status field ${field}`;
}

/** The site a gauge's sample describes. */
export type MetricSite = Pick<GeoNode, 'name' | 'url'>;

const LABEL_NAMES = ['name', 'url'] as const;
type Labels = Record<(typeof LABEL_NAMES)[number], string>;

/**
 * The original passes the node's name under both labels (`{ name: node.name, url: node.name }`),
 * so its `url` is a copy of the name. We keep both label names, so queries written for the
 * original still match, but fill `url` with the URL the site is registered with in `geo_nodes`:
 * the name is already in `name`, and a `url` label holding "secondary" would mislead.
 */
function labelsOf(site: MetricSite): Labels {
  return { name: site.name, url: site.url };
}

/** A registry holding one gauge per status field, labelled with the site's name and URL. */
export class StatusMetrics {
  readonly registry = new Registry();
  readonly #gauges = new Map<string, Gauge<(typeof LABEL_NAMES)[number]>>();
  #labels: Labels | undefined;

  /**
   * Sets each gauge from its field. A null field (a figure not collected, such as verification
   * counts while verification is off) removes the sample: absent, never exported as 0.
   */
  update(site: MetricSite, fields: Readonly<Record<string, StatusFieldValue>>): void {
    const labels = labelsOf(site);
    const previous = this.#labels;
    // A renamed or moved site must not keep exporting its old series beside the new ones.
    if (previous && (previous.name !== labels.name || previous.url !== labels.url))
      for (const gauge of this.#gauges.values()) gauge.remove(previous);
    this.#labels = labels;

    for (const [field, value] of Object.entries(fields)) {
      if (field.endsWith('_in_percentage')) continue;
      const name = metricName(field);
      if (value === null) {
        this.#gauges.get(name)?.remove(labels);
        continue;
      }
      let gauge = this.#gauges.get(name);
      if (!gauge) {
        gauge = new Gauge({
          name,
          help: metricHelp(field),
          labelNames: LABEL_NAMES,
          registers: [this.registry],
        });
        this.#gauges.set(name, gauge);
      }
      gauge.set(labels, value);
    }
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The text exposition format, for `GET /metrics`. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}

/** What `GET /metrics` serves: the exposition text and its content type. */
export interface MetricsExposition {
  readonly contentType: string;
  text(): Promise<string>;
}

/**
 * Several registries served as one: the status gauges, the site's activity and the process's
 * default metrics live in registries of their own (the gauges appear as the metrics job first
 * sets them, which a registry merged once would miss).
 */
export function combinedExposition(registries: readonly Registry[]): MetricsExposition {
  return {
    contentType: Registry.PROMETHEUS_CONTENT_TYPE,
    async text() {
      const texts = await Promise.all(registries.map((registry) => registry.metrics()));
      return texts.filter((text) => text.trim() !== '').join('\n');
    },
  };
}

/**
 * Default metrics that are gauges named `…_total`, which Prometheus reserves for counters
 * (promtool flags them). Each is the sum of the gauge without `_total`, by type:
 * `sum(nodejs_active_handles)` gives the same figure.
 */
export const FLAGGED_DEFAULT_METRICS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
] as const;

/**
 * A registry with prom-client's default metrics (CPU, memory, event loop, GC) of this process,
 * but `FLAGGED_DEFAULT_METRICS`.
 * One per site, never the global registry: two sites in one process (the demo, tests) each
 * export their own.
 */
export function processMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const name of FLAGGED_DEFAULT_METRICS) registry.removeSingleMetric(name);
  return registry;
}

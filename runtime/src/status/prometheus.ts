import { Gauge, Registry } from 'prom-client';
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
          help: `Geo status field ${field}`,
          labelNames: LABEL_NAMES,
          registers: [this.registry],
        });
        this.#gauges.set(name, gauge);
      }
      gauge.set(labels, value);
    }
  }

  /** The text exposition format, for `GET /metrics`. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}

import { Gauge, Registry } from 'prom-client';

/**
 * Prometheus gauges for the status fields: `geo_` + the field with one trailing `_count` (or
 * `_total_count` → `_total`) removed, as in the original: `package_files_synced_count` →
 * `geo_package_files_synced`, `package_files_count` → `geo_package_files`.
 */
export function metricName(field: string): string {
  return `geo_${field.replace(/_count$/, '')}`;
}

/** A registry holding one gauge per status field, labelled with the site's name. */
export class StatusMetrics {
  readonly registry = new Registry();
  readonly #gauges = new Map<string, Gauge>();

  update(siteName: string, fields: Readonly<Record<string, number>>): void {
    for (const [field, value] of Object.entries(fields)) {
      if (field.endsWith('_in_percentage')) continue;
      const name = metricName(field);
      let gauge = this.#gauges.get(name);
      if (!gauge) {
        gauge = new Gauge({
          name,
          help: `Geo status field ${field}`,
          labelNames: ['name'],
          registers: [this.registry],
        });
        this.#gauges.set(name, gauge);
      }
      gauge.set({ name: siteName }, value);
    }
  }

  /** The text exposition format, for `GET /metrics`. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}

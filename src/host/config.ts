import { GeoConfigError, loadGeoConfig, type GeoConfig } from 'geo-runtime/config';
import { InvalidHostConfigError } from './errors.ts';

export {
  DEFAULT_GEO_CONFIG as DEFAULT_HOST_CONFIG,
  GEO_CONFIG_FILE as HOST_CONFIG_FILE,
} from 'geo-runtime/config';

/** A host's geo.config.json, validated, with its defaults: geo-runtime/config is the one source. */
export type HostConfig = GeoConfig;

/** The configuration of the host at `root`; a file geo-gen cannot use is an InvalidHostConfigError. */
export async function readHostConfig(root: string): Promise<HostConfig> {
  try {
    return await loadGeoConfig(root);
  } catch (error) {
    if (error instanceof GeoConfigError) throw new InvalidHostConfigError(error);
    throw error;
  }
}

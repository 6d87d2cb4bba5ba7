// The wire protocol of the primary's retrieve API, shared by the route and the downloader.

/** The primary's route that serves one record's file to secondaries. */
export const GEO_RETRIEVE_ROUTE = '/api/v4/geo/retrieve/:replicable_name/:id';

/** The `geo_code` of a 404 whose record exists but whose file does not. */
export const FILE_NOT_FOUND_GEO_CODE = 'FILE_NOT_FOUND';

/** The JSON body of every error the retrieve API answers with. */
export interface TransferErrorBody {
  readonly message: string;
  readonly geo_code?: typeof FILE_NOT_FOUND_GEO_CODE;
}

/**
 * The URL a secondary fetches a record's file from, below the primary's internal URL (which may
 * carry a path prefix, such as `https://geo.example.com/gitlab/`).
 *
 * @example
 * geoRetrieveUrl('http://primary:3000', 'package_file', 42).href;
 * // 'http://primary:3000/api/v4/geo/retrieve/package_file/42'
 */
export function geoRetrieveUrl(baseUrl: string, replicableName: string, id: number): URL {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL(`api/v4/geo/retrieve/${encodeURIComponent(replicableName)}/${id}`, base);
}

/**
 * A record id from a URL: a positive integer written in plain decimal digits, or undefined.
 * `0`, `-1`, `1.5`, `1e3`, `0x10`, ` 7` and `../../etc/passwd` are all undefined.
 *
 * @example
 * parseReplicableId('42'); // 42
 * parseReplicableId('../../etc/passwd'); // undefined
 */
export function parseReplicableId(raw: string): number | undefined {
  if (!/^[1-9][0-9]*$/.test(raw)) return undefined;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : undefined;
}

import { Readable } from 'node:stream';
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ReplicatorClass } from '../replicator/replicator.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import { authenticateTransfer, type TransferAuthFailure } from './authenticate.ts';
import { openBlobFile, type OpenBlobFile } from './blob-file.ts';
import {
  FILE_NOT_FOUND_GEO_CODE,
  GEO_RETRIEVE_ROUTE,
  parseReplicableId,
  type TransferErrorBody,
} from './retrieve-api.ts';

/** A refused request, as the primary's administrator sees it. */
export interface TransferRefusal {
  readonly failure: TransferAuthFailure;
  readonly replicableName: string;
  readonly id: number;
}

export interface GeoTransferRoutesOptions {
  /** The site serving files (the primary); its `geo_nodes` authenticate secondaries. */
  readonly site: GeoSite;
  /** The application's replicators (`REPLICATOR_CLASSES`): only their blobs can be requested. */
  readonly replicatorClasses: readonly ReplicatorClass[];
  /** Told why each request was refused with 401; the client is deliberately told less. */
  readonly onUnauthorized?: (refusal: TransferRefusal) => void;
  /** Told about each unexpected error (answered with a bare 500). */
  readonly onError?: (error: Error) => void;
}

/**
 * The primary's file transfer API: `GET /api/v4/geo/retrieve/:replicable_name/:id` streams one
 * record's file to an authenticated secondary. Checks run in this order: the id is a positive
 * integer (else 400), the `GL-Geo` credentials grant exactly this record (else 401), the
 * replicable, the record and its file exist (else 404; a missing file has
 * `geo_code: "FILE_NOT_FOUND"`). Mount it into the site's HTTP app.
 *
 * @example
 * const app = new Hono();
 * app.route('/', geoTransferRoutes({ site, replicatorClasses: REPLICATOR_CLASSES }));
 */
export function geoTransferRoutes(options: GeoTransferRoutesOptions): Hono {
  const { site, replicatorClasses } = options;
  const app = new Hono();

  app.get(GEO_RETRIEVE_ROUTE, async (c) => {
    const replicableName = c.req.param('replicable_name');
    // Before anything else: a malformed id never reaches authentication, the database or the disk.
    const id = parseReplicableId(c.req.param('id'));
    if (id === undefined)
      return error(c, 400, { message: '400 Bad Request: id must be a positive integer' });

    const auth = await authenticateTransfer(site.nodes, c.req.header('Authorization'), {
      replicableName,
      replicableId: id,
    });
    if (auth.kind === 'unauthorized') {
      options.onUnauthorized?.({ failure: auth.failure, replicableName, id });
      return error(c, 401, { message: auth.message });
    }

    const found = await openBlobFile(site, replicatorClasses, replicableName, id);
    switch (found.kind) {
      case 'unknown-replicable':
        return error(c, 404, { message: `404 Unknown replicable ${replicableName}` });
      case 'record-not-found':
        return error(c, 404, { message: `404 ${found.model} ${id} not found` });
      case 'file-not-found':
        return error(c, 404, {
          geo_code: FILE_NOT_FOUND_GEO_CODE,
          message: `${found.model} #${id} file not found`,
        });
      case 'found':
        // HEAD: the headers of a GET, and no body to own the handle, so close it here.
        if (c.req.method === 'HEAD') {
          await found.file.handle.close();
          return new Response(null, { status: 200, headers: fileHeaders(found.file) });
        }
        return streamFile(found.file, c.req.raw.signal);
    }
  });

  app.onError((cause, c) => {
    options.onError?.(cause);
    return error(c, 500, { message: '500 Internal Server Error' });
  });
  return app;
}

function error(c: Context, status: ContentfulStatusCode, body: TransferErrorBody): Response {
  return c.json(body, status);
}

/**
 * The file as the response body. The stream owns the handle and closes it at the end; when the
 * client goes away first (`signal`), destroying the stream closes it then, not at the next
 * garbage collection.
 */
function streamFile(file: OpenBlobFile, signal: AbortSignal): Response {
  const stream = file.handle.createReadStream();
  const abandon = () => stream.destroy();
  if (signal.aborted) abandon();
  else signal.addEventListener('abort', abandon, { once: true });
  stream.once('close', () => signal.removeEventListener('abort', abandon));
  const body = Readable.toWeb(stream) as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers: fileHeaders(file) });
}

function fileHeaders(file: OpenBlobFile): Record<string, string> {
  return {
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(file.size),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
}

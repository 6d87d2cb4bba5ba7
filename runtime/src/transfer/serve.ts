import type { AddressInfo } from 'node:net';
import { serve as serveNode } from '@hono/node-server';
import type { Hono } from 'hono';

/** A running HTTP server. */
export interface RunningServer {
  /** The base URL, such as `http://127.0.0.1:43817` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections and drops open ones. Safe to call more than once. */
  close(): Promise<void>;
}

export interface ServeOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1: nothing outside this machine can connect unless asked for. */
  readonly hostname?: string;
}

/**
 * Serves a Hono app over HTTP with `@hono/node-server`, resolving once it listens.
 *
 * @example
 * const server = await serve(geoTransferRoutes({ site, replicatorClasses }), { port: 0 });
 * await fetch(`${server.url}/api/v4/geo/retrieve/package_file/1`);
 * await server.close();
 */
export function serve(app: Hono, options: ServeOptions = {}): Promise<RunningServer> {
  const hostname = options.hostname ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serveNode(
      { fetch: app.fetch, port: options.port ?? 0, hostname },
      (info: AddressInfo) => {
        server.off('error', reject);
        let closing: Promise<void> | undefined;
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${host}:${info.port}`,
          port: info.port,
          close() {
            closing ??= new Promise<void>((done, fail) => {
              server.close((cause) => (cause ? fail(cause) : done()));
              // Keep-alive connections would hold close() open until they idle out.
              if ('closeAllConnections' in server) server.closeAllConnections();
            });
            return closing;
          },
        });
      },
    );
    server.once('error', reject);
  });
}

/** No byte arrived from the primary for too long: the download is abandoned and retried later. */
export class TransferTimeoutError extends Error {
  override readonly name = 'TransferTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(
      `No data from the Geo primary for ${timeoutMs / 1000} s. Check the network between the ` +
        'sites, or raise the downloader’s inactivityTimeoutMs for slow links.',
    );
  }
}

/** The connection ended before the announced Content-Length: nothing is kept, the download is retried. */
export class IncompleteTransferError extends Error {
  override readonly name = 'IncompleteTransferError';
  constructor(
    readonly receivedBytes: number,
    readonly expectedBytes: number,
    options?: ErrorOptions,
  ) {
    super(
      `Received ${receivedBytes} of ${expectedBytes} bytes before the connection to the Geo ` +
        'primary ended. The partial file was discarded; the download will be retried.',
      options,
    );
  }
}

/** Another worker took over this registry's download lease (ours lapsed): we stop and leave it to them. */
export class DownloadLeaseLostError extends Error {
  override readonly name = 'DownloadLeaseLostError';
  constructor(readonly key: string) {
    super(
      `Lost the download lease ${key} to another worker mid-download; this copy was discarded. ` +
        'If this repeats, raise the downloader’s leaseTtlMs.',
    );
  }
}

/**
 * An error's message followed by its causes, as fetch hides the useful part in `cause`:
 * `fetch failed (connect ECONNREFUSED 127.0.0.1:3000)`.
 *
 * @example
 * describeError(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') }));
 */
export function describeError(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && messages.length < 4) {
    const message = current instanceof Error ? current.message : String(current);
    if (message && !messages.includes(message)) messages.push(message);
    current = current instanceof Error ? current.cause : undefined;
  }
  const [first = 'Unknown error', ...causes] = messages;
  return causes.length === 0 ? first : `${first} (${causes.join(': ')})`;
}

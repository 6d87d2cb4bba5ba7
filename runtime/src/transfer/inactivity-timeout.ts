import { TransferTimeoutError } from './errors.ts';

/**
 * Aborts its signal when `touch()` has not been called for `timeoutMs`: a transfer may take hours
 * while data flows, but not sit silent for a minute.
 *
 * @example
 * const timeout = new InactivityTimeout(60_000);
 * const response = await fetch(url, { signal: timeout.signal });
 * for await (const chunk of response.body) timeout.touch();
 * timeout.stop();
 */
export class InactivityTimeout {
  readonly #controller = new AbortController();
  #timer: NodeJS.Timeout | undefined;

  constructor(readonly timeoutMs: number) {
    this.touch();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Data arrived: the silence starts again from now. */
  touch(): void {
    clearTimeout(this.#timer);
    if (this.#controller.signal.aborted) return;
    this.#timer = setTimeout(
      () => this.#controller.abort(new TransferTimeoutError(this.timeoutMs)),
      this.timeoutMs,
    );
    // A pending timer must not keep a finished process alive.
    this.#timer.unref();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

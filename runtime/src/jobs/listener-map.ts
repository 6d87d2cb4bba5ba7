/** Any listener map: event name → listener signature. */
export type ListenerSignatures<Listener> = {
  [Event in keyof Listener]: (...args: never[]) => void;
};

/**
 * Listeners by event, typed from a listener interface (BullMQ's `WorkerListener` pattern). A
 * listener that throws cannot break the queue that emits: the error goes to `onListenerError`.
 *
 * @example
 * ```ts
 * interface Listener { done: (id: string) => void }
 * const listeners = new ListenerMap<Listener>((error) => console.error(error));
 * listeners.on('done', (id) => console.log(id));
 * listeners.emit('done', 'job-1');
 * ```
 */
export class ListenerMap<Listener extends ListenerSignatures<Listener>> {
  readonly #listeners = new Map<keyof Listener, Set<Listener[keyof Listener]>>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void) {
    this.#onListenerError = onListenerError;
  }

  on<Event extends keyof Listener>(event: Event, listener: Listener[Event]): void {
    const listeners = this.#listeners.get(event) ?? new Set();
    listeners.add(listener);
    this.#listeners.set(event, listeners);
  }

  off<Event extends keyof Listener>(event: Event, listener: Listener[Event]): void {
    this.#listeners.get(event)?.delete(listener);
  }

  count(event: keyof Listener): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  emit<Event extends keyof Listener>(event: Event, ...args: Parameters<Listener[Event]>): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        (listener as (...args: Parameters<Listener[Event]>) => void)(...args);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }
}

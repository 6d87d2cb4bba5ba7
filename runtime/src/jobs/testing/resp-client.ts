import { connect, type Socket } from 'node:net';

/** A reply of the RESP2 protocol; error replies inside arrays (MULTI/EXEC) stay `Error` values. */
export type RespReply = string | number | null | Error | RespReply[];

/**
 * A minimal Redis client over RESP2, shaped like Bun's `RedisClient` so that BullMQ's own
 * `createBunRedisClient` adapter can drive it.
 *
 * Why it exists: bullmq 6 no longer ships a Redis driver (ioredis is an optional peer) and none
 * is installed in this workspace, yet the BullMQ conformance run needs a real Redis. It has no
 * reconnect logic of its own (the BullMQ adapter reconnects through `duplicate()`), no TLS, no
 * cluster: it is for tests only. Production passes an ioredis or node-redis client instead.
 *
 * @example
 * ```ts
 * import { createBunRedisClient } from 'bullmq';
 * const client = createBunRedisClient(new RespClient('redis://127.0.0.1:6379'));
 * ```
 */
export class RespClient {
  readonly url: string;
  connected = false;
  onconnect: (() => void) | undefined;
  onclose: ((error?: Error) => void) | undefined;
  onerror: ((error: Error) => void) | undefined;
  #socket: Socket | undefined;
  #pending: Array<{ resolve: (reply: RespReply) => void; reject: (error: Error) => void }> = [];
  #buffer: Buffer = Buffer.alloc(0);
  #closing = false;

  constructor(url: string) {
    this.url = url;
  }

  connect(): Promise<void> {
    if (this.#socket) return Promise.resolve();
    const { hostname, port } = new URL(this.url);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: hostname, port: Number(port || 6379) });
      this.#socket = socket;
      socket.setNoDelay(true);
      socket.once('connect', () => {
        this.connected = true;
        resolve();
        this.onconnect?.();
      });
      socket.on('data', (chunk: Buffer) => this.#receive(chunk));
      socket.on('error', (error) => {
        if (!this.connected) reject(error);
        if (!this.#closing) this.onerror?.(error);
      });
      socket.once('close', () => this.#closed());
    });
  }

  send(command: string, args: ReadonlyArray<string | Buffer>): Promise<RespReply> {
    const socket = this.#socket;
    if (!socket || !this.connected) return Promise.reject(new Error('Connection closed'));
    const parts: Buffer[] = [Buffer.from(`*${args.length + 1}\r\n`)];
    for (const arg of [command, ...args]) {
      const bytes = typeof arg === 'string' ? Buffer.from(arg) : arg;
      parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
    }
    return new Promise((resolve, reject) => {
      this.#pending.push({ resolve, reject });
      socket.write(Buffer.concat(parts));
    });
  }

  // The three conveniences BullMQ's `BunRedisRawClient` type asks for.
  async get(key: string): Promise<string | null> {
    const reply = await this.send('GET', [key]);
    return typeof reply === 'string' ? reply : null;
  }

  async smembers(key: string): Promise<RespReply[]> {
    const reply = await this.send('SMEMBERS', [key]);
    return Array.isArray(reply) ? reply : [];
  }

  async incr(key: string): Promise<number> {
    return Number(await this.send('INCR', [key]));
  }

  close(): void {
    this.#closing = true;
    this.#socket?.destroy();
  }

  async duplicate(): Promise<RespClient> {
    return new RespClient(this.url);
  }

  #closed(): void {
    const wasConnected = this.connected;
    this.connected = false;
    this.#socket = undefined;
    this.#buffer = Buffer.alloc(0);
    const pending = this.#pending.splice(0);
    for (const request of pending) request.reject(new Error('Connection closed'));
    if (wasConnected || this.#closing) {
      this.onclose?.(this.#closing ? undefined : new Error('Connection closed by Redis'));
    }
  }

  #receive(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    let offset = 0;
    for (;;) {
      const parsed = parseReply(this.#buffer, offset);
      if (parsed === undefined) break;
      offset = parsed.next;
      const request = this.#pending.shift();
      if (!request) continue;
      if (parsed.reply instanceof Error) request.reject(parsed.reply);
      else request.resolve(parsed.reply);
    }
    this.#buffer = this.#buffer.subarray(offset);
  }
}

interface Parsed {
  readonly reply: RespReply;
  readonly next: number;
}

/** Parses one reply at `offset`, or returns undefined when the buffer does not hold all of it. */
function parseReply(buffer: Buffer, offset: number): Parsed | undefined {
  const lineEnd = buffer.indexOf('\r\n', offset);
  if (lineEnd === -1) return undefined;
  const type = String.fromCharCode(buffer[offset] ?? 0);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const afterLine = lineEnd + 2;
  switch (type) {
    case '+':
      return { reply: line, next: afterLine };
    case '-':
      return { reply: new Error(line), next: afterLine };
    case ':':
      return { reply: Number(line), next: afterLine };
    case '$': {
      const length = Number(line);
      if (length < 0) return { reply: null, next: afterLine };
      if (buffer.length < afterLine + length + 2) return undefined;
      return {
        reply: buffer.toString('utf8', afterLine, afterLine + length),
        next: afterLine + length + 2,
      };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { reply: null, next: afterLine };
      const items: RespReply[] = [];
      let next = afterLine;
      for (let index = 0; index < count; index++) {
        const item = parseReply(buffer, next);
        if (item === undefined) return undefined;
        items.push(item.reply);
        next = item.next;
      }
      return { reply: items, next };
    }
    default:
      throw new Error(`Unexpected RESP reply type ${JSON.stringify(type)} from Redis.`);
  }
}

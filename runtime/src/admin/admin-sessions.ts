import { randomBytes } from 'node:crypto';

/** A message shown once, on the next page the administrator opens. */
export interface Flash {
  readonly kind: 'notice' | 'alert';
  readonly message: string;
}

/** A signed-in administrator's session: its CSRF token, expiry and pending flash. */
export interface AdminSession {
  readonly id: string;
  /** Every form of the session carries it; a POST without it is refused. */
  readonly csrfToken: string;
  readonly expiresAt: number;
  flash?: Flash;
}

/** How long a session lasts after sign-in (a working day). */
export const ADMIN_SESSION_TTL_MS = 8 * 60 * 60 * 1000;

const randomToken = () => randomBytes(32).toString('base64url');

/**
 * The admin pages' sessions, in this process's memory: the cookie holds a random id, never the
 * admin token. A restart signs everyone out, which is fine for a handful of administrators.
 */
export class AdminSessions {
  readonly #sessions = new Map<string, AdminSession>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  create(): AdminSession {
    this.#sweep();
    const session: AdminSession = {
      id: randomToken(),
      csrfToken: randomToken(),
      expiresAt: this.#now() + ADMIN_SESSION_TTL_MS,
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id, or undefined (unknown, expired or signed out). */
  find(id: string | undefined): AdminSession | undefined {
    if (id === undefined) return undefined;
    const session = this.#sessions.get(id);
    if (session === undefined) return undefined;
    if (session.expiresAt <= this.#now()) {
      this.#sessions.delete(id);
      return undefined;
    }
    return session;
  }

  delete(id: string): void {
    this.#sessions.delete(id);
  }

  // Expired sessions go at each sign-in, so the map cannot grow without bound.
  #sweep(): void {
    const now = this.#now();
    for (const [id, session] of this.#sessions)
      if (session.expiresAt <= now) this.#sessions.delete(id);
  }
}

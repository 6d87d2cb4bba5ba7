import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { secretsEqual, ADMIN_TOKEN_SETTING } from '../http/admin-access.ts';
import type { GeoNodeRegistryField } from '../graphql/registry-field.ts';
import { GeoSchemaCache } from '../graphql/schema.ts';
import type { GeoSite } from '../sites/geo-site.ts';
import type { SiteStatusEntry } from '../status/site-statuses.ts';
import {
  adminDataTypes,
  registryPage,
  REPLICATION_STATES,
  updateMatchingRegistries,
  updateOneRegistry,
  VERIFICATION_STATES,
  type Answer,
  type RegistryFilters,
} from './admin-graphql.ts';
import { filterQuery, layout, replicationBody, signInBody, sitesBody } from './admin-pages.ts';
import { AdminSessions, type AdminSession, type Flash } from './admin-sessions.ts';
import { html } from './html.ts';

/** The admin pages' session cookie: a random id, only sent to `/admin`. */
export const ADMIN_SESSION_COOKIE = 'geo_admin_session';
export const ADMIN_SIGN_IN_PATH = '/admin/sign_in';

/** The admin pages' Hono environment: the signed-in session, set by their guard. */
export interface AdminEnv {
  readonly Variables: { session: AdminSession };
}

export interface AdminRoutesOptions {
  readonly site: GeoSite;
  readonly registryFields: readonly GeoNodeRegistryField[];
  /** Undefined: the site has no admin token, so no one signs in. */
  readonly adminToken: string | undefined;
  /** Every site with its status, as the status API lists them. */
  readonly statuses: () => Promise<SiteStatusEntry[]>;
  readonly sessions?: AdminSessions;
}

const oneOf = <T extends string>(values: readonly T[], given: string | undefined) =>
  values.find((value) => value === given?.toUpperCase());

function filtersFrom(get: (name: string) => string | undefined): RegistryFilters {
  const replicationState = oneOf(REPLICATION_STATES, get('replication_state'));
  const verificationState = oneOf(VERIFICATION_STATES, get('verification_state'));
  const keyword = get('keyword')?.trim();
  return {
    ...(replicationState && { replicationState }),
    ...(verificationState && { verificationState }),
    ...(keyword && { keyword }),
  };
}

function messageOf<T>(answer: Answer<T>, done: (data: T) => Flash): Flash {
  return answer.kind === 'error'
    ? { kind: 'alert', message: answer.messages.join(' ') }
    : done(answer.data);
}

/**
 * The admin web pages: sign-in with the admin token, the sites with their sync and verification
 * figures, and each data type's registries with resync and reverify. Pages are rendered here from
 * the site's own GraphQL schema (in-process) and status data. Every POST but sign-in needs the
 * session's CSRF token; the cookie is SameSite=Strict besides.
 */
export function adminRoutes(options: AdminRoutesOptions): Hono<AdminEnv> {
  const { site, adminToken } = options;
  const sessions = options.sessions ?? new AdminSessions();
  const schemas = new GeoSchemaCache(options.registryFields);
  const types = adminDataTypes(options.registryFields);
  const app = new Hono<AdminEnv>();

  const sessionOf = (c: Context) => sessions.find(getCookie(c, ADMIN_SESSION_COOKIE));
  const page = (
    c: Context,
    title: string,
    body: ReturnType<typeof html>,
    session?: AdminSession,
    status: 200 | 401 | 403 | 404 = 200,
  ) => {
    const flash = session?.flash;
    if (session) delete session.flash;
    return c.html(
      layout(
        {
          title,
          siteName: site.name,
          flash,
          ...(session && { nav: { types, csrfToken: session.csrfToken } }),
        },
        body,
      ),
      status,
    );
  };
  const refuse = (c: Context, message: string) =>
    page(c, 'Forbidden', html`<p class="flash alert" role="alert">${message}</p>`, undefined, 403);

  app.get('/', (c) => c.redirect('/admin'));
  app.get('/admin', (c) => c.redirect(sessionOf(c) ? '/admin/geo/sites' : ADMIN_SIGN_IN_PATH));

  app.get(ADMIN_SIGN_IN_PATH, (c) => {
    if (adminToken === undefined) return refuse(c, noTokenMessage(site.name));
    if (sessionOf(c)) return c.redirect('/admin/geo/sites');
    return page(c, 'Sign in', signInBody());
  });
  app.post(ADMIN_SIGN_IN_PATH, async (c) => {
    if (adminToken === undefined) return refuse(c, noTokenMessage(site.name));
    const body = await c.req.parseBody();
    const token = typeof body['token'] === 'string' ? body['token'].trim() : '';
    if (token === '' || !secretsEqual(token, adminToken)) {
      return page(
        c,
        'Sign in',
        html`<p class="flash alert" role="alert">
            That is not this site's admin token: give the one the site was started with
            (${ADMIN_TOKEN_SETTING}).
          </p>
          ${signInBody()}`,
        undefined,
        401,
      );
    }
    const session = sessions.create();
    setCookie(c, ADMIN_SESSION_COOKIE, session.id, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/admin',
      secure: new URL(c.req.url).protocol === 'https:',
    });
    return c.redirect('/admin/geo/sites', 303);
  });

  // Everything below needs a session; a POST also its CSRF token.
  app.use('/admin/*', async (c, next) => {
    if (c.req.path === ADMIN_SIGN_IN_PATH) return next();
    const session = sessionOf(c);
    if (c.req.method === 'POST') {
      const body = await c.req.parseBody();
      const given = typeof body['csrf_token'] === 'string' ? body['csrf_token'] : '';
      if (!session || given === '' || !secretsEqual(given, session.csrfToken))
        return refuse(
          c,
          'This form is out of date or was not sent from your session: reload the page and try again.',
        );
    } else if (!session) return c.redirect(ADMIN_SIGN_IN_PATH);
    if (session) c.set('session', session);
    return next();
  });

  app.post('/admin/sign_out', (c) => {
    sessions.delete(c.get('session').id);
    deleteCookie(c, ADMIN_SESSION_COOKIE, { path: '/admin' });
    return c.redirect(ADMIN_SIGN_IN_PATH, 303);
  });

  app.get('/admin/geo/sites', async (c) =>
    page(c, 'Sites', sitesBody(await options.statuses(), types, site.name), c.get('session')),
  );

  app.get('/admin/geo/replication/:type', async (c) => {
    const session = c.get('session');
    const type = types.find((candidate) => candidate.slug === c.req.param('type'));
    if (!type) return page(c, 'Not found', html`<p>No such data type.</p>`, session, 404);
    const filters = filtersFrom((name) => c.req.query(name));
    const after = c.req.query('after');
    const before = c.req.query('before');
    const answer = await registryPage(site, schemas, type, {
      filters,
      ...(after && { after }),
      ...(before && { before }),
    });
    return page(
      c,
      `${type.title} replication`,
      replicationBody(
        type,
        filters,
        answer.kind === 'ok' ? answer.data : null,
        answer.kind === 'error' ? answer.messages : undefined,
        session.csrfToken,
        { forwards: Boolean(after), backwards: Boolean(before) },
      ),
      session,
    );
  });

  app.post('/admin/geo/replication/:type/actions', async (c) => {
    const session = c.get('session');
    const type = types.find((candidate) => candidate.slug === c.req.param('type'));
    if (!type) return page(c, 'Not found', html`<p>No such data type.</p>`, session, 404);
    const body = await c.req.parseBody();
    const field = (name: string) => (typeof body[name] === 'string' ? body[name] : undefined);
    const filters = filtersFrom(field);
    const action = field('action');
    const registryId = field('registry_id');
    if ((action === 'resync' || action === 'reverify') && registryId) {
      const answer = await updateOneRegistry(
        site,
        schemas,
        type,
        registryId,
        action === 'resync' ? 'RESYNC' : 'REVERIFY',
      );
      session.flash = messageOf(answer, ({ errors, state }) =>
        errors.length > 0
          ? { kind: 'alert', message: `Registry ${registryId}: ${errors.join(' ')}` }
          : {
              kind: 'notice',
              message: `Registry ${registryId}: ${action} scheduled (now ${state.toLowerCase()}).`,
            },
      );
    } else if (action === 'resync_all' || action === 'reverify_all') {
      const answer = await updateMatchingRegistries(
        site,
        schemas,
        type,
        filters,
        action === 'resync_all' ? 'RESYNC_ALL' : 'REVERIFY_ALL',
      );
      const verb = action === 'resync_all' ? 'resync' : 'reverify';
      session.flash = messageOf(answer, ({ errors, updatedCount }) =>
        errors.length > 0
          ? { kind: 'alert', message: errors.join(' ') }
          : { kind: 'notice', message: `${updatedCount} registries marked to ${verb}.` },
      );
    } else {
      session.flash = { kind: 'alert', message: 'Choose Resync or Reverify.' };
    }
    return c.redirect(`/admin/geo/replication/${type.slug}${filterQuery(filters)}`, 303);
  });
  return app;
}

function noTokenMessage(siteName: string): string {
  return (
    `Site ${siteName} was started without an admin token, so its admin pages are off. Start it ` +
    `with ${ADMIN_TOKEN_SETTING} to sign in.`
  );
}

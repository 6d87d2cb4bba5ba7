import type { SiteStatusEntry } from '../status/site-statuses.ts';
import type { AdminDataType, RegistryConnection, RegistryFilters } from './admin-graphql.ts';
import { REPLICATION_STATES, VERIFICATION_STATES } from './admin-graphql.ts';
import type { Flash } from './admin-sessions.ts';
import { html, SafeHtml } from './html.ts';

// Readable at 1280 px and at 375 px: one column, tables scroll sideways on narrow screens.
const CSS = `
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1f1f1f;background:#fafafa}
header{background:#292961;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
header a,header button{color:#fff}
header button{background:transparent;border:1px solid #fff;border-radius:4px;cursor:pointer}
header nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem;flex:1}
main{padding:1rem;max-width:80rem;margin:0 auto}
a:focus,button:focus,input:focus,select:focus{outline:3px solid #ffbf47;outline-offset:2px}
.flash{padding:.5rem 1rem;border-radius:4px;margin-bottom:1rem}
.notice{background:#e6f4ea;border:1px solid #34a853}
.alert{background:#fce8e6;border:1px solid #d93025}
.site{background:#fff;border:1px solid #ddd;border-radius:6px;padding:1rem;margin-bottom:1rem}
.site h2{margin:.2rem 0}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
td.num{text-align:right;white-space:nowrap}
.bar{display:flex;height:.6rem;min-width:6rem;background:#eee;border-radius:3px;overflow:hidden}
.bar span{display:block;height:100%}
.ok{background:#34a853}.failed{background:#d93025}
.badge{display:inline-block;padding:0 .4rem;border-radius:3px;background:#eee;font-size:.85em}
.badge.outdated{background:#fce8e6}.badge.current{background:#e6f4ea}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin-bottom:1rem}
form.filters label{display:flex;flex-direction:column;font-size:.9em}
form.inline{display:inline}
input,select,button{font:inherit;padding:.25rem .5rem}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0 1rem}
.pager{display:flex;gap:1rem;margin:1rem 0}
code{word-break:break-all;font-size:.85em}
`;

export interface LayoutOptions {
  readonly title: string;
  readonly siteName: string;
  readonly flash?: Flash | undefined;
  /** Signed in: the navigation and the sign-out form. */
  readonly nav?: { readonly types: readonly AdminDataType[]; readonly csrfToken: string };
}

export function layout(options: LayoutOptions, body: SafeHtml): string {
  const { nav, flash } = options;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title} · Geo · ${options.siteName}</title>
        <style>
          ${new SafeHtml(CSS)}
        </style>
      </head>
      <body>
        <header>
          <strong>Geo · ${options.siteName}</strong> ${
            nav &&
            html`<nav aria-label="Admin">
                <a href="/admin/geo/sites">Sites</a>${nav.types.map(
                  (type) => html`<a href="/admin/geo/replication/${type.slug}">${type.title}</a>`,
                )}
              </nav>
              <form class="inline" method="post" action="/admin/sign_out">
                <input type="hidden" name="csrf_token" value="${nav.csrfToken}" />
                <button type="submit">Sign out</button>
              </form>`
          }
        </header>
        <main>
          <h1>${options.title}</h1>
          ${flash && html`<p class="flash ${flash.kind}" role="${flash.kind === 'alert' ? 'alert' : 'status'}">${flash.message}</p>`}
          ${body}
        </main>
      </body>
    </html>`.text;
}

export function signInBody(): SafeHtml {
  return html`<form method="post" action="/admin/sign_in">
    <p>
      <label for="token">Admin token</label><br />
      <input
        id="token"
        name="token"
        type="password"
        autocomplete="current-password"
        required
        autofocus
      />
    </p>
    <p><button type="submit">Sign in</button></p>
  </form>`;
}

const percent = (part: number, whole: number) =>
  whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0;

const numberField = (entry: SiteStatusEntry, field: string): number | null => {
  const value = entry[field];
  return typeof value === 'number' ? value : null;
};

function bar(label: string, ok: number, failed: number, total: number): SafeHtml {
  return html`<div
    class="bar"
    role="img"
    aria-label="${label}: ${percent(ok, total)}% done, ${percent(failed, total)}% failed"
  >
    <span class="ok" style="width:${percent(ok, total)}%"></span
    ><span class="failed" style="width:${percent(failed, total)}%"></span>
  </div>`;
}

function count(value: number, total: number): SafeHtml {
  return html`${value} <small>(${percent(value, total)}%)</small>`;
}

function dataTypeRow(entry: SiteStatusEntry, type: AdminDataType): SafeHtml {
  const field = (name: string) => numberField(entry, `${type.slug}_${name}`);
  const total = field('registry_count');
  if (entry.primary || total === null) {
    const records = field('count');
    return html`<tr>
      <th scope="row">${type.title}</th>
      <td colspan="4">
        ${
          entry.primary
            ? `${records ?? '—'} records (the primary holds no registries)`
            : 'no figures yet'
        }
      </td>
    </tr>`;
  }
  const synced = field('synced_count') ?? 0;
  const failed = field('failed_count') ?? 0;
  const pending = Math.max(0, total - synced - failed);
  const verified = field('verified_count');
  const verificationFailed = field('verification_failed_count');
  return html`<tr data-type="${type.slug}" data-registry-count="${total}">
    <th scope="row"><a href="/admin/geo/replication/${type.slug}">${type.title}</a></th>
    <td class="num">${total}</td>
    <td>
      <span data-synced="${synced}">Synced ${count(synced, total)}</span> · Failed
      ${count(failed, total)} · Pending
      ${count(pending, total)}${bar('Synced', synced, failed, total)}
    </td>
    <td>
      ${
        verified === null
          ? 'verification disabled'
          : html`Verified ${count(verified, total)} · Verification failed
            ${count(verificationFailed ?? 0, total)}${bar('Verified', verified, verificationFailed ?? 0, total)}`
      }
    </td>
  </tr>`;
}

export function sitesBody(
  entries: readonly SiteStatusEntry[],
  types: readonly AdminDataType[],
  self: string,
): SafeHtml {
  return html`${entries.map(
    (entry) =>
      html`<section
        class="site"
        aria-labelledby="site-${entry.geo_node_id}"
        data-site="${entry.name}"
        data-age-seconds="${entry.age_seconds ?? ''}"
        data-outdated="${entry.outdated ? 'true' : 'false'}"
      >
        <h2 id="site-${entry.geo_node_id}">
          ${entry.name}${entry.name === self ? ' (this site)' : ''}
        </h2>
        <p>
          ${entry.primary ? 'Primary' : 'Secondary'} ·
          <a href="${entry.url}">${entry.url}</a>${entry.enabled ? '' : ' · disabled'} ·
          ${
            entry.age_seconds === null
              ? html`<span class="badge outdated">no status yet</span>`
              : html`status ${entry.age_seconds} s old
                  <span class="badge ${entry.outdated ? 'outdated' : 'current'}"
                    >${entry.outdated ? 'outdated' : 'current'}</span
                  >`
          }
        </p>
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Data type</th>
                <th scope="col">Registries</th>
                <th scope="col">Replication</th>
                <th scope="col">Verification</th>
              </tr>
            </thead>
            <tbody>
              ${types.map((type) => dataTypeRow(entry, type))}
            </tbody>
          </table>
        </div>
      </section>`,
  )}`;
}

const option = (value: string, selected: string | undefined) =>
  html`<option value="${value}" ${value === selected ? new SafeHtml(' selected') : ''}>
    ${value === '' ? 'any' : value.toLowerCase()}
  </option>`;

/** The query string that keeps the filters (and a page cursor) in links. */
export function filterQuery(filters: RegistryFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (filters.replicationState) params.set('replication_state', filters.replicationState);
  if (filters.verificationState) params.set('verification_state', filters.verificationState);
  if (filters.keyword) params.set('keyword', filters.keyword);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function hiddenFilters(filters: RegistryFilters, csrfToken: string): SafeHtml {
  return html`<input type="hidden" name="csrf_token" value="${csrfToken}" />
    <input type="hidden" name="replication_state" value="${filters.replicationState ?? ''}" />
    <input type="hidden" name="verification_state" value="${filters.verificationState ?? ''}" />
    <input type="hidden" name="keyword" value="${filters.keyword ?? ''}" />`;
}

const time = (value: string | null) =>
  value === null ? '—' : html`<time datetime="${value}">${value}</time>`;

export function replicationBody(
  type: AdminDataType,
  filters: RegistryFilters,
  connection: RegistryConnection | null,
  error: readonly string[] | undefined,
  csrfToken: string,
  paged: { readonly forwards: boolean; readonly backwards: boolean } = {
    forwards: false,
    backwards: false,
  },
): SafeHtml {
  const base = `/admin/geo/replication/${type.slug}`;
  const action = `${base}/actions`;
  const filterForm = html`<form class="filters" method="get" action="${base}">
    <label for="replication_state"
      >Replication state<select id="replication_state" name="replication_state">
        ${['', ...REPLICATION_STATES].map((state) => option(state, filters.replicationState))}
      </select></label
    >
    <label for="verification_state"
      >Verification state<select id="verification_state" name="verification_state">
        ${['', ...VERIFICATION_STATES].map((state) => option(state, filters.verificationState))}
      </select></label
    >
    <label for="keyword"
      >Record id<input
        id="keyword"
        name="keyword"
        type="search"
        inputmode="numeric"
        value="${filters.keyword ?? ''}"
    /></label>
    <button type="submit">Filter</button> <a href="${base}">Clear</a>
  </form>`;
  if (error)
    return html`${filterForm}
      <p class="flash alert" role="alert">${error.join(' ')}</p>`;
  if (connection === null)
    return html`${filterForm}
      <p>This data type is not replicated: its feature flag is off.</p>`;
  const rows = connection.nodes.map(
    (row) =>
      html`<tr data-registry="${row.id}">
        <td class="num">${row.id}</td>
        <td class="num">${row.modelRecordId}</td>
        <td class="state">
          ${row.state.toLowerCase()}${row.retryCount > 0 ? html` <small>(${row.retryCount} retries)</small>` : ''}
        </td>
        <td>${row.lastSyncFailure ?? '—'}</td>
        <td>${time(row.retryAt)}</td>
        <td>${time(row.lastSyncedAt)}</td>
        <td class="verification">
          ${row.verificationState.toLowerCase()}${row.verificationFailure ? html`<br /><small>${row.verificationFailure}</small>` : ''}
        </td>
        <td>
          ${row.verificationChecksum ? html`<code>${row.verificationChecksum}</code>` : '—'}${row.verificationChecksumMismatched ? html`<br />primary: <code>${row.verificationChecksumMismatched}</code>` : ''}
        </td>
        <td>
          <form class="inline" method="post" action="${action}">
            ${hiddenFilters(filters, csrfToken)}
            <input type="hidden" name="registry_id" value="${row.id}" />
            <button
              type="submit"
              name="action"
              value="resync"
              aria-label="Resync registry ${row.id}"
            >
              Resync
            </button>
            <button
              type="submit"
              name="action"
              value="reverify"
              aria-label="Reverify registry ${row.id}"
            >
              Reverify
            </button>
          </form>
        </td>
      </tr>`,
  );
  const { pageInfo } = connection;
  return html`${filterForm}
    <p>${connection.count} registries match.</p>
    <form class="actions" method="post" action="${action}">
      ${hiddenFilters(filters, csrfToken)}
      <button type="submit" name="action" value="resync_all">
        Resync all ${connection.count} matching
      </button>
      <button type="submit" name="action" value="reverify_all">
        Reverify all ${connection.count} matching
      </button>
    </form>
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">ID</th>
            <th scope="col">Record</th>
            <th scope="col">State</th>
            <th scope="col">Last sync failure</th>
            <th scope="col">Retry at</th>
            <th scope="col">Last synced</th>
            <th scope="col">Verification</th>
            <th scope="col">Checksum</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          ${
            rows.length > 0
              ? rows
              : html`<tr>
                  <td colspan="9">No registries match.</td>
                </tr>`
          }
        </tbody>
      </table>
    </div>
    <nav class="pager" aria-label="Pages">
      ${
        (pageInfo.hasPreviousPage || paged.forwards) && pageInfo.startCursor
          ? html`<a
              href="${base}${filterQuery(filters, { before: pageInfo.startCursor })}"
              rel="prev"
              >Previous page</a
            >`
          : ''
      }${
        (pageInfo.hasNextPage || paged.backwards) && pageInfo.endCursor
          ? html`<a href="${base}${filterQuery(filters, { after: pageInfo.endCursor })}" rel="next"
              >Next page</a
            >`
          : ''
      }
    </nav>`;
}

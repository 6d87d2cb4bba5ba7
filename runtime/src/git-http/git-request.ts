// What a smart HTTP git request asks for, read from its method, path and `service` parameter.

/** The two git services of smart HTTP: fetch (`git-upload-pack`) and push (`git-receive-pack`). */
export const GIT_SERVICES = ['git-upload-pack', 'git-receive-pack'] as const;
export type GitService = (typeof GIT_SERVICES)[number];

/** The statuses of a request that names no repository and service this route serves. */
export type GitRequestRejection = 400 | 404 | 405;

export type GitRequest =
  /** `GET /<full_path>.git/info/refs?service=<service>`: the refs advertisement. */
  | { readonly kind: 'advertisement'; readonly fullPath: string; readonly service: GitService }
  /** `POST /<full_path>.git/<service>`: the negotiation and the pack. */
  | { readonly kind: 'rpc'; readonly fullPath: string; readonly service: GitService }
  | { readonly kind: 'rejected'; readonly status: GitRequestRejection; readonly message: string };

type RejectedGitRequest = Extract<GitRequest, { readonly kind: 'rejected' }>;

const ADVERTISEMENT = '/info/refs';
/**
 * One segment of a full path: letters, digits, `_`, `-` and `.`, not starting with `.` or `-`.
 * So `.`, `..`, empty segments, percent-encoding and backslashes never name a repository.
 */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** The endings of the URLs of smart HTTP: the refs advertisement and the two services. */
const GIT_HTTP_ENDINGS = [ADVERTISEMENT, ...GIT_SERVICES.map((service) => `/${service}`)];

/**
 * Whether a path is one of smart HTTP's (`…/<name>.git/info/refs`, `…/<name>.git/git-upload-pack`
 * or `…/<name>.git/git-receive-pack`): how a site that serves other routes too tells which
 * requests are git's, whatever their method. parseGitRequest then checks them.
 *
 * @example
 * isGitHttpPath('/group/app.git/info/refs'); // true
 * isGitHttpPath('/api/graphql'); // false
 */
export function isGitHttpPath(path: string): boolean {
  return GIT_HTTP_ENDINGS.some((ending) => path.endsWith(`.git${ending}`));
}

/**
 * Reads a request of the smart HTTP protocol. `path` is the URL's path as sent (still
 * percent-encoded: any `%` is refused, so no decoding can smuggle a `..` past the check).
 *
 * @example
 * parseGitRequest('GET', '/group/app.git/info/refs', 'git-upload-pack');
 * // { kind: 'advertisement', fullPath: 'group/app', service: 'git-upload-pack' }
 * parseGitRequest('GET', '/group/../app.git/info/refs', 'git-upload-pack').kind; // 'rejected'
 */
export function parseGitRequest(method: string, path: string, service: string | null): GitRequest {
  if (path.endsWith(ADVERTISEMENT)) {
    const fullPath = repositoryPath(path.slice(0, -ADVERTISEMENT.length));
    if (typeof fullPath !== 'string') return fullPath;
    if (method !== 'GET') return notAllowed(method, 'GET');
    if (!isGitService(service)) {
      return rejected(
        400,
        'Only smart HTTP is served: ask for info/refs?service=git-upload-pack (dumb HTTP is not supported)',
      );
    }
    return { kind: 'advertisement', fullPath, service };
  }
  const slash = path.lastIndexOf('/');
  const endpoint = path.slice(slash + 1);
  if (slash > 0 && isGitService(endpoint)) {
    const fullPath = repositoryPath(path.slice(0, slash));
    if (typeof fullPath !== 'string') return fullPath;
    if (method !== 'POST') return notAllowed(method, 'POST');
    return { kind: 'rpc', fullPath, service: endpoint };
  }
  return rejected(
    404,
    'Not found: only /<full_path>.git/info/refs and /<full_path>.git/git-upload-pack are served',
  );
}

/** `/group/app.git` → `group/app`, or why it names no repository. */
function repositoryPath(prefix: string): string | RejectedGitRequest {
  if (!prefix.startsWith('/') || !prefix.endsWith('.git')) {
    return rejected(404, 'Not found: a repository URL ends in .git, as /<full_path>.git');
  }
  const fullPath = prefix.slice(1, -'.git'.length);
  if (!fullPath.split('/').every((segment) => SEGMENT.test(segment))) {
    return rejected(
      400,
      'Invalid repository path: use letters, digits, _, - and . between slashes',
    );
  }
  return fullPath;
}

function isGitService(name: string | null): name is GitService {
  return GIT_SERVICES.some((service) => service === name);
}

function notAllowed(method: string, allowed: string): RejectedGitRequest {
  return rejected(405, `Method ${method} not allowed here: use ${allowed}`);
}

function rejected(status: GitRequestRejection, message: string): RejectedGitRequest {
  return { kind: 'rejected', status, message };
}

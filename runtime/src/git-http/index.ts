// Git over smart HTTP through the system `git http-backend`: the primary serves repositories to
// secondaries (GL-Geo repository sync tokens), a secondary serves users read-only. Not exported
// from the package: `site-git/` wires it into every site.

export {
  HttpBackendError,
  RepositoryOutsideRootError,
  StorageRootNotFoundError,
} from './errors.ts';
export { geoRepositoryAuthorizer } from './geo-repository-authorizer.ts';
export type { GeoRepositoryAuthorizerOptions, GitRefusal } from './geo-repository-authorizer.ts';
export type {
  GitAccess,
  GitAuthorize,
  GitDenialStatus,
  GitPushAnswer,
  GitPushPolicy,
} from './git-access.ts';
export { GIT_SERVICES, isGitHttpPath, parseGitRequest } from './git-request.ts';
export type { GitRequest, GitService } from './git-request.ts';
export {
  GEO_CODE_HEADER,
  gitReportsRepositoryNotFound,
  REPOSITORY_NOT_FOUND_GEO_CODE,
} from './git-responses.ts';
export { gitRoutes } from './git-routes.ts';
export type { GitBackendExit, GitRoutesOptions } from './git-routes.ts';
export { runHttpBackend } from './http-backend.ts';
export type { HttpBackendExit, HttpBackendRequest, HttpBackendRun } from './http-backend.ts';
export { resolveRepository } from './repository-location.ts';
export type { RepositoryLocation, ResolvedRepository } from './repository-location.ts';

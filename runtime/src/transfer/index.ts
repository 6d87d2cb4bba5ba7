// geo-runtime's file transfer between sites: the primary's retrieve API and the secondary's
// HTTP downloader, with the `GL-Geo` JWT authentication both sides share.

export type { BlobDownloadResult } from '../replicator/blob-replicator.ts';
export { authenticateTransfer, TRANSFER_AUTH_FAILURES } from './authenticate.ts';
export type { AccessKeyLookup, TransferAuthFailure, TransferAuthResult } from './authenticate.ts';
export {
  formatGeoAuthorization,
  GEO_AUTH_SCHEME,
  geoTransferAuthorization,
  parseGeoAuthorization,
} from './authorization-header.ts';
export type { GeoCredentials } from './authorization-header.ts';
export { openBlobFile } from './blob-file.ts';
export type { BlobFileLookup, OpenBlobFile } from './blob-file.ts';
export { transferBlob } from './blob-transfer.ts';
export type { BlobTransferOutcome, BlobTransferRequest } from './blob-transfer.ts';
export {
  describeError,
  DownloadLeaseLostError,
  IncompleteTransferError,
  TransferTimeoutError,
} from './errors.ts';
export { DOWNLOAD_FAILURE_REASONS, HttpBlobDownloader } from './http-blob-downloader.ts';
export type { HttpBlobDownloaderOptions } from './http-blob-downloader.ts';
export {
  FILE_NOT_FOUND_GEO_CODE,
  GEO_RETRIEVE_ROUTE,
  geoRetrieveUrl,
  parseReplicableId,
} from './retrieve-api.ts';
export type { TransferErrorBody } from './retrieve-api.ts';
export { serve } from './serve.ts';
export type { RunningServer, ServeOptions } from './serve.ts';
export { geoTransferRoutes } from './transfer-routes.ts';
export type { GeoTransferRoutesOptions, TransferRefusal } from './transfer-routes.ts';
export {
  signTransferToken,
  TRANSFER_CLOCK_LEEWAY_SECONDS,
  TRANSFER_TOKEN_TTL_SECONDS,
  verifyTransferToken,
} from './transfer-token.ts';
export type { TransferData, TransferTokenVerification } from './transfer-token.ts';

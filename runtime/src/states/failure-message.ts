/** Registry failure columns hold at most this many characters. */
export const FAILURE_MESSAGE_LIMIT = 255;

/** `message: error` cut to the column's limit, ending in `...` when cut. */
export function failureMessage(message: string, error?: unknown): string {
  const detail =
    error === undefined ? '' : `: ${error instanceof Error ? error.message : String(error)}`;
  const full = `${message}${detail}`;
  return full.length <= FAILURE_MESSAGE_LIMIT
    ? full
    : `${full.slice(0, FAILURE_MESSAGE_LIMIT - 3)}...`;
}

// The head of a CGI response (RFC 3875 §6): header lines, then an empty line, then the body.

/** The status and headers a CGI script sent. */
export interface CgiHead {
  readonly status: number;
  readonly headers: Headers;
}

/** Headers of the connection, not of the response: the HTTP server sets its own. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding']);

/**
 * Where the head ends in the output read so far: `headEnd` is the length of the header lines,
 * `bodyStart` where the body begins. Undefined until the empty line has arrived. Scripts may end
 * lines with CRLF (git does) or LF.
 *
 * @example
 * findCgiHeadEnd(Buffer.from('Content-Type: text/plain\r\n\r\nhi')); // { headEnd: 24, bodyStart: 28 }
 */
export function findCgiHeadEnd(
  output: Uint8Array,
): { readonly headEnd: number; readonly bodyStart: number } | undefined {
  const text = Buffer.from(output.buffer, output.byteOffset, output.byteLength);
  const ends = [
    { at: text.indexOf('\r\n\r\n'), length: 4 },
    { at: text.indexOf('\n\n'), length: 2 },
  ].filter((end) => end.at >= 0);
  const first = ends.sort((a, b) => a.at - b.at)[0];
  return first && { headEnd: first.at, bodyStart: first.at + first.length };
}

/**
 * Parses the header lines of a CGI response: `Status: 404 Not Found` gives the status (200
 * without it), the other lines are response headers. Undefined when a line is no header.
 *
 * @example
 * parseCgiHead('Status: 404 Not Found\r\nContent-Type: text/plain')?.status; // 404
 */
export function parseCgiHead(head: string): CgiHead | undefined {
  const headers = new Headers();
  let status = 200;
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') {
      const code = Number(value.split(' ')[0]);
      if (!Number.isInteger(code) || code < 200 || code > 599) return undefined;
      status = code;
    } else if (!HOP_BY_HOP.has(name.toLowerCase())) {
      try {
        headers.append(name, value);
      } catch {
        return undefined;
      }
    }
  }
  return { status, headers };
}

import { describe, expect, it } from 'vitest';
import { findCgiHeadEnd, parseCgiHead } from './cgi-response.ts';

describe('CGI responses', () => {
  it('find the end of the head with CRLF or LF line ends, not before it has arrived', () => {
    expect(findCgiHeadEnd(Buffer.from('A: 1\r\nB: 2\r\n\r\nbody'))).toEqual({
      headEnd: 10,
      bodyStart: 14,
    });
    expect(findCgiHeadEnd(Buffer.from('A: 1\n\nbody'))).toEqual({ headEnd: 4, bodyStart: 6 });
    expect(findCgiHeadEnd(Buffer.from('A: 1\r\nB: 2\r\n'))).toBeUndefined();
    const later = Buffer.from('xxA: 1\r\n\r\n').subarray(2);
    expect(findCgiHeadEnd(later)).toEqual({ headEnd: 4, bodyStart: 8 });
  });

  it('take the status from the Status header, 200 without it, and drop hop-by-hop headers', () => {
    const found = parseCgiHead(
      'Status: 404 Not Found\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked',
    );
    expect(found?.status).toBe(404);
    expect([...(found?.headers ?? [])]).toEqual([['content-type', 'text/plain']]);
    expect(parseCgiHead('Cache-Control: no-cache')?.status).toBe(200);
  });

  it.each([['no header line'], ['Status: abc'], ['Status: 99 Low'], [': value'], ['Bad Name: x']])(
    'refuse the malformed head %j',
    (head) => {
      expect(parseCgiHead(head)).toBeUndefined();
    },
  );
});

// Requests Node's HTTP parser rejects (broken request lines, raw non-ASCII URLs, bad headers) get a short reason too.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

const REASONS: Record<string, string> = {
  HPE_INVALID_CHARACTER: 'The request contains a character HTTP does not allow there; percent-encode the URL as UTF-8.',
  HPE_INVALID_METHOD: 'The request method is not valid HTTP.',
  HPE_INVALID_URL: 'The request URL is not valid.',
  HPE_INVALID_VERSION: 'The HTTP version is not supported.',
  HPE_INVALID_HEADER_TOKEN: 'A request header is malformed.',
  HPE_INVALID_CHUNK_SIZE: 'The chunked request body is malformed.',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'The request has conflicting Content-Length headers.',
  HPE_HEADER_OVERFLOW: 'The request headers (or the URL) are too large; POST long queries in the body.',
};

/** Answers a malformed request with 400 (431 for oversized headers) and a sentence, instead of an empty 400. */
export function explainClientErrors(server: Server): Server {
  server.on('clientError', (err: Error & { code?: string }, socket: Socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    const body = `${REASONS[err.code ?? ''] ?? 'The request is not valid HTTP.'}\n`;
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Access-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}

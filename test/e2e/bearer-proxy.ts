// A loopback reverse proxy that adds `Authorization: Bearer <key>` to requests that carry none,
// for clients that cannot send a header of their own (the conformance CLI in server mode has no
// such option). Everything else passes through untouched, Origin included; Host becomes the
// target's, as behind any reverse proxy.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

export interface BearerProxy {
  url: string;
  close(): Promise<void>;
}

// Hop-by-hop headers (RFC 9110 §7.6.1), and what fetch recomputes: length and host.
const DROPPED_REQUEST = new Set([
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
]);
// fetch has already decoded the body, so its encoding and length no longer apply.
const DROPPED_RESPONSE = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
]);

async function readBody(request: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

async function forward(
  target: string,
  bearer: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || DROPPED_REQUEST.has(name)) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  if (!headers.has('authorization')) headers.set('authorization', `Bearer ${bearer}`);
  const bodyless = request.method === 'GET' || request.method === 'HEAD';
  const upstream = await fetch(new URL(request.url ?? '/', target), {
    method: request.method,
    headers,
    body: bodyless ? undefined : await readBody(request),
    redirect: 'manual',
  });
  const out: Record<string, string> = {};
  upstream.headers.forEach((value, name) => {
    if (!DROPPED_RESPONSE.has(name)) out[name] = value;
  });
  response.writeHead(upstream.status, out);
  if (!upstream.body) return void response.end();
  Readable.fromWeb(upstream.body as NodeReadableStream).pipe(response);
}

/** Listens on 127.0.0.1:`port` (as `localhost`) and forwards to `target` (an origin). */
export async function startBearerProxy(
  target: string,
  bearer: string,
  port: number,
): Promise<BearerProxy> {
  const server = createServer((request, response) => {
    forward(target, bearer, request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(502, { 'Content-Type': 'text/plain' });
      response.end(`bearer proxy: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

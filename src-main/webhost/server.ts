/**
 * The web host: the renderer's static files and the same handlers as the desktop app over HTTP,
 * on 127.0.0.1 only, behind a random token.
 *   GET  /?token=T             the UI (sets an HttpOnly, SameSite=Strict cookie for its assets)
 *   POST /api/<channel>        JSON input → JSON envelope (token in the X-Serve-Doctor-Token header)
 *   POST /api/upload?jobId&name  raw log bytes → diagnosis envelope
 *   GET  /api/events?token=T   Server-Sent Events (progress)
 * Anything without the token gets 403. The API never accepts the cookie alone (cross-site forms).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { AppEvent } from '../ipc/contract';
import { MAX_UPLOAD_BYTES } from '../ipc/contract';
import { dispatch } from '../ipc/dispatch';
import type { Handlers } from '../ipc/handlers';
import { toErrorBody } from '../ipc/errors';
import { TOKEN_COOKIE, TOKEN_HEADER, cookieToken, hostAllowed, sameToken } from './auth';
import { resolveStatic } from './static-files';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** JSON bodies: pasted logs up to the paste limit, as UTF-8. */
const MAX_JSON_BYTES = 200 * 1024 * 1024;

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
  emit(event: AppEvent): void;
}

function securityHeaders(response: ServerResponse): void {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.statusCode = status;
  response.setHeader('Content-Type', type);
  response.setHeader('Cache-Control', 'no-store');
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

class BodyTooLarge extends Error {}

async function readBody(
  request: IncomingMessage,
  limit: number,
  onChunk?: (received: number) => void,
): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    received += buffer.length;
    if (received > limit) throw new BodyTooLarge();
    chunks.push(buffer);
    onChunk?.(received);
  }
  return Buffer.concat(chunks);
}

export async function startWebHost(options: {
  rendererDir: string;
  token: string;
  port?: number;
  /** Handlers receive this host's `emit` to push progress events. */
  createHandlers: (emit: (event: AppEvent) => void) => Handlers;
}): Promise<WebHost> {
  const rendererDir = path.resolve(options.rendererDir);
  const { token } = options;
  const listeners = new Set<ServerResponse>();
  const emit = (event: AppEvent): void => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const listener of listeners) listener.write(frame);
  };
  const handlers = options.createHandlers(emit);
  let port = 0;

  const server: Server = createServer((request, response) => {
    securityHeaders(response);
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: toErrorBody(error) });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!hostAllowed(request, port))
      return send(response, 403, 'text/plain; charset=utf-8', 'Forbidden host.\n');
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const queryToken = url.searchParams.get('token');
    const headerToken = request.headers[TOKEN_HEADER];
    const explicit =
      sameToken(queryToken, token) ||
      sameToken(typeof headerToken === 'string' ? headerToken : undefined, token);
    const isApi = url.pathname.startsWith('/api/');
    const authorized =
      explicit || (!isApi && request.method === 'GET' && sameToken(cookieToken(request), token));
    if (!authorized) {
      return send(
        response,
        403,
        'text/plain; charset=utf-8',
        'Forbidden: open the full address printed by `serve-doctor ui`, including its ?token=…\n',
      );
    }

    if (isApi) return handleApi(url, request, response);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed.\n');
    }
    const found = await resolveStatic(rendererDir, url.pathname);
    if (!found) return send(response, 404, 'text/plain; charset=utf-8', 'Not found.\n');
    if (sameToken(queryToken, token)) {
      response.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    send(response, 200, found.type, found.body);
  }

  async function handleApi(url: URL, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const name = url.pathname.slice('/api/'.length);
    if (name === 'events' && request.method === 'GET') {
      response.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      response.write(': connected\n\n');
      listeners.add(response);
      request.on('close', () => listeners.delete(response));
      return;
    }
    if (request.method !== 'POST')
      return sendJson(response, 405, { ok: false, error: { code: 'method', message: 'POST only.' } });
    try {
      if (name === 'upload') {
        const jobId = url.searchParams.get('jobId') ?? '';
        if (!/^[A-Za-z0-9_-]{1,64}$/.test(jobId)) {
          return sendJson(response, 400, {
            ok: false,
            error: { code: 'invalid-input', message: 'Bad jobId.' },
          });
        }
        const fileName = (url.searchParams.get('name') ?? 'log').slice(0, 256);
        const total = Number(request.headers['content-length'] ?? 0);
        const bytes = await readBody(request, MAX_UPLOAD_BYTES, (received) =>
          emit({ type: 'progress', jobId, bytesRead: received, totalBytes: Math.max(total, received) }),
        );
        const value = await handlers.diagnoseUpload({ jobId, name: fileName, bytes });
        return sendJson(response, 200, { ok: true, value });
      }
      const body = await readBody(request, MAX_JSON_BYTES);
      let input: unknown;
      try {
        input = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        return sendJson(response, 400, {
          ok: false,
          error: { code: 'invalid-input', message: 'Body is not JSON.' },
        });
      }
      const envelope = await dispatch(handlers, name, input);
      const status = envelope.ok
        ? 200
        : envelope.error.code === 'unknown-channel'
          ? 404
          : envelope.error.code === 'invalid-input'
            ? 400
            : 200;
      return sendJson(response, status, envelope);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        response.setHeader('Connection', 'close');
        return sendJson(response, 413, {
          ok: false,
          error: { code: 'too-large', message: 'The log is too large to upload (200 MB at most).' },
        });
      }
      return sendJson(response, 200, { ok: false, error: toErrorBody(error) });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    emit,
    close: () =>
      new Promise<void>((resolve) => {
        for (const listener of listeners) listener.end();
        listeners.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

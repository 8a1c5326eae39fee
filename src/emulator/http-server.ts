/**
 * The HTTP plumbing every emulated endpoint shares: one node:http server per endpoint on 127.0.0.1,
 * fault injection before the request is served, the request log, and the /_emulator admin routes.
 * Kept cheap on purpose: the emulator must never be the bottleneck of a test or a benchmark.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { FaultInjector } from './faults';
import type { FaultSpec, RequestLogEntry } from './types';

export interface EmulatorRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** The request target as sent (path and query string, not decoded). */
  url: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  rawBody: Buffer;
}

export interface EmulatorResponse {
  status: number;
  body?: unknown;
  /** The body already serialized (e.g. pretty-printed); sent as is instead of `body`. */
  payload?: string;
  headers?: Record<string, string>;
}

/** One emulated service answering on its own port: an Elasticsearch cluster or the Cloud API. */
export interface ServiceEndpoint {
  /** Cluster name, or 'cloud'. */
  readonly target: string;
  readonly isCloud: boolean;
  handle(request: EmulatorRequest): EmulatorResponse | Promise<EmulatorResponse>;
  /** The answer of an injected status fault, in the service's own error shape. */
  faultResponse(status: number, request: EmulatorRequest): EmulatorResponse;
  /** Emulator-only admin routes of this endpoint (under /_emulator/), e.g. a connectivity diagnosis. */
  admin?(request: EmulatorRequest, rest: string[]): EmulatorResponse | undefined;
  /** Largest request body served (bytes); a longer one is answered 413 without being buffered. */
  readonly maxContentLength?: number;
}

export interface AdminRoutes {
  /** Whether the request carries the emulator's own admin credential (never a cluster's). */
  authorizes(request: EmulatorRequest): boolean;
  handle(request: EmulatorRequest, rest: string[]): EmulatorResponse | Promise<EmulatorResponse> | undefined;
}

const MAX_LOG_ENTRIES = 100_000;
const jsonHeaders = { 'content-type': 'application/json' };

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private total = 0;
  private readonly listeners = new Set<(entry: RequestLogEntry) => void>();

  /** Calls `listener` right after each logged request has been answered (or dropped); returns the unsubscribe. */
  onAnswered(listener: (entry: RequestLogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  answered(entry: RequestLogEntry): void {
    for (const listener of this.listeners) listener(entry);
  }

  record(entry: RequestLogEntry): void {
    this.total += 1;
    // Keeps the newest entries; dropping half at once keeps recording O(1) amortised.
    if (this.entries.length >= MAX_LOG_ENTRIES) this.entries = this.entries.slice(MAX_LOG_ENTRIES / 2);
    this.entries.push(entry);
  }

  count(): number {
    return this.total;
  }

  list(): RequestLogEntry[] {
    return this.entries.slice();
  }

  reset(): void {
    this.entries = [];
    this.total = 0;
  }
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

export function parseJsonBody(request: EmulatorRequest): unknown {
  if (request.rawBody.length === 0) return undefined;
  return JSON.parse(request.rawBody.toString('utf8'));
}

function send(res: http.ServerResponse, response: EmulatorResponse, head: boolean, now = Date.now()): void {
  const payload = response.payload ?? (response.body === undefined ? '' : JSON.stringify(response.body));
  res.writeHead(response.status, {
    // The server's clock is the emulator's (tests move it forward), as a client reading `Date` sees it.
    date: new Date(now).toUTCString(),
    ...(payload === '' ? {} : jsonHeaders),
    'content-length': Buffer.byteLength(payload),
    ...response.headers,
  });
  res.end(head ? undefined : payload);
}

export class EndpointServer {
  private readonly server: http.Server;
  url = '';

  constructor(
    private readonly endpoint: ServiceEndpoint,
    private readonly faults: FaultInjector,
    private readonly log: RequestLog,
    private readonly adminRoutes: AdminRoutes,
    private readonly now: () => number,
    /** Serve HTTPS with this certificate (e.g. an ECE coordinator behind a private CA). */
    private readonly tls?: { certPem: string; keyPem: string },
  ) {
    const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => this.onRequest(req, res);
    this.server = tls ? https.createServer({ cert: tls.certPem, key: tls.keyPem }, onRequest) : http.createServer(onRequest);
    this.server.keepAliveTimeout = 30_000;
  }

  async listen(port = 0): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.url = `${this.tls ? 'https' : 'http'}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const limit = this.endpoint.maxContentLength ?? Infinity;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return this.tooLarge(req, res);
    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      // A chunked body is counted as it arrives, so nothing past the limit is kept.
      if (received > limit) return this.tooLarge(req, res);
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (received > limit) return;
      const rawUrl = req.url ?? '/';
      const queryAt = rawUrl.indexOf('?');
      const request: EmulatorRequest = {
        method: (req.method ?? 'GET').toUpperCase(),
        url: rawUrl,
        path: safeDecode(queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt)),
        query: new URLSearchParams(queryAt === -1 ? '' : rawUrl.slice(queryAt + 1)),
        headers: req.headers,
        rawBody: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
      };
      this.serve(request, res).catch((error: unknown) => {
        if (!res.headersSent) send(res, { status: 500, body: { error: `emulator failure: ${(error as Error).message}` } }, false);
        else res.destroy();
      });
    });
  }

  private logged(method: string, path: string): RequestLogEntry {
    const entry: RequestLogEntry = { method, path, status: 0 };
    if (this.endpoint.isCloud) entry.service = this.endpoint.target;
    else entry.cluster = this.endpoint.target;
    this.log.record(entry);
    return entry;
  }

  /** Netty's HttpObjectAggregator answer past http.max_content_length: 413, empty body, connection closed. */
  private tooLarge(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (res.headersSent) return;
    const path = safeDecode((req.url ?? '/').split('?')[0]);
    const entry = this.logged((req.method ?? 'GET').toUpperCase(), path);
    entry.status = 413;
    req.removeAllListeners('data');
    res.writeHead(413, { 'content-length': 0, connection: 'close' });
    res.end(() => req.socket.destroy());
    this.log.answered(entry);
  }

  private async serve(request: EmulatorRequest, res: http.ServerResponse): Promise<void> {
    const head = request.method === 'HEAD';
    if (request.path.startsWith('/_emulator/') || request.path === '/_emulator') {
      if (!this.adminRoutes.authorizes(request)) {
        send(res, { status: 401, headers: { 'www-authenticate': 'Bearer realm="elastic-remote-emulator"' }, body: { error: 'the emulator admin routes need Authorization: Bearer <admin.token> (printed with the topology)' } }, head);
        return;
      }
      const rest = request.path.split('/').slice(2).filter((s) => s.length > 0);
      const answer = this.endpoint.admin?.(request, rest) ?? (await this.adminRoutes.handle(request, rest));
      send(res, answer ?? { status: 404, body: { error: `no emulator admin route ${request.method} ${request.path}` } }, head);
      return;
    }
    const entry = this.logged(request.method, request.path);

    const firing = this.faults.active
      ? this.faults.draw(request.method, request.path, this.endpoint.target, ['latency', 'status', 'drop'])
      : [];
    let answer: EmulatorResponse | undefined;
    for (const fault of firing) {
      if (fault.kind === 'latency') await delay(fault.latencyMs ?? 0);
      else if (fault.kind === 'drop') {
        entry.fault = 'drop';
        res.socket?.destroy();
        this.log.answered(entry);
        return;
      } else if (fault.kind === 'status' && !answer) {
        entry.fault = 'status';
        answer = this.endpoint.faultResponse(fault.status ?? 503, request);
        if (fault.retryAfterSeconds !== undefined) answer.headers = { ...answer.headers, 'retry-after': String(fault.retryAfterSeconds) };
      }
    }
    if (firing.some((f: FaultSpec) => f.kind === 'latency')) entry.fault ??= 'latency';
    answer ??= await this.endpoint.handle(request);
    entry.status = answer.status;
    send(res, answer, head, this.now());
    this.log.answered(entry);
  }
}

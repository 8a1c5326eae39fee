/**
 * The one HTTP transport every API client uses: a keep-alive undici pool for the API's origin,
 * per-request timeouts, retries with exponential backoff and full jitter where retrying is safe
 * (see retry-policy.ts), custom CA bundles, and typed errors whose messages are redacted.
 */
import { rootCertificates } from 'node:tls';
import type { Dispatcher } from 'undici';
import { ConfigurationError } from '../settings/configuration-error';
import { silentLogger, type Logger } from '../log';
import { registerCredentialFields, registerSecret } from '../secrets/redaction';
import { ApiError, TransportError, UncertainOutcomeError, type ApiService, type HttpMethod, type RequestIdentity } from './errors';
import { proxyFromEnvironment } from './proxy';
import { SharedReads } from './shared-reads';
import { classifyFailure, decideAfterAttempt, defaultBackoff, parseRetryAfter, retryDelay, type BackoffPolicy, type NetworkFailure } from './retry-policy';

export type ApiAuth = { kind: 'apiKey'; apiKey: string } | { kind: 'basic'; username: string; password: string };

export interface TransportOptions {
  service: ApiService;
  /** Origin plus an optional path prefix, e.g. `https://host:9243` or `https://proxy.example/es`. */
  baseUrl: string;
  auth?: ApiAuth;
  /** Extra CA certificates (PEM), trusted in addition to Node's default roots. */
  caCertPem?: string;
  /** Turns TLS certificate verification off. Only when a user explicitly asks for it. */
  insecureSkipVerify?: boolean;
  /**
   * HTTP proxy for this API (`http://[user:password@]host:port`). Default: HTTPS_PROXY / HTTP_PROXY /
   * NO_PROXY from the environment, never for loopback addresses.
   */
  proxyUrl?: string;
  /**
   * Limit for connecting, for the response headers, and for each pause while the body streams.
   * Default 60 s. undici checks these limits on a ~1 s tick, so sub-second values fire late.
   */
  timeoutMs?: number;
  /** Retries after the first attempt, where retrying is safe. Default 3 (so at most 4 attempts). */
  maxRetries?: number;
  /** Injected so tests can observe retry pauses without waiting. */
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
  /** Source of jitter in [0, 1); injected by tests. */
  random?: () => number;
  backoff?: Partial<BackoffPolicy>;
  /**
   * Serves each read marked `shared` once until the next write through this transport (see
   * shared-reads.ts). For a front end whose process serves one operation (a Terraform plan or apply).
   */
  shareReads?: boolean;
}

export interface ApiRequest {
  method: HttpMethod;
  /** API path, e.g. `/_cluster/settings`; may carry its own query string. */
  path: string;
  /** Added to the query string; undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON when defined. */
  body?: unknown;
  /** Default true for GET/HEAD/PUT/DELETE, false for POST/PATCH. */
  idempotent?: boolean;
  /**
   * A GET whose answer may be shared with the other resources of the operation (a refresh read),
   * when the transport shares reads. Never for a poll or a read-back that must see a fresh answer.
   */
  shared?: boolean;
}

/** What a client's read method lets its caller choose. */
export type ReadOptions = Pick<ApiRequest, 'shared'>;

export interface ApiResponse<T> {
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Parsed JSON; undefined when empty. A success answer that is not JSON is a TransportError (`not-json`). */
  body: T;
}

/** Above Elasticsearch's own 30 s master/ack timeouts, so its answer arrives before ours fires. */
export const defaultTimeoutMs = 60_000;
export const defaultMaxRetries = 3;
const maxConnectTimeoutMs = 10_000;
const userAgent = 'elastic-remote-clusters';

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

type AttemptResult =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: unknown }
  | { kind: 'failure'; failure: NetworkFailure; code: string | undefined; detail: string; cause: unknown };

export class HttpTransport {
  readonly service: ApiService;
  private readonly origin: string;
  private readonly basePath: string;
  private readonly authorization: string | undefined;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly logger: Logger;
  private readonly random: () => number;
  private readonly backoff: BackoffPolicy;
  private readonly tls: { ca?: string[]; rejectUnauthorized: boolean };
  /** `undefined` when the API is reached directly. */
  private readonly proxy: URL | undefined;
  /** Opened by the first request: undici is loaded only then (see undici-dispatchers.ts). */
  private dispatcher: Promise<Dispatcher> | undefined;
  private attemptsSent = 0;
  /** The server's clock minus ours, from the last response with a `Date` header (undefined before one). */
  private serverClockOffsetMs: number | undefined;
  private readonly sharedReads: SharedReads | undefined;

  constructor(options: TransportOptions) {
    this.service = options.service;
    const url = parseBaseUrl(options.service, options.baseUrl);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.authorization = authorizationHeader(options.auth);
    this.timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    this.maxRetries = options.maxRetries ?? defaultMaxRetries;
    this.sleep = options.sleep ?? defaultSleep;
    this.logger = options.logger ?? silentLogger;
    this.random = options.random ?? Math.random;
    this.backoff = { ...defaultBackoff, ...options.backoff };
    // Node's `ca` replaces the default roots; keep them so a private CA is added, not substituted.
    this.tls = {
      ca: options.caCertPem ? [...rootCertificates, options.caCertPem] : undefined,
      rejectUnauthorized: options.insecureSkipVerify !== true,
    };
    this.proxy = parseProxyUrl(options.service, options.proxyUrl ?? proxyFromEnvironment(url));
    this.sharedReads = options.shareReads ? new SharedReads() : undefined;
    if (options.insecureSkipVerify && url.protocol === 'https:') {
      this.logger.warn('TLS certificate verification is off for this API (insecure)', { service: this.service, origin: this.origin });
    }
  }

  /** HTTP attempts sent so far, retries included. */
  get requestCount(): number {
    return this.attemptsSent;
  }

  /** The origin and base path requests go to, e.g. `https://api.elastic-cloud.com/api/v1`: names the API in locks and logs. */
  get target(): string {
    return this.origin + this.basePath;
  }

  /**
   * The server's time now, as its last `Date` header said (to the second), carried forward on this
   * machine's clock; undefined until a response carried one. Decisions the server's clock judges
   * (a key's age) use it, so a skewed runner does not rotate early or late.
   */
  serverTime(now = Date.now()): Date | undefined {
    return this.serverClockOffsetMs === undefined ? undefined : new Date(now + this.serverClockOffsetMs);
  }

  /** True when reads marked `shared` are answered once per operation (until a write). */
  get sharesReads(): boolean {
    return this.sharedReads !== undefined;
  }

  async request<T>(request: ApiRequest): Promise<ApiResponse<T>> {
    const shared = this.sharedReads;
    if (!shared) return this.send(request);
    if (request.method === 'GET' && request.shared) return shared.read(this.pathOf(request), () => this.send<T>(request));
    if (request.method === 'GET' || request.method === 'HEAD') return this.send(request);
    shared.forget();
    try {
      return await this.send(request);
    } finally {
      shared.forget();
    }
  }

  private async send<T>(request: ApiRequest): Promise<ApiResponse<T>> {
    const identity: RequestIdentity = { service: this.service, method: request.method, path: request.path.split('?')[0] };
    const idempotent = request.idempotent ?? !(request.method === 'POST' || request.method === 'PATCH');
    const target = this.pathOf(request);
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const maxAttempts = this.maxRetries + 1;

    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      const result = await this.attempt(request.method, target, body);
      const ms = Date.now() - started;
      const attemptsLeft = attempt < maxAttempts;
      if (result.kind === 'response') this.noteServerClock(result.headers.date, started + ms / 2);

      if (result.kind === 'response') {
        this.logger.debug('http request', { ...identity, status: result.status, attempt, ms });
        const decision = decideAfterAttempt({ kind: 'status', status: result.status }, idempotent, attemptsLeft);
        if (decision === 'retry') {
          const retryAfterMs = parseRetryAfter(result.headers['retry-after'], Date.now());
          await this.pause(identity, attempt, `HTTP ${result.status}`, retryAfterMs);
          continue;
        }
        if (decision === 'uncertain') {
          throw new UncertainOutcomeError(identity, attempt, `HTTP ${result.status} from the server or a gateway`, result.status, result.body);
        }
        if (result.status >= 200 && result.status < 300) {
          if (typeof result.body === 'string') {
            const contentType = result.headers['content-type'] ?? 'no content type';
            const detail = `HTTP ${result.status} answered with ${contentType} instead of JSON: check that the endpoint is the ${this.service} API (not Kibana or a login page)`;
            throw new TransportError(identity, attempt, 'not-json', undefined, detail);
          }
          return { status: result.status, headers: result.headers, body: result.body as T };
        }
        throw new ApiError({ ...identity, status: result.status, body: result.body, headers: result.headers, attempts: attempt });
      }

      this.logger.debug('http request', { ...identity, error: result.code ?? result.failure, attempt, ms });
      const decision = decideAfterAttempt({ kind: 'failure', failure: result.failure }, idempotent, attemptsLeft);
      if (decision === 'retry') {
        await this.pause(identity, attempt, result.code ?? result.failure, undefined);
        continue;
      }
      if (decision === 'uncertain') {
        throw new UncertainOutcomeError(identity, attempt, result.detail, undefined, undefined, result.cause);
      }
      throw new TransportError(identity, attempt, result.failure, result.code, result.detail, result.cause);
    }
  }

  /** The request's path on the origin, query included: one transport talks to one origin, so it names the read. */
  private pathOf(request: ApiRequest): string {
    return this.basePath + request.path + queryString(request.path, request.query);
  }

  private noteServerClock(date: string | undefined, localMidpointMs: number): void {
    const serverMs = date === undefined ? NaN : Date.parse(date);
    // `Date` has whole seconds: the server's second started up to 1 s before the midpoint.
    if (Number.isFinite(serverMs)) this.serverClockOffsetMs = serverMs + 500 - localMidpointMs;
  }

  /** Closes the keep-alive connections. The transport reopens them if used again. */
  async close(): Promise<void> {
    const dispatcher = this.dispatcher;
    this.dispatcher = undefined;
    if (dispatcher) await (await dispatcher).close();
  }

  private async pause(identity: RequestIdentity, attempt: number, reason: string, retryAfterMs: number | undefined): Promise<void> {
    const delayMs = retryDelay(attempt - 1, retryAfterMs, this.backoff, this.random);
    this.logger.debug('http retry', { ...identity, attempt, reason, delayMs });
    await this.sleep(delayMs);
  }

  /** A keep-alive pool for the API's origin, or a proxy agent tunnelling to it (keeping its tunnels alive). */
  private connections(): Promise<Dispatcher> {
    this.dispatcher ??= import('./undici-dispatchers').then(({ Pool, ProxyAgent }) => {
      const connect = { ...this.tls, timeout: Math.min(this.timeoutMs, maxConnectTimeoutMs) };
      const poolOptions = {
        connections: 8,
        // Idle sockets are dropped before typical server/proxy idle limits (Node 5 s), so a create is
        // rarely sent on a socket the server is closing (which would make its outcome uncertain).
        // A server's `Keep-Alive: timeout=` hint, when sent, takes precedence up to the maximum.
        keepAliveTimeout: 4_000,
        keepAliveMaxTimeout: 60_000,
      };
      return this.proxy
        ? new ProxyAgent({ ...poolOptions, uri: this.proxy.href, requestTls: connect, proxyTls: { timeout: connect.timeout } })
        : new Pool(this.origin, { ...poolOptions, connect });
    });
    return this.dispatcher;
  }

  private async attempt(method: HttpMethod, target: string, body: string | undefined): Promise<AttemptResult> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': userAgent };
    if (this.authorization) headers.authorization = this.authorization;
    if (body !== undefined) headers['content-type'] = 'application/json';
    this.attemptsSent++;
    try {
      const response = await (await this.connections()).request({
        origin: this.origin,
        method,
        path: target,
        headers,
        body,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      const responseHeaders = flattenHeaders(response.headers);
      const parsed = parseBody(await response.body.text(), responseHeaders['content-type']);
      registerCredentialFields(parsed);
      return { kind: 'response', status: response.statusCode, headers: responseHeaders, body: parsed };
    } catch (error) {
      const code = errorCode(error);
      const failure = classifyFailure(code);
      return { kind: 'failure', failure, code, detail: this.describeFailure(failure, code, error), cause: error };
    }
  }

  private describeFailure(failure: NetworkFailure, code: string | undefined, error: unknown): string {
    const tag = code ? ` (${code})` : '';
    const via = this.proxy ? ` through the proxy ${this.proxy.origin}` : '';
    switch (failure) {
      case 'connection-refused':
        return `cannot connect to ${this.origin}${via}${tag}`;
      case 'dns':
        return `cannot resolve the host of ${this.origin}${via}${tag}`;
      case 'connect-timeout':
        return `no connection to ${this.origin}${via} within ${Math.min(this.timeoutMs, maxConnectTimeoutMs)} ms${tag}`;
      case 'connection-dropped':
        return `the connection to ${this.origin} dropped${tag}`;
      case 'timeout':
        return `no response within ${this.timeoutMs} ms${tag}`;
      case 'tls':
        return (
          `TLS verification of ${this.origin} failed${tag}: ${errorMessage(error)}; ` +
          'trust the server with a CA bundle (ca_cert / the *_CA_CERT_FILE environment variables), ' +
          'or turn verification off explicitly (insecure)'
        );
      case 'other':
        return `request to ${this.origin}${via} failed${tag}: ${errorMessage(error)}`;
    }
  }
}

function parseBaseUrl(service: ApiService, baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigurationError(`${service} endpoint is not a URL: expected http(s)://host[:port][/path]`, [`${service}.endpoint`]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigurationError(`${service} endpoint must use http or https, not ${url.protocol}`, [`${service}.endpoint`]);
  }
  if (url.username || url.password) {
    throw new ConfigurationError(`${service} endpoint must not carry credentials: configure an API key or username/password instead`, [
      `${service}.endpoint`,
    ]);
  }
  return url;
}

function parseProxyUrl(service: ApiService, proxyUrl: string | undefined): URL | undefined {
  if (!proxyUrl) return undefined;
  let url: URL;
  try {
    url = new URL(proxyUrl);
  } catch {
    throw new ConfigurationError(`${service} proxy is not a URL: expected http(s)://[user:password@]host:port`, [`${service}.proxy`]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigurationError(`${service} proxy must use http or https, not ${url.protocol}`, [`${service}.proxy`]);
  }
  if (url.password) {
    const password = decodeURIComponent(url.password);
    registerSecret(password);
    registerSecret(url.password);
    registerSecret(Buffer.from(`${decodeURIComponent(url.username)}:${password}`).toString('base64'));
  }
  return url;
}

function authorizationHeader(auth: ApiAuth | undefined): string | undefined {
  if (!auth) return undefined;
  if (auth.kind === 'apiKey') {
    registerSecret(auth.apiKey);
    return `ApiKey ${auth.apiKey}`;
  }
  const encoded = Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64');
  registerSecret(auth.password);
  registerSecret(encoded);
  return `Basic ${encoded}`;
}

function queryString(path: string, query: ApiRequest['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.append(name, String(value));
  const text = params.toString();
  if (!text) return '';
  return (path.includes('?') ? '&' : '?') + text;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return undefined;
  if (contentType === undefined || /\bjson\b/i.test(contentType)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR') {
      // undici wraps socket-level errors; the cause's code (ECONNRESET) says more than UND_ERR_SOCKET.
      const inner = errorCode((current as { cause?: unknown }).cause);
      return inner && code === 'UND_ERR_SOCKET' ? inner : code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

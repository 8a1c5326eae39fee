/**
 * Typed failures of an API request. Every message goes through redaction and is built only from the
 * method, the path (never the query string or body) and the server's error summary, so credentials
 * and request bodies cannot appear in it.
 */
import { redact, redactValue } from '../secrets/redaction';

export type ApiService = 'elasticsearch' | 'cloud';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestIdentity {
  service: ApiService;
  method: HttpMethod;
  /** Request path without the query string. */
  path: string;
}

/** Common shape of the transport's errors: which request failed, after how many attempts. */
export abstract class RequestError extends Error {
  readonly service: ApiService;
  readonly method: HttpMethod;
  readonly path: string;
  /** HTTP attempts made (1 when the request was not retried). */
  readonly attempts: number;

  protected constructor(request: RequestIdentity, attempts: number, detail: string, cause?: unknown) {
    const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
    super(redact(`${request.service} ${request.method} ${request.path}: ${detail}${tries}`));
    this.service = request.service;
    this.method = request.method;
    this.path = request.path;
    this.attempts = attempts;
    if (cause !== undefined) Object.defineProperty(this, 'cause', { value: cause, enumerable: false });
  }
}

export interface ApiErrorInit extends RequestIdentity {
  status: number;
  /** Parsed JSON error body (or text) as the server sent it; kept with registered secrets redacted. */
  body: unknown;
  headers?: Record<string, string>;
  attempts?: number;
}

/** The API answered with a non-2xx status (after retries, for retryable statuses). */
export class ApiError extends RequestError {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;

  /** `summary` overrides the part after `HTTP <status>` (clients pass the API's own error reason). */
  constructor(init: ApiErrorInit, summary?: string) {
    const reason = summary ?? summarizeErrorBody(init.body);
    super(init, init.attempts ?? 1, `HTTP ${init.status}${reason ? ` ${reason}` : ''}`);
    this.name = 'ApiError';
    this.status = init.status;
    this.body = redactValue(init.body);
    this.headers = init.headers ?? {};
  }
}

/** Why the network failed. `not-sent` failures happened before the request left this process. */
export type TransportFailure =
  | 'connection-refused'
  | 'dns'
  | 'connect-timeout'
  | 'tls'
  | 'connection-dropped'
  | 'timeout'
  /** A success status with a body that is not JSON: usually an endpoint that is not the API (Kibana, a login page). */
  | 'not-json'
  | 'other';

/** The request got no HTTP answer (after retries, where retrying was safe). */
export class TransportError extends RequestError {
  readonly failure: TransportFailure;
  /** The low-level error code, e.g. `ECONNRESET`, `UND_ERR_HEADERS_TIMEOUT`, `SELF_SIGNED_CERT_IN_CHAIN`. */
  readonly code: string | undefined;

  constructor(request: RequestIdentity, attempts: number, failure: TransportFailure, code: string | undefined, detail: string, cause?: unknown) {
    super(request, attempts, detail, cause);
    this.name = 'TransportError';
    this.failure = failure;
    this.code = code;
  }
}

/**
 * A non-idempotent request (a create) may or may not have taken effect: the connection dropped after
 * it was sent, it timed out, or a gateway answered 502/503/504. Retrying blindly could create a
 * duplicate, so the caller must look the object up (e.g. by name) before trying again.
 */
export class UncertainOutcomeError extends RequestError {
  /** The gateway status, when the uncertainty comes from a 502/503/504. */
  readonly status: number | undefined;
  readonly body: unknown;

  constructor(request: RequestIdentity, attempts: number, detail: string, status?: number, body?: unknown, cause?: unknown) {
    super(request, attempts, `outcome unknown (${detail}); look the object up before trying again`, cause);
    this.name = 'UncertainOutcomeError';
    this.status = status;
    this.body = redactValue(body);
  }
}

/**
 * A one-line reason from the error bodies of Elasticsearch (`error.type`/`error.reason`) and of the
 * Cloud API (`errors[].code`/`errors[].message`); a bounded excerpt of anything else.
 */
export function summarizeErrorBody(body: unknown): string {
  if (body === undefined || body === null || body === '') return '';
  if (typeof body === 'string') return excerpt(body);
  if (typeof body !== 'object') return excerpt(String(body));
  const record = body as Record<string, unknown>;
  const esError = record.error;
  if (esError && typeof esError === 'object') {
    const { type, reason } = esError as Record<string, unknown>;
    if (typeof type === 'string' || typeof reason === 'string') {
      return excerpt([type, reason].filter((x) => typeof x === 'string').join(': '));
    }
  }
  if (typeof esError === 'string') return excerpt(esError);
  if (Array.isArray(record.errors)) {
    const parts = record.errors
      .filter((e): e is Record<string, unknown> => !!e && typeof e === 'object')
      .map((e) => [e.code, e.message].filter((x) => typeof x === 'string').join(': '))
      .filter((s) => s.length > 0);
    if (parts.length > 0) return excerpt(parts.join('; '));
  }
  if (typeof record.message === 'string') return excerpt(record.message);
  return excerpt(JSON.stringify(body));
}

function excerpt(text: string, limit = 500): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > limit ? `${oneLine.slice(0, limit)}…` : oneLine;
}

/**
 * The transport's retry decisions, as pure functions.
 *
 * Which failures may be retried depends on whether the server could have acted on the request:
 * - not sent (connection refused, DNS, connect timeout): nothing happened; safe for every method;
 * - 429 Too Many Requests: the server refused the request without processing it; safe for every method;
 * - 502/503/504, a dropped connection, or a response timeout: the request may have been processed.
 *   Idempotent requests (GET/HEAD/PUT/DELETE by default) are retried; non-idempotent ones
 *   (POST/PATCH by default) are not: the caller gets an `UncertainOutcomeError` and looks the object up.
 * - TLS failures and other statuses are final.
 */
import type { TransportFailure } from './errors';

export const retryableStatuses: ReadonlySet<number> = new Set([429, 502, 503, 504]);

export interface BackoffPolicy {
  /** First retry's upper bound, doubled per attempt. */
  baseDelayMs: number;
  /** Upper bound of any computed backoff. */
  maxDelayMs: number;
  /** Upper bound of a server's Retry-After; longer requests are shortened to this. */
  maxRetryAfterMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseDelayMs: 200, maxDelayMs: 10_000, maxRetryAfterMs: 30_000 };

/** Full jitter: uniform in [0, min(max, base * 2^retry)). `retry` counts from 0. */
export function backoffDelay(retry: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/** Retry-After as delta-seconds or an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // HTTP dates always name a day or month; this keeps numbers like `-5` from parsing as years.
  const date = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** The wait before the next attempt: the server's Retry-After (capped) when given, else jittered backoff. */
export function retryDelay(retry: number, retryAfterMs: number | undefined, policy: BackoffPolicy, random: () => number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  return backoffDelay(retry, policy, random);
}

export type AttemptOutcome = { kind: 'status'; status: number } | { kind: 'failure'; failure: TransportFailure };

export type RetryDecision = 'done' | 'retry' | 'uncertain' | 'fail';

/** What to do after an attempt, given whether the request is idempotent and attempts remain. */
export function decideAfterAttempt(outcome: AttemptOutcome, idempotent: boolean, attemptsLeft: boolean): RetryDecision {
  if (outcome.kind === 'status') {
    if (!retryableStatuses.has(outcome.status)) return 'done';
    if (outcome.status === 429 || idempotent) return attemptsLeft ? 'retry' : 'done';
    return 'uncertain';
  }
  switch (outcome.failure) {
    case 'connection-refused':
    case 'dns':
    case 'connect-timeout':
      return attemptsLeft ? 'retry' : 'fail';
    case 'connection-dropped':
    case 'timeout':
      if (!idempotent) return 'uncertain';
      return attemptsLeft ? 'retry' : 'fail';
    case 'tls':
    case 'not-json':
    case 'other':
      return 'fail';
  }
}

/** Failures of the connection itself (everything but an unusable answer). */
export type NetworkFailure = Exclude<TransportFailure, 'not-json'>;

/** Maps a low-level error code (Node, undici, OpenSSL) to the failure kinds above. */
export function classifyFailure(code: string | undefined): NetworkFailure {
  switch (code) {
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'connection-refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'dns';
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connect-timeout';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
    case 'ECONNABORTED':
      return 'connection-dropped';
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'ETIMEDOUT':
      return 'timeout';
    default:
      return code !== undefined && isTlsErrorCode(code) ? 'tls' : 'other';
  }
}

function isTlsErrorCode(code: string): boolean {
  return (
    /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH|DEPTH_ZERO/.test(code) || code.startsWith('ERR_OSSL')
  );
}

import { backoffDelay, classifyFailure, decideAfterAttempt, defaultBackoff, parseRetryAfter, retryDelay } from './retry-policy';

describe('backoff', () => {
  it('doubles the ceiling per retry up to the maximum, with full jitter', () => {
    const top = () => 0.999999;
    expect([0, 1, 2, 3, 10].map((r) => backoffDelay(r, defaultBackoff, top))).toEqual([199, 399, 799, 1599, 9999]);
    expect(backoffDelay(5, defaultBackoff, () => 0)).toBe(0);
  });

  it('prefers the server Retry-After, capped', () => {
    expect(retryDelay(0, 5000, defaultBackoff, () => 0.5)).toBe(5000);
    expect(retryDelay(0, 600_000, defaultBackoff, () => 0.5)).toBe(defaultBackoff.maxRetryAfterMs);
    expect(retryDelay(2, undefined, defaultBackoff, () => 0.5)).toBe(400);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('decideAfterAttempt', () => {
  const status = (s: number) => ({ kind: 'status' as const, status: s });
  const failure = (f: Parameters<typeof classifyFailure>[0]) => ({ kind: 'failure' as const, failure: classifyFailure(f) });

  it('retries idempotent requests on 429/502/503/504 while attempts remain', () => {
    for (const s of [429, 502, 503, 504]) {
      expect(decideAfterAttempt(status(s), true, true)).toBe('retry');
      expect(decideAfterAttempt(status(s), true, false)).toBe('done');
    }
    for (const s of [200, 201, 400, 401, 403, 404, 409, 500]) expect(decideAfterAttempt(status(s), true, true)).toBe('done');
  });

  it('retries a non-idempotent request only when it was certainly not processed', () => {
    expect(decideAfterAttempt(status(429), false, true)).toBe('retry');
    for (const s of [502, 503, 504]) expect(decideAfterAttempt(status(s), false, true)).toBe('uncertain');
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'UND_ERR_CONNECT_TIMEOUT']) expect(decideAfterAttempt(failure(code), false, true)).toBe('retry');
    for (const code of ['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']) {
      expect(decideAfterAttempt(failure(code), false, true)).toBe('uncertain');
      expect(decideAfterAttempt(failure(code), true, true)).toBe('retry');
      expect(decideAfterAttempt(failure(code), true, false)).toBe('fail');
    }
  });

  it('never retries TLS or unknown failures', () => {
    for (const code of ['SELF_SIGNED_CERT_IN_CHAIN', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', undefined, 'ESOMETHING']) {
      expect(decideAfterAttempt(failure(code), true, true)).toBe('fail');
    }
    expect(classifyFailure('DEPTH_ZERO_SELF_SIGNED_CERT')).toBe('tls');
  });
});

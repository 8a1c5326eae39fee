import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { memoryLogger } from '../log';
import { ApiError, TransportError, UncertainOutcomeError } from './errors';
import { HttpTransport, type TransportOptions } from './transport';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string, n: number) => void;

interface TestServer {
  url: string;
  /** Requests that reached the handler, in order. */
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  connections: number;
  close(): Promise<void>;
}

const servers: TestServer[] = [];
const transports: HttpTransport[] = [];

async function startServer(handler: Handler): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const state = { connections: 0 };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body, requests.length);
    });
  });
  server.on('connection', () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const test: TestServer = {
    url: `http://127.0.0.1:${port}`,
    requests,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(test);
  return test;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A sleep that records the pauses instead of waiting. */
function recordingSleep(): { sleep: (ms: number) => Promise<void>; pauses: number[] } {
  const pauses: number[] = [];
  return { pauses, sleep: async (ms) => void pauses.push(ms) };
}

function transport(options: Partial<TransportOptions> & { baseUrl: string }): HttpTransport {
  const t = new HttpTransport({ service: 'elasticsearch', sleep: async () => undefined, ...options });
  transports.push(t);
  return t;
}

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('requests', () => {
  it('sends JSON with the API key, builds the query string, parses JSON answers', async () => {
    const server = await startServer((req, res, body) => json(res, 200, { echoed: JSON.parse(body), url: req.url }));
    const t = transport({ baseUrl: `${server.url}/prefix/`, auth: { kind: 'apiKey', apiKey: 'a2V5aWQ6c2VjcmV0cGFydA==' } });
    const response = await t.request<{ echoed: unknown; url: string }>({
      method: 'PUT',
      path: '/_cluster/settings',
      query: { flat_settings: true, skip: undefined, timeout: '30s' },
      body: { persistent: { 'cluster.remote.a.mode': 'proxy' } },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ echoed: { persistent: { 'cluster.remote.a.mode': 'proxy' } }, url: '/prefix/_cluster/settings?flat_settings=true&timeout=30s' });
    expect(response.headers['content-type']).toBe('application/json');
    const [seen] = server.requests;
    expect(seen.headers.authorization).toBe('ApiKey a2V5aWQ6c2VjcmV0cGFydA==');
    expect(seen.headers['content-type']).toBe('application/json');
    expect(t.requestCount).toBe(1);
  });

  it('sends basic credentials', async () => {
    const server = await startServer((_req, res) => json(res, 200, {}));
    await transport({ baseUrl: server.url, auth: { kind: 'basic', username: 'elastic', password: 'pa:ss word' } }).request({ method: 'GET', path: '/' });
    expect(server.requests[0].headers.authorization).toBe(`Basic ${Buffer.from('elastic:pa:ss word').toString('base64')}`);
  });

  it('returns undefined for empty bodies, and rejects a success answer that is not JSON', async () => {
    const server = await startServer((req, res) => {
      if (req.method === 'HEAD') return void res.writeHead(200).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html>Kibana</html>');
    });
    const t = transport({ baseUrl: server.url });
    expect((await t.request({ method: 'HEAD', path: '/' })).body).toBeUndefined();
    const error = await t.request({ method: 'GET', path: '/' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ failure: 'not-json', attempts: 1 });
    expect((error as Error).message).toBe(
      'elasticsearch GET /: HTTP 200 answered with text/html; charset=utf-8 instead of JSON: check that the endpoint is the elasticsearch API (not Kibana or a login page)',
    );
  });

  it('reuses keep-alive connections for sequential requests', async () => {
    const server = await startServer((_req, res) => json(res, 200, { ok: true }));
    const t = transport({ baseUrl: server.url });
    for (let i = 0; i < 25; i++) await t.request({ method: 'GET', path: `/item/${i}` });
    expect(server.requests).toHaveLength(25);
    // undici's pool may hand the next request to a second idle connection; both are kept alive.
    expect(server.connections).toBeLessThanOrEqual(2);
  });

  it('bounds concurrent connections per origin', async () => {
    const server = await startServer((_req, res) => setTimeout(() => json(res, 200, { ok: true }), 20));
    const t = transport({ baseUrl: server.url });
    await Promise.all(Array.from({ length: 40 }, (_, i) => t.request({ method: 'GET', path: `/item/${i}` })));
    expect(server.requests).toHaveLength(40);
    expect(server.connections).toBeLessThanOrEqual(8);
  });

  it('turns a non-2xx answer into an ApiError with the API reason', async () => {
    const server = await startServer((_req, res) =>
      json(res, 400, { error: { type: 'illegal_argument_exception', reason: 'unknown setting [x]' }, status: 400 }),
    );
    const error = await transport({ baseUrl: server.url })
      .request({ method: 'PUT', path: '/_cluster/settings', query: { flat_settings: true }, body: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ service: 'elasticsearch', method: 'PUT', path: '/_cluster/settings', status: 400, attempts: 1 });
    expect((error as Error).message).toBe('elasticsearch PUT /_cluster/settings: HTTP 400 illegal_argument_exception: unknown setting [x]');
    expect(server.requests).toHaveLength(1);
  });
});

describe('retries', () => {
  it('retries a 503 with jittered exponential backoff, then succeeds', async () => {
    const server = await startServer((_req, res, _body, n) => (n <= 3 ? json(res, 503, { error: 'busy' }) : json(res, 200, { ok: true })));
    const { sleep, pauses } = recordingSleep();
    const t = transport({ baseUrl: server.url, sleep, random: () => 0.5, maxRetries: 3 });
    const response = await t.request({ method: 'GET', path: '/_remote/info' });
    expect(response.body).toEqual({ ok: true });
    expect(server.requests).toHaveLength(4);
    expect(t.requestCount).toBe(4);
    // Full jitter: half of 200, 400, 800 ms with random() = 0.5.
    expect(pauses).toEqual([100, 200, 400]);
  });

  it('gives up after the bounded number of attempts with the last ApiError', async () => {
    const server = await startServer((_req, res) => json(res, 502, { error: { type: 'bad_gateway', reason: 'upstream' } }));
    const { sleep, pauses } = recordingSleep();
    const error = await transport({ baseUrl: server.url, sleep, maxRetries: 2 })
      .request({ method: 'DELETE', path: '/x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 502, attempts: 3 });
    expect((error as Error).message).toBe('elasticsearch DELETE /x: HTTP 502 bad_gateway: upstream (3 attempts)');
    expect(server.requests).toHaveLength(3);
    expect(pauses).toHaveLength(2);
  });

  it('honours Retry-After in seconds and as an HTTP date, capped', async () => {
    const inTwentySeconds = new Date(Date.now() + 20_000).toUTCString();
    const retryAfter = ['7', inTwentySeconds, '3600'];
    const server = await startServer((_req, res, _body, n) =>
      n <= retryAfter.length ? json(res, 429, { error: 'slow down' }, { 'retry-after': retryAfter[n - 1] }) : json(res, 200, {}),
    );
    const { sleep, pauses } = recordingSleep();
    await transport({ baseUrl: server.url, sleep, maxRetries: 5 }).request({ method: 'GET', path: '/' });
    expect(pauses[0]).toBe(7000);
    // HTTP dates have one-second resolution.
    expect(pauses[1]).toBeGreaterThan(18_000);
    expect(pauses[1]).toBeLessThanOrEqual(20_000);
    expect(pauses[2]).toBe(30_000);
  });

  it('does not retry other client errors', async () => {
    const server = await startServer((_req, res) => json(res, 404, { error: 'not found' }));
    const error = await transport({ baseUrl: server.url }).request({ method: 'GET', path: '/missing' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 429 on POST: the server did not process the request', async () => {
    const server = await startServer((_req, res, _body, n) => (n === 1 ? json(res, 429, {}, { 'retry-after': '1' }) : json(res, 200, { id: 'k1' })));
    const { sleep, pauses } = recordingSleep();
    const response = await transport({ baseUrl: server.url, sleep }).request({ method: 'POST', path: '/_security/cross_cluster/api_key', body: { name: 'k' } });
    expect(response.body).toEqual({ id: 'k1' });
    expect(server.requests).toHaveLength(2);
    expect(pauses).toEqual([1000]);
  });

  it('does not retry a 503 on POST: the outcome is uncertain', async () => {
    const server = await startServer((_req, res) => json(res, 503, { error: 'unavailable' }));
    const error = await transport({ baseUrl: server.url }).request({ method: 'POST', path: '/_security/cross_cluster/api_key', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UncertainOutcomeError);
    expect(error).toMatchObject({ status: 503, method: 'POST', path: '/_security/cross_cluster/api_key' });
    expect((error as Error).message).toMatch(/outcome unknown .*look the object up/);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 503 on POST marked idempotent', async () => {
    const server = await startServer((_req, res, _body, n) => (n === 1 ? json(res, 503, {}) : json(res, 200, { ok: true })));
    await transport({ baseUrl: server.url }).request({ method: 'POST', path: '/_nodes/reload_secure_settings', idempotent: true });
    expect(server.requests).toHaveLength(2);
  });

  it('retries a GET whose connection dropped', async () => {
    const server = await startServer((req, res, _body, n) => (n === 1 ? req.socket.destroy() : json(res, 200, { ok: true })));
    const response = await transport({ baseUrl: server.url }).request({ method: 'GET', path: '/_remote/info' });
    expect(response.body).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
  });

  it('throws UncertainOutcomeError for a POST whose connection dropped, without retrying', async () => {
    const server = await startServer((req) => req.socket.destroy());
    const error = await transport({ baseUrl: server.url }).request({ method: 'POST', path: '/_security/cross_cluster/api_key', body: { name: 'k' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UncertainOutcomeError);
    expect((error as Error).message).toMatch(/the connection to http:\/\/127\.0\.0\.1:\d+ dropped/);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a refused connection for any method, then reports a TransportError', async () => {
    const server = await startServer(() => undefined);
    const url = server.url;
    await server.close();
    servers.length = 0;
    const { sleep, pauses } = recordingSleep();
    const error = await transport({ baseUrl: url, sleep, maxRetries: 2 }).request({ method: 'POST', path: '/_security/cross_cluster/api_key', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ failure: 'connection-refused', code: 'ECONNREFUSED', attempts: 3 });
    expect((error as Error).message).toMatch(/cannot connect to http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\) \(3 attempts\)$/);
    expect(pauses).toHaveLength(2);
  });
});

describe('timeouts', () => {
  it('times out a silent server, and retries an idempotent request', async () => {
    const server = await startServer((_req, res, _body, n) => (n === 1 ? undefined : json(res, 200, { ok: true })));
    const started = Date.now();
    const response = await transport({ baseUrl: server.url, timeoutMs: 300 }).request({ method: 'GET', path: '/slow' });
    expect(response.body).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('reports the timeout when retries are exhausted', async () => {
    const server = await startServer(() => undefined);
    const error = await transport({ baseUrl: server.url, timeoutMs: 200, maxRetries: 0 }).request({ method: 'GET', path: '/slow' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ failure: 'timeout', code: 'UND_ERR_HEADERS_TIMEOUT' });
    expect((error as Error).message).toContain('no response within 200 ms');
  });

  it('times out a body that stalls', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
    });
    const error = await transport({ baseUrl: server.url, timeoutMs: 200, maxRetries: 0 }).request({ method: 'GET', path: '/' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ failure: 'timeout', code: 'UND_ERR_BODY_TIMEOUT' });
  });

  it('treats a POST timeout as an uncertain outcome', async () => {
    const server = await startServer(() => undefined);
    const error = await transport({ baseUrl: server.url, timeoutMs: 200 }).request({ method: 'POST', path: '/_security/cross_cluster/api_key', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UncertainOutcomeError);
    expect(server.requests).toHaveLength(1);
  });
});

describe('logging', () => {
  it('logs each attempt at debug with method, path, status, attempt and duration, and nothing else', async () => {
    const server = await startServer((_req, res, _body, n) => (n === 1 ? json(res, 503, {}) : json(res, 200, {})));
    const log = memoryLogger();
    await transport({ baseUrl: server.url, logger: log, auth: { kind: 'apiKey', apiKey: 'bG9nZ2VkOmtleXNlY3JldA==' } }).request({
      method: 'PUT',
      path: '/_cluster/settings',
      body: { persistent: { marker: 'body-must-not-be-logged' } },
    });
    const requestEntries = log.entries.filter((e) => e.message === 'http request');
    expect(requestEntries.map((e) => e.fields)).toEqual([
      { service: 'elasticsearch', method: 'PUT', path: '/_cluster/settings', status: 503, attempt: 1, ms: expect.any(Number) },
      { service: 'elasticsearch', method: 'PUT', path: '/_cluster/settings', status: 200, attempt: 2, ms: expect.any(Number) },
    ]);
    expect(requestEntries.every((e) => e.level === 'debug')).toBe(true);
    const all = log.lines().join('\n');
    expect(all).not.toContain('body-must-not-be-logged');
    expect(all).not.toMatch(/authorization|ApiKey/i);
  });
});

describe('credentials never leak', () => {
  const apiKey = Buffer.from('leakyid:leaky-secret-value-123').toString('base64');
  const password = 'hunter2-very-secret';

  it('keeps API keys, passwords and created keys out of errors and logs, even when the server echoes them', async () => {
    const createdEncoded = Buffer.from('newkeyid:created-key-secret-xyz').toString('base64');
    const server = await startServer((req, res, body) => {
      if (req.url === '/create') return json(res, 200, { id: 'newkeyid', api_key: 'created-key-secret-xyz', encoded: createdEncoded });
      // A hostile or careless server that echoes the request back in its error.
      json(res, 400, { error: { type: 'echo', reason: `auth=${req.headers.authorization} body=${body}` } });
    });
    const log = memoryLogger();
    const collected: string[] = [];
    const capture = (e: unknown) => {
      collected.push(String(e), (e as Error).message, (e as Error).stack ?? '', inspect(e, { depth: 10 }), JSON.stringify((e as ApiError).body));
    };
    const es = transport({ baseUrl: server.url, logger: log, auth: { kind: 'apiKey', apiKey } });
    const basic = transport({ baseUrl: server.url, logger: log, auth: { kind: 'basic', username: 'elastic', password } });
    await es.request({ method: 'POST', path: '/create', body: {} });
    await es.request({ method: 'PUT', path: '/keystore', body: { value: createdEncoded } }).catch(capture);
    await basic.request({ method: 'GET', path: '/x' }).catch(capture);
    log.info('created cross-cluster API key', { id: 'newkeyid' });
    log.error('failed', { error: new Error(`key ${createdEncoded} and ApiKey ${apiKey}`), header: `Basic ${Buffer.from(`elastic:${password}`).toString('base64')}` });

    expect(collected.length).toBe(10);
    const everything = [...collected, ...log.lines()].join('\n');
    for (const secret of [apiKey, 'leaky-secret-value-123', password, createdEncoded, 'created-key-secret-xyz', Buffer.from(`elastic:${password}`).toString('base64')]) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).toContain('[REDACTED]');
    // The key id stays visible: it is the fingerprint plans show.
    expect(everything).toContain('newkeyid');
  });
});

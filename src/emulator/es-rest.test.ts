/**
 * Request strictness as Elasticsearch's RestController applies it: media types, unknown
 * parameters, response parameters, strict JSON, body limits and deprecation warnings.
 */
import http from 'node:http';
import { startEmulator } from './index';
import type { RunningEmulator } from './index';
import { authHeader, call } from './test-client';

let emulator: RunningEmulator;
const local = () => emulator.clusters.local;
const auth = () => ({ username: local().username, password: local().password });

beforeAll(async () => {
  emulator = await startEmulator({
    clusters: [{ name: 'local', nodeSettings: { 'http.max_content_length': '1kb' } }, { name: 'remote' }],
  });
});
afterAll(async () => {
  await emulator.stop();
});

async function raw(path: string, init: { method?: string; headers?: Record<string, string>; body?: string }) {
  const response = await fetch(`${local().url}${path}`, {
    method: init.method ?? 'POST',
    headers: { ...authHeader(auth()), ...init.headers },
    body: init.body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

const reload = '/_nodes/reload_secure_settings';

describe('media types', () => {
  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])('answers 406 for a %s body', async (type) => {
    const response = await raw(reload, { headers: { 'content-type': type }, body: '{}' });
    expect(response.status).toBe(406);
    expect(response.body).toEqual({ error: `Content-Type header [${type}] is not supported`, status: 406 });
    expect(response.headers.get('x-elastic-product')).toBe('Elasticsearch');
  });

  it('accepts application/json and compatible-with 8 or 9, answering in the accepted type', async () => {
    const vendor = 'application/vnd.elasticsearch+json; compatible-with=9';
    const response = await raw(reload, { headers: { 'content-type': vendor, accept: vendor }, body: '{}' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.elasticsearch+json;compatible-with=9');
    const eight = await raw(reload, { headers: { 'content-type': 'application/vnd.elasticsearch+json;compatible-with=8' }, body: '{}' });
    expect(eight.status).toBe(200);
    const plain = await raw(reload, { headers: { 'content-type': 'application/json; charset=UTF-8' }, body: '{}' });
    expect(plain.headers.get('content-type')).toBe('application/json');
  });

  it('refuses a compatible-with outside the two supported majors', async () => {
    const response = await raw(reload, { headers: { 'content-type': 'application/vnd.elasticsearch+json;compatible-with=7' }, body: '{}' });
    expect(response.status).toBe(400);
    expect(response.body?.error.type).toBe('media_type_header_exception');
    expect(response.body?.error.caused_by.reason).toContain('Content-Type version must be either version 8 or 9, but found 7');
  });
});

describe('query parameters', () => {
  it('rejects unknown parameters with illegal_argument_exception and suggestions', async () => {
    const one = await call(local().url, 'GET', '/_cluster/settings?x=1', auth());
    expect(one.status).toBe(400);
    expect(one.body.error).toMatchObject({ type: 'illegal_argument_exception', reason: 'request [/_cluster/settings] contains unrecognized parameter: [x]' });
    const typo = await call(local().url, 'GET', '/_cluster/settings?flat_setting=true&zz=1', auth());
    expect(typo.body.error.reason).toBe('request [/_cluster/settings] contains unrecognized parameters: [flat_setting] -> did you mean [flat_settings]?, [zz]');
  });

  it('rejects invalid boolean and time values', async () => {
    const flat = await call(local().url, 'GET', '/_cluster/settings?flat_settings=yes', auth());
    expect(flat.body.error.reason).toBe('Failed to parse value [yes] as only [true] or [false] are allowed.');
    const timeout = await call(local().url, 'GET', '/_cluster/settings?master_timeout=soon', auth());
    expect(timeout.body.error.reason).toBe('failed to parse setting [master_timeout] with value [soon] as a time value: unit is missing or unrecognized');
    expect((await call(local().url, 'GET', '/_cluster/settings?master_timeout=30s&timeout=-1', auth())).status).toBe(200);
  });

  it('filter_path keeps the named paths (wildcards, exclusions), pretty prints as Jackson, human and error_trace are accepted', async () => {
    const filtered = await call(local().url, 'GET', '/?filter_path=version.number,cluster_name', auth());
    expect(filtered.body).toEqual({ cluster_name: 'local', version: { number: '9.3.0' } });
    const wildcard = await call(local().url, 'GET', '/?filter_path=version.*_version', auth());
    expect(Object.keys(wildcard.body.version).sort()).toEqual(['lucene_version', 'minimum_index_compatibility_version', 'minimum_wire_compatibility_version']);
    const excluded = await call(local().url, 'GET', '/?filter_path=-version,-tagline', auth());
    expect(Object.keys(excluded.body).sort()).toEqual(['cluster_name', 'cluster_uuid', 'name']);
    const nodes = await call(local().url, 'POST', '/_nodes/reload_secure_settings?filter_path=nodes.*.name', auth());
    expect(Object.values(nodes.body.nodes).every((n) => Object.keys(n as object).join() === 'name')).toBe(true);
    const pretty = await raw('/?pretty&human', { method: 'GET' });
    expect(pretty.text).toMatch(/^\{\n {2}"name" : "instance-0000000000",\n/);
    const trace = await call(local().url, 'GET', '/_cluster/settings?error_trace=true&bad=1', auth());
    expect(trace.body.error.stack_trace).toContain('illegal_argument_exception');
  });
});

describe('JSON bodies', () => {
  it('refuses a body on a route that reads none', async () => {
    const response = await raw('/_remote/info', { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(405);
    const get = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(`${local().url}/_remote/info`);
      const request = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'GET', headers: { 'content-type': 'application/json', 'content-length': '2', ...authHeader(auth()) } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      request.on('error', reject);
      request.end('{}');
    });
    expect(get.status).toBe(400);
    expect(JSON.parse(get.body).error.reason).toBe('request [GET /_remote/info] does not support having a body');
  });

  const put = (body: string) => raw('/_cluster/settings', { method: 'PUT', headers: { 'content-type': 'application/json' }, body });

  it('rejects duplicate keys at their position', async () => {
    const response = await put('{"persistent":{},\n "persistent":{}}');
    expect(response.status).toBe(400);
    expect(response.body?.error).toMatchObject({ type: 'x_content_parse_exception', reason: "[2:2] Duplicate field 'persistent'" });
  });

  it('reports parse errors and unknown fields where they are', async () => {
    const broken = await put('{\n  "persistent": }');
    expect(broken.body?.error.reason).toMatch(/^\[2:17\] Unexpected character \('}' \(code 125\)\)/);
    const unknown = await put('{\n  "persistent": {},\n  "other": {}\n}');
    expect(unknown.body?.error.reason).toBe('[3:3] [cluster_update_settings_request] unknown field [other]');
    const truncated = await put('{"persistent": ');
    expect(truncated.body?.error.reason).toContain('Unexpected end-of-input');
  });

  it('answers a deeply nested body with an ES-shaped 400 and stays up', async () => {
    const response = await raw(reload, { headers: { 'content-type': 'application/json' }, body: `${'['.repeat(400)}${']'.repeat(400)}` });
    expect(response.status).toBe(400);
    // `remote` keeps the default 100mb limit, so this body reaches the parser.
    const remote = emulator.clusters.remote;
    const deeper = await call(remote.url, 'POST', reload, { username: remote.username, password: remote.password }, `${'{"a":'.repeat(1500)}1${'}'.repeat(1500)}`);
    expect(deeper.status).toBe(400);
    expect(deeper.body.error.reason).toContain('Document nesting depth (1001) exceeds the maximum allowed (1000');
    expect(deeper.headers.get('x-elastic-product')).toBe('Elasticsearch');
    expect((await call(remote.url, 'GET', '/', { apiKey: remote.apiKey })).status).toBe(200);
  });
});

describe('http.max_content_length', () => {
  it('answers 413 past the limit, by Content-Length or as a chunked body arrives, and keeps serving', async () => {
    const declared = await raw(reload, { headers: { 'content-type': 'application/json' }, body: `{"secure_settings_password":"${'x'.repeat(2000)}"}` });
    expect(declared.status).toBe(413);
    expect(declared.text).toBe('');
    const chunked = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${local().url}${reload}`);
      const request = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...authHeader(auth()) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      request.on('error', reject);
      for (let i = 0; i < 10; i += 1) request.write('x'.repeat(500));
      request.end();
    });
    expect(chunked).toBe(413);
    expect((await raw(reload, { headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);
    expect(emulator.requestLog().filter((entry) => entry.status === 413)).toHaveLength(2);
  });
});

describe('bounded memory', () => {
  /**
   * Sends `declared` bytes of body (spaces after `prefix`) to the remote cluster (default 100mb limit);
   * resolves with the status and how many body bytes the client had written when the answer came.
   */
  function send(prefix: string, declared: number, suffix: string): Promise<{ status: number; sent: number }> {
    const remote = emulator.clusters.remote;
    const url = new URL(`${remote.url}${reload}`);
    let sent = Buffer.byteLength(prefix);
    return new Promise((resolve) => {
      const request = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': declared, ...authHeader({ username: remote.username, password: remote.password }) } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, sent });
      });
      // The server may close the connection before the whole body is sent (413).
      request.on('error', () => undefined);
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      request.write(prefix);
      const pump = (): void => {
        while (sent + chunk.length <= declared - Buffer.byteLength(suffix)) {
          if (request.destroyed) return;
          sent += chunk.length;
          if (!request.write(chunk)) return void request.once('drain', pump);
        }
        request.end(Buffer.concat([chunk.subarray(0, declared - Buffer.byteLength(suffix) - sent), Buffer.from(suffix)]));
      };
      pump();
    });
  }

  it('serves a 10 MB body and refuses a 200 MB one without reading it', async () => {
    expect((await send('{"secure_settings_password": "', 10 * 1024 * 1024, '"}')).status).toBe(200);
    const refused = await send('{', 200 * 1024 * 1024, '}');
    expect(refused.status).toBe(413);
    // Answered from the declared length: the client is still far from done writing when the 413 arrives
    // (kernel socket buffers hold a few MB at most), so the server never waited for, or kept, the body.
    expect(refused.sent).toBeLessThan(100 * 1024 * 1024);
  });
});

describe('deprecation warnings', () => {
  it('warns on transient settings with a 299 Warning header', async () => {
    const response = await call(local().url, 'PUT', '/_cluster/settings', auth(), { transient: { 'cluster.routing.allocation.enable': 'all' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('warning')).toBe(
      '299 Elasticsearch-9.3.0-0000000000000000000000000000000000000000 "[transient settings removal] Updating cluster settings through transientSettings is deprecated. Use persistent settings instead."',
    );
    const persistent = await call(local().url, 'PUT', '/_cluster/settings', auth(), { persistent: { 'cluster.routing.allocation.enable': 'all' } });
    expect(persistent.headers.get('warning')).toBeNull();
  });
});

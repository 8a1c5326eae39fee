import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ElasticsearchError } from '../elasticsearch/client';
import { memoryLogger } from '../log';
import { ConfigurationError } from '../settings/configuration-error';
import { closeEngineContext, createEngineContext } from './context';

/** One server playing both APIs: `GET /` like Elasticsearch, the trust-relationships list like ECE. */
let server: Server;
let url: string;
const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
let connections = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    res.setHeader('content-type', 'application/json');
    if (req.url === '/') return res.end(JSON.stringify({ cluster_name: 'local', cluster_uuid: 'u1', version: { number: '9.3.0' } }));
    if (req.url?.startsWith('/api/v1/platform/configuration/trust-relationships')) return res.end(JSON.stringify({ trust_relationships: [] }));
    res.statusCode = 404;
    res.end(JSON.stringify({ error: { type: 'resource_not_found_exception', reason: 'no such thing' }, status: 404 }));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function openConnections(): Promise<number> {
  return new Promise((resolve, reject) => server.getConnections((err, count) => (err ? reject(err) : resolve(count))));
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 2000): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 10))) {
    if (await check()) return true;
  }
  return check();
}

beforeEach(() => {
  seen.length = 0;
});

describe('createEngineContext', () => {
  it('builds one client per API, lazily, with each API’s credentials', async () => {
    const log = memoryLogger();
    const ctx = createEngineContext(
      { elasticsearch: { endpoint: url, username: 'elastic', password: 'context-test-password' }, cloud: { endpoint: url, apiKey: 'context-cloud-key' }, secretsKey: 'passphrase-1' },
      { logger: log },
    );
    expect(ctx.requestCount).toBe(0);
    const es = ctx.elasticsearch();
    expect(ctx.elasticsearch()).toBe(es);
    expect(await es.info()).toEqual({ cluster_name: 'local', cluster_uuid: 'u1', version: { number: '9.3.0' } });
    expect(await ctx.cloud().listTrustRelationships()).toEqual([]);
    expect(seen.map((s) => s.headers.authorization)).toEqual([
      `Basic ${Buffer.from('elastic:context-test-password').toString('base64')}`,
      'ApiKey context-cloud-key',
    ]);
    expect(ctx.requestCount).toBe(2);
    expect(log.entries.filter((e) => e.message === 'http request').map((e) => e.fields.service)).toEqual(['elasticsearch', 'cloud']);
    expect(ctx.secrets.unseal(ctx.secrets.seal('round-trip'))).toBe('round-trip');
    await closeEngineContext(ctx);
  });

  it('closes its pools and can be used again', async () => {
    const ctx = createEngineContext({ elasticsearch: { endpoint: url } });
    const before = connections;
    for (let i = 0; i < 10; i++) await ctx.elasticsearch().info();
    expect(connections - before).toBeLessThanOrEqual(2);
    expect(await openConnections()).toBeGreaterThan(0);
    await ctx.close();
    expect(await eventually(async () => (await openConnections()) === 0)).toBe(true);
    await ctx.elasticsearch().info();
    await ctx.close();
  });

  it('keeps the Elasticsearch client’s typed errors', async () => {
    const ctx = createEngineContext({ elasticsearch: { endpoint: `${url}/missing-prefix` } });
    const error = await ctx.elasticsearch().info().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ElasticsearchError);
    expect(error).toMatchObject({ status: 404, type: 'resource_not_found_exception' });
    await ctx.close();
  });

  it('names the missing setting and its environment variable when a resource needs an unconfigured API', () => {
    const ctx = createEngineContext({}, { resourceType: 'DeploymentTrust' });
    expect(() => ctx.cloud()).toThrow(ConfigurationError);
    expect(() => ctx.cloud()).toThrow(/^DeploymentTrust needs the Elastic Cloud \/ ECE API, but no Cloud API key is configured: set cloud.api_key or the EC_API_KEY environment variable/);
    expect(() => ctx.elasticsearch()).toThrow(/no Elasticsearch endpoint is configured: set elasticsearch.endpoint or the ELASTICSEARCH_ENDPOINTS environment variable/);
    expect(() => ctx.secrets.seal('x')).toThrow(/ELASTIC_REMOTE_SECRETS_KEY/);
  });

  it('rejects invalid settings before any request', () => {
    expect(() => createEngineContext({ elasticsearch: { endpoint: 'localhost:9200' } })).toThrow(
      'connection settings: elasticsearch.endpoint: must be an http(s) URL such as https://host:9243 (ELASTICSEARCH_ENDPOINTS)',
    );
    expect(seen).toHaveLength(0);
  });
});

/** Node settings (elasticsearch.yml) given to an emulated cluster when it is created. */
import { startEmulator } from './index';
import type { RunningEmulator } from './index';
import { call } from './test-client';

let emulator: RunningEmulator;
const auth = (name: string) => ({ username: emulator.clusters[name].username, password: emulator.clusters[name].password });

beforeAll(async () => {
  emulator = await startEmulator({
    clusters: [
      { name: 'local', nodeSettings: { cluster: { remote: { eu: { seeds: ['remote.es.emulator.local:9300'] } } }, 'node.attr.zone': 'eu-1' } },
      { name: 'remote' },
    ],
  });
  emulator.trust('local', 'remote');
  emulator.trust('remote', 'local');
});
afterAll(async () => {
  await emulator.stop();
});

describe('node settings', () => {
  it('a static cluster.remote.<alias>.seeds connects the alias, as from elasticsearch.yml', async () => {
    const info = await call(emulator.clusters.local.url, 'GET', '/_remote/info', auth('local'));
    expect(info.body.eu).toMatchObject({ mode: 'sniff', connected: true, seeds: ['remote.es.emulator.local:9300'] });
  });

  it('are listed by GET _nodes/settings with the node attributes', async () => {
    const nodes = await call(emulator.clusters.local.url, 'GET', '/_nodes/settings?flat_settings=true', auth('local'));
    expect(nodes.body._nodes).toEqual({ total: 3, successful: 3, failed: 0 });
    const first = Object.values(nodes.body.nodes)[0] as { settings: Record<string, unknown>; attributes: Record<string, string> };
    expect(first.settings).toMatchObject({ 'cluster.name': 'local', 'cluster.remote.eu.seeds': ['remote.es.emulator.local:9300'], 'node.attr.zone': 'eu-1' });
    expect(first.attributes).toEqual({ zone: 'eu-1' });
    const one = await call(emulator.clusters.local.url, 'GET', '/_nodes/_local/settings', auth('local'));
    expect(Object.keys(one.body.nodes)).toHaveLength(1);
  });

  it('show as defaults in GET _cluster/settings?include_defaults, under whatever the cluster settings set', async () => {
    const url = emulator.clusters.local.url;
    const before = await call(url, 'GET', '/_cluster/settings?include_defaults=true&flat_settings=true', auth('local'));
    expect(before.body.defaults).toMatchObject({ 'cluster.remote.eu.seeds': ['remote.es.emulator.local:9300'], 'http.max_content_length': '100mb' });
    await call(url, 'PUT', '/_cluster/settings', auth('local'), { persistent: { 'cluster.remote.eu.skip_unavailable': false } });
    const after = await call(url, 'GET', '/_cluster/settings?include_defaults=true&flat_settings=true', auth('local'));
    expect(after.body.persistent).toEqual({ 'cluster.remote.eu.skip_unavailable': 'false' });
    expect(after.body.defaults['cluster.remote.eu.skip_unavailable']).toBeUndefined();
  });

  it('refuse an unknown setting or an invalid value at start, as a node does', async () => {
    await expect(startEmulator({ clusters: [{ name: 'bad', nodeSettings: { 'cluster.remote.eu.seeds': 'not-an-address' } }] })).rejects.toThrow(/port/i);
    await expect(startEmulator({ clusters: [{ name: 'bad', nodeSettings: { 'no.such.setting': 'x' } }] })).rejects.toThrow('unknown setting [no.such.setting]');
  });
});

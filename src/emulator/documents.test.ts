/** Indices and documents on an emulated cluster: names, writes, versions, realtime GET, refresh, privileges. */
import { startEmulator } from './index';
import type { RunningEmulator } from './index';
import { call } from './test-client';

let emulator: RunningEmulator;
const url = () => emulator.clusters.local.url;
const elastic = () => ({ username: emulator.clusters.local.username, password: emulator.clusters.local.password });

beforeAll(async () => {
  emulator = await startEmulator({ clusters: [{ name: 'local' }] });
});
afterAll(async () => {
  await emulator.stop();
});

const searchIds = async (index: string): Promise<string[]> => {
  const found = await call(url(), 'POST', `/${index}/_search`, elastic(), { query: { match_all: {} } });
  expect(found.status).toBe(200);
  return found.body.hits.hits.map((hit: { _id: string }) => hit._id).sort();
};

describe('indices', () => {
  it('PUT /{index} creates an index with its settings and mappings, once', async () => {
    const created = await call(url(), 'PUT', '/books', elastic(), { settings: { number_of_shards: 2 }, mappings: { properties: { title: { type: 'text' } } } });
    expect(created).toMatchObject({ status: 200, body: { acknowledged: true, shards_acknowledged: true, index: 'books' } });
    const again = await call(url(), 'PUT', '/books', elastic());
    expect(again.status).toBe(400);
    expect(again.body.error.type).toBe('resource_already_exists_exception');
    expect(again.body.error.reason).toMatch(/^index \[books\/[\w-]{22}\] already exists$/);
    expect(again.body.error.index).toBe('books');
    const read = await call(url(), 'GET', '/books', elastic());
    expect(read.body.books.settings.index.number_of_shards).toBe('2');
    expect(read.body.books.mappings.properties.title).toEqual({ type: 'text' });
    expect((await call(url(), 'HEAD', '/books', elastic())).status).toBe(200);
    expect((await call(url(), 'HEAD', '/nothing-here', elastic())).status).toBe(404);
  });

  it('cluster health counts the shards: replicas beyond the nodes stay unassigned (yellow)', async () => {
    const before = await call(url(), 'GET', '/_cluster/health', elastic());
    await call(url(), 'PUT', '/wide', elastic(), { settings: { number_of_shards: 1, number_of_replicas: 3 } });
    const health = await call(url(), 'GET', '/_cluster/health', elastic());
    expect(health.body).toMatchObject({ status: 'yellow', active_primary_shards: before.body.active_primary_shards + 1, unassigned_shards: 1 });
    expect((await call(url(), 'GET', '/_cluster/health?wait_for_status=green&timeout=1s', elastic())).status).toBe(408);
    await call(url(), 'DELETE', '/wide', elastic());
    expect((await call(url(), 'GET', '/_cluster/health', elastic())).body.status).toBe('green');
  });

  it('refuses index names as MetadataCreateIndexService does', async () => {
    const reasons: Record<string, string> = {
      Books: 'Invalid index name [Books], must be lowercase',
      'a b': 'Invalid index name [a b], must not contain the following characters [ , ", *, \\, <, |, ,, >, /, ?]',
      'a#b': "Invalid index name [a#b], must not contain '#'",
      '-books': "Invalid index name [-books], must not start with '_', '-', or '+'",
      'a:b': "Invalid index name [a:b], must not contain ':'",
      [`${'x'.repeat(256)}`]: `Invalid index name [${'x'.repeat(256)}], index name is too long, (256 > 255)`,
    };
    for (const [name, reason] of Object.entries(reasons)) {
      const answer = await call(url(), 'PUT', `/${encodeURIComponent(name)}`, elastic());
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ type: 'invalid_index_name_exception', reason, index_uuid: '_na_', index: name });
    }
  });

  it('refuses unknown create index keys and bad shard counts', async () => {
    const unknown = await call(url(), 'PUT', '/odd', elastic(), { setting: {} });
    expect(unknown.body.error).toMatchObject({ type: 'parse_exception', reason: 'unknown key [setting] for create index' });
    const shards = await call(url(), 'PUT', '/odd', elastic(), { settings: { 'index.number_of_shards': 0 } });
    expect(shards.body.error.reason).toBe('Failed to parse value [0] for setting [index.number_of_shards] must be >= 1');
  });

  it('DELETE /{index} removes it; a missing one is index_not_found_exception', async () => {
    await call(url(), 'PUT', '/doomed', elastic());
    expect((await call(url(), 'DELETE', '/doomed', elastic())).body).toEqual({ acknowledged: true });
    const wildcard = await call(url(), 'DELETE', '/doom*', elastic());
    expect(wildcard.body.error.reason).toBe('Wildcard expressions or all indices are not allowed');
    const missing = await call(url(), 'DELETE', '/doomed', elastic());
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ type: 'index_not_found_exception', reason: 'no such index [doomed]', 'resource.type': 'index_or_alias', 'resource.id': 'doomed', index: 'doomed' });
  });
});

describe('documents', () => {
  it('PUT _doc creates then updates: 201/200, _version, _seq_no, _primary_term, _shards', async () => {
    const first = await call(url(), 'PUT', '/notes/_doc/1', elastic(), { text: 'first' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ _index: 'notes', _id: '1', _version: 1, result: 'created', _shards: { total: 2, successful: 2, failed: 0 }, _seq_no: 0, _primary_term: 1 });
    const second = await call(url(), 'PUT', '/notes/_doc/1', elastic(), { text: 'second' });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ _version: 2, result: 'updated', _seq_no: 1 });
    const read = await call(url(), 'GET', '/notes/_doc/1', elastic());
    expect(read.body).toEqual({ _index: 'notes', _id: '1', _version: 2, _seq_no: 1, _primary_term: 1, found: true, _source: { text: 'second' } });
    expect((await call(url(), 'GET', '/notes/_doc/2', elastic())).body).toEqual({ _index: 'notes', _id: '2', found: false });
    expect((await call(url(), 'HEAD', '/notes/_doc/1', elastic())).status).toBe(200);
    expect((await call(url(), 'HEAD', '/notes/_doc/2', elastic())).status).toBe(404);
  });

  it('POST _doc generates a 20-character id; op_type=create refuses an existing id', async () => {
    const created = await call(url(), 'POST', '/notes/_doc', elastic(), { text: 'generated' });
    expect(created.status).toBe(201);
    expect(created.body._id).toMatch(/^[\w-]{20}$/);
    const conflict = await call(url(), 'PUT', '/notes/_doc/1?op_type=create', elastic(), { text: 'again' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toMatchObject({ type: 'version_conflict_engine_exception', reason: '[1]: version conflict, document already exists (current version [2])', index: 'notes' });
  });

  it('if_seq_no/if_primary_term guard a write', async () => {
    await call(url(), 'PUT', '/guarded/_doc/a', elastic(), { n: 1 });
    const stale = await call(url(), 'PUT', '/guarded/_doc/a?if_seq_no=5&if_primary_term=1', elastic(), { n: 2 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.reason).toBe('[a]: version conflict, required seqNo [5], primary term [1]. current document has seqNo [0] and primary term [1]');
    expect((await call(url(), 'PUT', '/guarded/_doc/a?if_seq_no=0&if_primary_term=1', elastic(), { n: 2 })).status).toBe(200);
  });

  it('the first write auto-creates the index with dynamic mappings', async () => {
    await call(url(), 'PUT', '/auto/_doc/1', elastic(), { title: 'Dune', year: 1965, price: 9.5, published: '1965-08-01', tags: ['sf'] });
    const index = await call(url(), 'GET', '/auto', elastic());
    expect(index.body.auto.mappings.properties).toEqual({
      title: { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } },
      year: { type: 'long' },
      price: { type: 'float' },
      published: { type: 'date' },
      tags: { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } },
    });
  });

  it('a document is searchable only after a refresh (refresh=false, _refresh, true, wait_for)', async () => {
    await call(url(), 'PUT', '/fresh/_doc/a', elastic(), { n: 1 });
    expect((await call(url(), 'GET', '/fresh/_doc/a', elastic())).body.found).toBe(true);
    expect(await searchIds('fresh')).toEqual([]);
    expect((await call(url(), 'POST', '/fresh/_refresh', elastic())).body._shards).toEqual({ total: 2, successful: 2, failed: 0 });
    expect(await searchIds('fresh')).toEqual(['a']);
    const forced = await call(url(), 'PUT', '/fresh/_doc/b?refresh=true', elastic(), { n: 2 });
    expect(forced.body.forced_refresh).toBe(true);
    expect(await searchIds('fresh')).toEqual(['a', 'b']);
    const waited = await call(url(), 'PUT', '/fresh/_doc/c?refresh=wait_for', elastic(), { n: 3 });
    expect(waited.body.forced_refresh).toBeUndefined();
    expect(await searchIds('fresh')).toEqual(['a', 'b', 'c']);
    await call(url(), 'PUT', '/fresh/_doc/d?refresh=false', elastic(), { n: 4 });
    expect(await searchIds('fresh')).toEqual(['a', 'b', 'c']);
    expect((await call(url(), 'PUT', '/fresh/_doc/e?refresh=soon', elastic(), { n: 5 })).body.error.reason).toBe('Unknown value for refresh: [soon].');
  });

  it('writes and reads need their index privileges, in Elasticsearch words', async () => {
    await call(url(), 'PUT', '/_security/role/notes_writer', elastic(), { indices: [{ names: ['notes', 'new-*'], privileges: ['write'] }] });
    await call(url(), 'PUT', '/_security/role/notes_reader', elastic(), { indices: [{ names: ['notes'], privileges: ['read'] }] });
    await call(url(), 'PUT', '/_security/user/writer', elastic(), { password: 'writer-password', roles: ['notes_writer'] });
    await call(url(), 'PUT', '/_security/user/reader', elastic(), { password: 'reader-password', roles: ['notes_reader'] });
    const writer = { username: 'writer', password: 'writer-password' };
    const reader = { username: 'reader', password: 'reader-password' };
    expect((await call(url(), 'PUT', '/notes/_doc/w', writer, { text: 'by writer' })).status).toBe(201);
    const autoCreate = await call(url(), 'PUT', '/new-index/_doc/1', writer, { text: 'x' });
    expect(autoCreate.status).toBe(403);
    expect(autoCreate.body.error.reason).toBe('action [indices:admin/auto_create] is unauthorized for user [writer] with effective roles [notes_writer] on indices [new-index], this action is granted by the index privileges [auto_configure,create_index,manage,all]');
    const write = await call(url(), 'PUT', '/notes/_doc/r', reader, { text: 'by reader' });
    expect(write.body.error.reason).toBe('action [indices:data/write/index] is unauthorized for user [reader] with effective roles [notes_reader] on indices [notes], this action is granted by the index privileges [create,index,write,all]');
    const create = await call(url(), 'POST', '/notes/_doc', reader, { text: 'by reader' });
    expect(create.body.error.reason).toContain('this action is granted by the index privileges [create_doc,create,index,write,all]');
    expect((await call(url(), 'GET', '/notes/_doc/w', reader)).body.found).toBe(true);
    const get = await call(url(), 'GET', '/notes/_doc/w', writer);
    expect(get.body.error.reason).toBe('action [indices:data/read/get] is unauthorized for user [writer] with effective roles [notes_writer] on indices [notes], this action is granted by the index privileges [read,all]');
    const createIndex = await call(url(), 'PUT', '/new-two', writer);
    expect(createIndex.body.error.reason).toBe('action [indices:admin/create] is unauthorized for user [writer] with effective roles [notes_writer] on indices [new-two], this action is granted by the index privileges [create_index,manage,all]');
    const privileges = await call(url(), 'POST', '/_security/user/_has_privileges', reader, { index: [{ names: ['notes'], privileges: ['read', 'write'] }] });
    expect(privileges.body.index).toEqual({ notes: { read: true, write: false } });
  });
});

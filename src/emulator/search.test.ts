/** `_search` on one cluster: the query DSL, paging, sorting, `_source`, index patterns, and field/document level security. */
import { startEmulator } from './index';
import type { RunningEmulator } from './index';
import { call } from './test-client';
import type { Auth } from './test-client';

let emulator: RunningEmulator;
const url = () => emulator.clusters.local.url;
const elastic = () => ({ username: emulator.clusters.local.username, password: emulator.clusters.local.password });

const books = [
  { id: '1', title: 'The Left Hand of Darkness', author: { name: 'Ursula K. Le Guin', country: 'US' }, year: 1969, genre: 'sf', rating: 4.5, team: 'a' },
  { id: '2', title: 'The Dispossessed', author: { name: 'Ursula K. Le Guin', country: 'US' }, year: 1974, genre: 'sf', rating: 4.4, team: 'b' },
  { id: '3', title: 'Dune', author: { name: 'Frank Herbert', country: 'US' }, year: 1965, genre: 'sf', rating: 4.3, team: 'a' },
  { id: '4', title: 'The Name of the Rose', author: { name: 'Umberto Eco', country: 'IT' }, year: 1980, genre: 'mystery', team: 'b' },
];

beforeAll(async () => {
  emulator = await startEmulator({ clusters: [{ name: 'local' }] });
  await call(url(), 'PUT', '/books', elastic(), { mappings: { properties: { genre: { type: 'keyword' }, team: { type: 'keyword' } } } });
  for (const { id, ...source } of books) await call(url(), 'PUT', `/books/_doc/${id}`, elastic(), source);
  await call(url(), 'PUT', '/logs-2026.01/_doc/1?refresh=true', elastic(), { message: 'january' });
  await call(url(), 'PUT', '/logs-2026.02/_doc/1?refresh=true', elastic(), { message: 'february' });
  await call(url(), 'POST', '/books/_refresh', elastic());
});
afterAll(async () => {
  await emulator.stop();
});

async function search(body: unknown, target = 'books', auth: Auth = elastic(), query = ''): Promise<{ status: number; body: any }> {
  return call(url(), 'POST', `/${target}/_search${query}`, auth, body);
}
const ids = (answer: { body: any }): string[] => answer.body.hits.hits.map((hit: { _id: string }) => hit._id);
const sortedIds = (answer: { body: any }): string[] => ids(answer).sort();

describe('the search response', () => {
  it('has took, timed_out, _shards, hits.total, max_score and hits with _index, _id, _score, _source', async () => {
    const answer = await search({ query: { match_all: {} } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ timed_out: false, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 }, hits: { total: { value: 4, relation: 'eq' }, max_score: 1 } });
    expect(typeof answer.body.took).toBe('number');
    expect(answer.body._clusters).toBeUndefined();
    expect(answer.body.hits.hits[0]).toEqual({ _index: 'books', _id: expect.any(String), _score: 1, _source: expect.any(Object) });
  });

  it('GET /_search with no body searches every index', async () => {
    const answer = await call(url(), 'GET', '/_search', elastic());
    expect(answer.body.hits.total.value).toBe(6);
  });
});

describe('the query DSL', () => {
  it.each([
    ['match_none', { match_none: {} }, []],
    ['term on a keyword', { term: { genre: 'sf' } }, ['1', '2', '3']],
    ['term on a text field matches an analyzed token', { term: { title: 'dune' } }, ['3']],
    ['term on a text field is not analyzed', { term: { title: 'Dune' } }, []],
    ['term on a keyword multi-field is exact', { term: { 'title.keyword': 'Dune' } }, ['3']],
    ['terms', { terms: { team: ['b', 'z'] } }, ['2', '4']],
    ['match (or)', { match: { title: 'rose darkness' } }, ['1', '4']],
    ['match (and)', { match: { title: { query: 'the rose', operator: 'and' } } }, ['4']],
    ['match on an object field', { match: { 'author.name': 'guin' } }, ['1', '2']],
    ['range on numbers', { range: { year: { gte: 1969, lt: 1980 } } }, ['1', '2']],
    ['exists', { exists: { field: 'rating' } }, ['1', '2', '3']],
    ['prefix on a keyword', { prefix: { 'author.country.keyword': 'I' } }, ['4']],
    ['ids', { ids: { values: ['2', '4', '9'] } }, ['2', '4']],
    ['bool must/filter/must_not', { bool: { must: [{ match: { title: 'the' } }], filter: { term: { genre: 'sf' } }, must_not: { term: { team: 'b' } } } }, ['1']],
    ['bool should alone needs one match', { bool: { should: [{ term: { team: 'a' } }, { term: { genre: 'mystery' } }] } }, ['1', '3', '4']],
    ['bool minimum_should_match', { bool: { should: [{ term: { team: 'a' } }, { term: { genre: 'sf' } }, { range: { year: { lt: 1966 } } }], minimum_should_match: 2 } }, ['1', '3']],
    ['bool should is optional next to a filter', { bool: { filter: [{ term: { genre: 'mystery' } }], should: [{ term: { team: 'a' } }] } }, ['4']],
  ])('%s', async (_name, query, expected) => {
    const answer = await search({ query });
    expect(answer.status).toBe(200);
    expect(sortedIds(answer)).toEqual(expected);
  });

  it('q: field:value, a bare word over every field (objects included), and *', async () => {
    expect(sortedIds(await search(undefined, 'books', elastic(), '?q=genre:mystery'))).toEqual(['4']);
    expect(sortedIds(await search(undefined, 'books', elastic(), '?q=herbert'))).toEqual(['3']);
    expect((await search(undefined, 'books', elastic(), '?q=*')).body.hits.total.value).toBe(4);
  });

  it('range on dates, with ISO dates and date math from now', async () => {
    await call(url(), 'PUT', '/events/_doc/recent', elastic(), { at: new Date(Date.now() - 2 * 3_600_000).toISOString() });
    await call(url(), 'PUT', '/events/_doc/old?refresh=true', elastic(), { at: '2000-01-01' });
    expect(sortedIds(await search({ query: { range: { at: { gte: 'now-1d' } } } }, 'events'))).toEqual(['recent']);
    expect(sortedIds(await search({ query: { range: { at: { lt: '2001-01-01T00:00:00Z' } } } }, 'events'))).toEqual(['old']);
  });

  it('scores: more matched terms rank first; a filter-only query scores 0', async () => {
    const ranked = await search({ query: { match: { title: 'the name rose' } } });
    expect(ids(ranked)[0]).toBe('4');
    const filtered = await search({ query: { bool: { filter: { term: { genre: 'sf' } } } } });
    expect(filtered.body.hits.max_score).toBe(0);
  });

  it('refuses unknown queries and malformed ones with parsing_exception', async () => {
    const unknown = await search({ query: { fuzzy_thing: {} } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ type: 'parsing_exception', reason: 'unknown query [fuzzy_thing]' });
    const twoFields = await search({ query: { term: { a: 1, b: 2 } } });
    expect(twoFields.body.error.reason).toBe("[term] query doesn't support multiple fields, found [a] and [b]");
    const unknownKey = await search({ querry: {} });
    expect(unknownKey.body.error).toMatchObject({ type: 'parsing_exception', reason: 'Unknown key for a START_OBJECT in [querry].' });
  });
});

describe('paging, sorting, totals and _source', () => {
  it('size and from page through the sorted hits; sort on a field returns sort values and null scores', async () => {
    const page = await search({ query: { match_all: {} }, sort: [{ year: 'desc' }], from: 1, size: 2 });
    expect(ids(page)).toEqual(['2', '1']);
    expect(page.body.hits.hits[0]).toMatchObject({ _score: null, sort: [1974] });
    expect(page.body.hits.max_score).toBeNull();
    const byParam = await search(undefined, 'books', elastic(), '?sort=year:asc&size=1');
    expect(ids(byParam)).toEqual(['3']);
    const text = await search({ sort: ['title'] });
    expect(text.status).toBe(400);
    expect(text.body.error.reason).toContain('Text fields are not optimised for operations that require per-document field data');
  });

  it('from + size past 10000 is refused as the result window is', async () => {
    const answer = await search({ from: 9995, size: 10 });
    expect(answer.status).toBe(400);
    expect(answer.body.error.reason).toContain('Result window is too large, from + size must be less than or equal to: [10000] but was [10005].');
  });

  it('size 0 counts without hits or max_score', async () => {
    const answer = await search({ size: 0, query: { term: { genre: 'sf' } } });
    expect(answer.body.hits).toEqual({ total: { value: 3, relation: 'eq' }, max_score: null, hits: [] });
  });

  it('track_total_hits: false drops the total, a number caps it with relation gte', async () => {
    expect((await search({ track_total_hits: false })).body.hits.total).toBeUndefined();
    expect((await search({ track_total_hits: 2 })).body.hits.total).toEqual({ value: 2, relation: 'gte' });
    expect((await search({}, 'books', elastic(), '?rest_total_hits_as_int=true')).body.hits.total).toBe(4);
  });

  it('_source: false, includes/excludes with wildcards, and the URL parameters', async () => {
    const none = await search({ query: { ids: { values: ['3'] } }, _source: false });
    expect(none.body.hits.hits[0]._source).toBeUndefined();
    const some = await search({ query: { ids: { values: ['3'] } }, _source: { includes: ['author.*', 'title'], excludes: ['*.country'] } });
    expect(some.body.hits.hits[0]._source).toEqual({ title: 'Dune', author: { name: 'Frank Herbert' } });
    const list = await search({ query: { ids: { values: ['3'] } }, _source: ['year'] });
    expect(list.body.hits.hits[0]._source).toEqual({ year: 1965 });
    const params = await search({ query: { ids: { values: ['3'] } } }, 'books', elastic(), '?_source_includes=author&_source_excludes=author.name');
    expect(params.body.hits.hits[0]._source).toEqual({ author: { country: 'US' } });
  });
});

describe('index expressions', () => {
  it('wildcards and comma lists; hits carry their index', async () => {
    const answer = await search({ query: { match_all: {} } }, 'logs-*,books');
    expect(answer.body.hits.total.value).toBe(6);
    expect(new Set(answer.body.hits.hits.map((hit: { _index: string }) => hit._index))).toEqual(new Set(['books', 'logs-2026.01', 'logs-2026.02']));
    const excluded = await search({}, 'logs-*,-logs-2026.02');
    expect(excluded.body.hits.hits.map((hit: { _index: string }) => hit._index)).toEqual(['logs-2026.01']);
  });

  it('a missing index is index_not_found_exception unless ignore_unavailable; an empty wildcard unless allow_no_indices=false', async () => {
    const missing = await search({}, 'nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ type: 'index_not_found_exception', reason: 'no such index [nope]', index: 'nope' });
    expect((await search({}, 'nope,books', elastic(), '?ignore_unavailable=true')).body.hits.total.value).toBe(4);
    expect((await search({}, 'nothing-*')).body.hits.total.value).toBe(0);
    const strict = await search({}, 'nothing-*', elastic(), '?allow_no_indices=false');
    expect(strict.status).toBe(404);
    expect(strict.body.error.reason).toBe('no such index [nothing-*]');
  });
});

describe('field and document level security', () => {
  const user = (name: string) => ({ username: name, password: `${name}-password` });

  beforeAll(async () => {
    await call(url(), 'PUT', '/_security/role/team_a_titles', elastic(), {
      indices: [{ names: ['books'], privileges: ['read'], field_security: { grant: ['title', 'author.*'], except: ['author.country'] }, query: { term: { team: 'a' } } }],
    });
    await call(url(), 'PUT', '/_security/role/logs_only', elastic(), { indices: [{ names: ['logs-*'], privileges: ['read'] }] });
    await call(url(), 'PUT', '/_security/role/mystery', elastic(), { cluster: ['manage_own_api_key'], indices: [{ names: ['books'], privileges: ['read'], query: '{"term":{"genre":"mystery"}}' }] });
    await call(url(), 'PUT', '/_security/user/alice', elastic(), { password: 'alice-password', roles: ['team_a_titles'] });
    await call(url(), 'PUT', '/_security/user/bob', elastic(), { password: 'bob-password', roles: ['logs_only'] });
    await call(url(), 'PUT', '/_security/user/carol', elastic(), { password: 'carol-password', roles: ['team_a_titles', 'mystery'] });
  });

  it('DLS keeps the documents of the role query; FLS keeps the granted fields but the excepted ones', async () => {
    const answer = await search({ query: { match_all: {} } }, 'books', user('alice'));
    expect(sortedIds(answer)).toEqual(['1', '3']);
    expect(answer.body.hits.hits.find((hit: { _id: string }) => hit._id === '3')._source).toEqual({ title: 'Dune', author: { name: 'Frank Herbert' } });
    const get = await call(url(), 'GET', '/books/_doc/2', user('alice'));
    expect(get.body.found).toBe(false);
    expect((await call(url(), 'GET', '/books/_doc/1', user('alice'))).body._source).toEqual({ title: 'The Left Hand of Darkness', author: { name: 'Ursula K. Le Guin' } });
  });

  it('roles add up: two DLS queries grant the union, and the role without FLS lifts the field limit', async () => {
    const answer = await search({ query: { match_all: {} } }, 'books', user('carol'));
    expect(sortedIds(answer)).toEqual(['1', '3', '4']);
    expect(answer.body.hits.hits.find((hit: { _id: string }) => hit._id === '4')._source.year).toBe(1980);
  });

  it('a REST API key limits its owner: its role descriptors intersect with the owner roles', async () => {
    const key = await call(url(), 'POST', '/_security/api_key', user('carol'), {
      name: 'carol-mystery',
      role_descriptors: { narrow: { indices: [{ names: ['books'], privileges: ['read'], query: { term: { genre: 'mystery' } }, field_security: { grant: ['title'] } }] } },
    });
    const answer = await search({ query: { match_all: {} } }, 'books', { apiKey: key.body.encoded });
    expect(sortedIds(answer)).toEqual(['4']);
    expect(answer.body.hits.hits[0]._source).toEqual({ title: 'The Name of the Rose' });
  });

  it('a wildcard drops indices the user may not read; a named one is a 403 in Elasticsearch words', async () => {
    const wildcard = await search({ query: { match_all: {} } }, '*', user('bob'));
    expect(new Set(wildcard.body.hits.hits.map((hit: { _index: string }) => hit._index))).toEqual(new Set(['logs-2026.01', 'logs-2026.02']));
    const named = await search({}, 'books', user('bob'));
    expect(named.status).toBe(403);
    expect(named.body.error).toMatchObject({
      type: 'security_exception',
      reason: 'action [indices:data/read/search] is unauthorized for user [bob] with effective roles [logs_only] on indices [books], this action is granted by the index privileges [read,all]',
    });
  });
});

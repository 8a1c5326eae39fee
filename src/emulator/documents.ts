/**
 * Index and document operations of one cluster as the REST layer answers them: create and delete
 * an index, index a document (with an id or a generated one, auto-creating the index), realtime
 * GET, refresh. Each checks the index privileges its transport action needs, with Elasticsearch's
 * denial words; reads apply field and document level security.
 */
import type { EmulatedCluster } from './cluster';
import { documentVisible, fieldVisible, filterSource, localAccess, sourceKeeper } from './document-security';
import type { SourceFilter } from './document-security';
import { EsHttpError, badRequest, indexError, indexNotFound, validationFailed } from './es-errors';
import { booleanParameter } from './es-rest';
import { base64Id22 } from './ids';
import { isObject } from './es-json';
import { parseCreateIndexBody, shardCopies, validateIndexName } from './indices';
import type { EmulatedIndex, StoredDocument } from './indices';
import { indexActionDenied } from './security';
import type { Principal } from './security';

export interface RestAnswer {
  status: number;
  body: unknown;
}

/** The `refresh` parameter of a write (RefreshPolicy.parse). */
type RefreshPolicy = 'true' | 'wait_for' | 'false';

function refreshPolicy(query: URLSearchParams): RefreshPolicy {
  const value = query.get('refresh');
  if (value === null || value === 'false') return 'false';
  if (value === '' || value === 'true') return 'true';
  if (value === 'wait_for') return 'wait_for';
  throw badRequest(`Unknown value for refresh: [${value}].`);
}

/** `_shards` of a write: the primary and its replicas, as many as there are nodes to hold them. */
function writeShards(index: EmulatedIndex, nodes: number): { total: number; successful: number; failed: number } {
  const { total, assigned } = shardCopies([index], nodes, 1);
  return { total, successful: assigned, failed: 0 };
}

/** The `_source`, `_source_includes` and `_source_excludes` parameters. */
export function sourceFilterParameters(query: URLSearchParams): SourceFilter | undefined {
  const list = (name: string): string[] => (query.get(name) ?? '').split(',').map((part) => part.trim()).filter((part) => part.length > 0);
  const source = query.get('_source');
  const includes = list('_source_includes');
  const excludes = list('_source_excludes');
  if (source === 'false') return false;
  if (source !== null && source !== '' && source !== 'true') includes.push(...list('_source'));
  if (source === null && includes.length === 0 && excludes.length === 0) return undefined;
  return { includes, excludes };
}

/** The source a reader gets: field level security first, then the request's own filter. */
export function visibleSource(source: Record<string, unknown>, fieldAllowed: (path: string) => boolean, filter: SourceFilter | undefined): Record<string, unknown> | undefined {
  if (filter === false) return undefined;
  const keeps = filter === undefined ? undefined : sourceKeeper(filter);
  return filterSource(source, (path) => fieldAllowed(path) && (keeps === undefined || keeps(path)));
}

export class DocumentOperations {
  constructor(private readonly cluster: EmulatedCluster) {}

  private require(principal: Principal, index: string, privilege: string, action: string): void {
    if (!this.cluster.realm.hasIndexPrivilege(principal, index, privilege)) throw indexActionDenied(principal, action, [index]);
  }

  private existing(name: string): EmulatedIndex {
    const index = this.cluster.indices.get(name);
    if (!index) throw indexNotFound(name);
    return index;
  }

  /** PUT /{index}: indices:admin/create. */
  createIndex(principal: Principal, name: string, body: unknown): RestAnswer {
    this.require(principal, name, 'create_index', 'indices:admin/create');
    const { settings, mappings } = parseCreateIndexBody(body);
    this.cluster.indices.create(name, settings, mappings);
    return { status: 200, body: { acknowledged: true, shards_acknowledged: true, index: name } };
  }

  /** DELETE /{index} (concrete names, comma-separated). */
  deleteIndex(principal: Principal, target: string): RestAnswer {
    const names = target.split(',');
    // action.destructive_requires_name defaults to true.
    if (names.some((name) => name.includes('*') || name === '_all')) throw badRequest('Wildcard expressions or all indices are not allowed');
    for (const name of names) this.require(principal, name, 'delete_index', 'indices:admin/delete');
    for (const name of names) this.existing(name);
    for (const name of names) this.cluster.indices.delete(name);
    return { status: 200, body: { acknowledged: true } };
  }

  /** GET /{index}: settings and mappings of a concrete index. */
  getIndex(principal: Principal, name: string): RestAnswer {
    this.require(principal, name, 'view_index_metadata', 'indices:admin/get');
    const index = this.existing(name);
    const settings: Record<string, unknown> = {
      number_of_shards: String(index.numberOfShards),
      number_of_replicas: String(index.numberOfReplicas),
      uuid: index.uuid,
      creation_date: String(index.creationDate),
      provided_name: index.name,
      version: { created: '9033000' },
    };
    for (const [key, value] of index.settings) if (!['index.number_of_shards', 'index.number_of_replicas'].includes(key)) settings[key.slice('index.'.length)] = value;
    return { status: 200, body: { [name]: { aliases: {}, mappings: index.mappings, settings: { index: settings } } } };
  }

  /** PUT /{index}/_doc/{id} and POST /{index}/_doc: the index action, auto-creating the index. */
  indexDocument(principal: Principal, indexName: string, givenId: string | undefined, body: unknown, query: URLSearchParams): RestAnswer {
    const opType = query.get('op_type') ?? (givenId === undefined ? 'create' : 'index');
    if (opType !== 'index' && opType !== 'create') throw badRequest(`opType must be 'create' or 'index', found: [${opType}]`);
    const refresh = refreshPolicy(query);
    if (body === undefined) throw validationFailed(['source is missing']);
    if (!isObject(body)) throw new EsHttpError(400, 'document_parsing_exception', '[1:1] failed to parse: The document must be a JSON object');
    const id = givenId ?? base64Id22().slice(0, 20);
    if (id.length === 0) throw validationFailed(['if _id is specified it must not be empty']);
    if (Buffer.byteLength(id) > 512) throw validationFailed([`id [${id}] is too long, must be no longer than 512 bytes but was: ${Buffer.byteLength(id)}`]);
    const action = opType === 'create' ? 'indices:data/write/index[op_type/create]' : 'indices:data/write/index';
    this.require(principal, indexName, opType === 'create' ? 'create_doc' : 'index', action);
    let index = this.cluster.indices.get(indexName);
    if (!index) {
      validateIndexName(indexName);
      const realm = this.cluster.realm;
      if (!realm.hasIndexPrivilege(principal, indexName, 'auto_configure') && !realm.hasIndexPrivilege(principal, indexName, 'create_index')) {
        throw indexActionDenied(principal, 'indices:admin/auto_create', [indexName]);
      }
      index = this.cluster.indices.create(indexName, new Map(), {});
    }
    // FollowingEngine takes the leader's operations only.
    if (index.feed) throw new EsHttpError(500, 'illegal_state_exception', 'a following engine does not accept operations without an assigned sequence number');
    const previous = index.live.get(id);
    if (opType === 'create' && previous) {
      throw indexError(409, 'version_conflict_engine_exception', `[${id}]: version conflict, document already exists (current version [${previous.version}])`, indexName, index.uuid, { shard: '0' });
    }
    checkConcurrency(query, id, previous, index);
    const document = index.write(id, body);
    if (refresh !== 'false') index.refresh();
    const answer: Record<string, unknown> = {
      _index: indexName,
      _id: id,
      _version: document.version,
      result: previous ? 'updated' : 'created',
      _shards: writeShards(index, this.cluster.nodes.length),
      _seq_no: document.seqNo,
      _primary_term: document.primaryTerm,
    };
    if (refresh === 'true') answer.forced_refresh = true;
    return { status: previous ? 200 : 201, body: answer };
  }

  /** GET /{index}/_doc/{id}: realtime, through field and document level security. */
  getDocument(principal: Principal, indexName: string, id: string, query: URLSearchParams): RestAnswer {
    this.require(principal, indexName, 'read', 'indices:data/read/get');
    const index = this.existing(indexName);
    const access = localAccess(this.cluster.realm, principal, indexName, 'read') ?? [];
    const realtime = query.get('realtime') === null || booleanParameter(query, 'realtime');
    // A refresh pulls a follower's leader first; without one, the read pulls it alone.
    if (query.get('refresh') !== null && booleanParameter(query, 'refresh')) index.refresh();
    else index.catchUp();
    const document = (realtime ? index.live : index.searchable).get(id);
    if (!document || !documentVisible(access, id, document.source, index.properties)) {
      return { status: 404, body: { _index: indexName, _id: id, found: false } };
    }
    const body: Record<string, unknown> = { _index: indexName, _id: id, _version: document.version, _seq_no: document.seqNo, _primary_term: document.primaryTerm, found: true };
    const source = visibleSource(document.source, (path) => fieldVisible(access, path), sourceFilterParameters(query));
    if (source !== undefined) body._source = source;
    return { status: 200, body };
  }

  /** POST /{index}/_refresh and /_refresh. */
  refresh(principal: Principal, target: string | undefined): RestAnswer {
    const names = target === undefined ? [...this.cluster.indices.indices.keys()] : target.split(',');
    if (target !== undefined) for (const name of names) this.require(principal, name, 'maintenance', 'indices:admin/refresh');
    const indices = names.filter((name) => target !== undefined || this.cluster.realm.hasIndexPrivilege(principal, name, 'maintenance')).map((name) => this.existing(name));
    for (const index of indices) index.refresh();
    const { total, assigned } = shardCopies(indices, this.cluster.nodes.length);
    return { status: 200, body: { _shards: { total, successful: assigned, failed: 0 } } };
  }
}

/** if_seq_no / if_primary_term: optimistic concurrency control. */
function checkConcurrency(query: URLSearchParams, id: string, previous: StoredDocument | undefined, index: EmulatedIndex): void {
  const seqNo = query.get('if_seq_no');
  const primaryTerm = query.get('if_primary_term');
  if (seqNo === null && primaryTerm === null) return;
  if (seqNo === null || primaryTerm === null) throw validationFailed(['ifSeqNo is set, but primary term is [0]']);
  if (!previous || String(previous.seqNo) !== seqNo || String(previous.primaryTerm) !== primaryTerm) {
    const current = previous ? `current document has seqNo [${previous.seqNo}] and primary term [${previous.primaryTerm}]` : 'but no document was found';
    throw indexError(409, 'version_conflict_engine_exception', `[${id}]: version conflict, required seqNo [${seqNo}], primary term [${primaryTerm}]. ${current}`, index.name, index.uuid, { shard: '0' });
  }
}

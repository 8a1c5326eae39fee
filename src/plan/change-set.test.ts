import { listChanges, reviewerNotes, type Change, type ChangeSet } from './change-set';
import { renderChange } from './render';

const set = (changes: Change[]): ChangeSet => ({ resourceType: 'T', resourceName: 'n', changes });
const create: Change = { kind: 'lifecycle', op: '+', path: [], action: 'create' };
const pattern: Change = { kind: 'entry', op: '+', path: ['access'], subject: 'index pattern', value: 'logs-*', under: { kind: 'access entry', id: 'search[0]' } };
const allowlisted: Change = { kind: 'entry', op: '+', path: ['accounts', '0', 'trust_allowlist'], subject: 'allowlist entry', value: 'c1', under: { kind: 'account', id: 'a1' } };
const secret: Change = { kind: 'secret', op: '+', path: ['credentials'], setting: 'cluster.remote.x.credentials', action: 'set' };
const plainField: Change = { kind: 'field', op: '+', path: ['mode'], subject: 'cluster.remote.x.mode', to: 'proxy' };
const replacing: Change = { kind: 'field', op: '!', path: ['name'], subject: 'name', from: 'a', to: 'b' };

describe('reviewerNotes: only what a native attribute diff cannot show', () => {
  it('a new resource: its keystore secret and the allowlist entries it adds to shared trust, not its plain values', () => {
    expect(reviewerNotes(set([create, plainField, pattern, allowlisted, secret])).changes).toEqual([allowlisted, secret]);
  });

  it('a new key with plain values only has no notes', () => {
    expect(reviewerNotes(set([create, plainField, pattern])).changes).toEqual([]);
  });

  it('an update lists entries one by one and why a replacement happens, not plain field changes', () => {
    const rotation: Change = { kind: 'lifecycle', op: '!', path: ['creation_time'], action: 'replace', reason: 'rotation due' };
    expect(reviewerNotes(set([plainField, pattern, replacing, rotation])).changes).toEqual([pattern, replacing, rotation]);
  });
});

describe('listChanges: list members added and removed, one line each', () => {
  it('adds in desired order, then removes in prior order; reordering and repeating a member is not a change', () => {
    const under = { kind: 'grant', id: 'indices[0]' };
    const changes = listChanges(['indices', '0', 'names'], 'index pattern', ['a', 'b', 'c'], ['c', 'd', 'a', 'd', 'e'], under);
    expect(changes.map(renderChange)).toEqual(['+ index pattern d under grant indices[0]', '+ index pattern e under grant indices[0]', '- index pattern b under grant indices[0]']);
    expect(changes.every((c) => c.under === under)).toBe(true);
  });

  it('leaves `under` out when the list has no owner', () => {
    expect(listChanges(['seeds'], 'seed', [], ['x:9300'])).toEqual([{ kind: 'entry', op: '+', path: ['seeds'], subject: 'seed', value: 'x:9300' }]);
  });
});

import type { ChangeSet } from '../../src/plan/change-set';
import type { ResourcePlan } from '../../src/resources/planning';
import { toPulumiDiff } from './diff-result';

function plan(action: ResourcePlan['action'], changes: ChangeSet['changes'], desired: Record<string, unknown>): ResourcePlan {
  const changeSet: ChangeSet = { resourceType: 'RemoteClusterConnection', resourceName: 'eu-logs', changes };
  const replacePaths = action === 'replace' ? changes.filter((c) => c.op === '!' && c.path.length > 0).map((c) => c.path) : [];
  return { action, desired, changeSet, replacePaths, warnings: [] };
}

const prior = { id: 'eu-logs', alias: 'eu-logs', mode: 'proxy', proxy_address: 'a:9443' };

describe('toPulumiDiff', () => {
  it('reports no change for a noop plan', () => {
    expect(toPulumiDiff({ plan: plan('noop', [], prior), prior, movedBy: [], uniqueBy: ['alias'] })).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it('updates in place without replaces', () => {
    const p = plan('update', [{ kind: 'field', op: '~', path: ['proxy_address'], subject: 'cluster.remote.eu-logs.proxy_address', from: 'a:9443', to: 'b:9443' }], {
      ...prior,
      proxy_address: 'b:9443',
    });
    expect(toPulumiDiff({ plan: p, prior, movedBy: [], uniqueBy: ['alias'] })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it('names replacement paths as camelCase top-level properties, once each', () => {
    const p = plan(
      'replace',
      [
        { kind: 'field', op: '!', path: ['mode'], subject: 'mode', from: 'proxy', to: 'sniff' },
        { kind: 'field', op: '!', path: ['proxy_address'], subject: 'proxy_address', from: 'a', to: undefined },
        { kind: 'field', op: '!', path: ['proxy_address', 'x'], subject: 'proxy_address', from: 'a', to: undefined },
      ],
      { ...prior, mode: 'sniff' },
    );
    const result = toPulumiDiff({ plan: p, prior, movedBy: [], uniqueBy: ['alias'] });
    expect(result.replaces).toEqual(['mode', 'proxyAddress']);
    // Same alias on the same cluster: the old object must go first, or the create collides with it.
    expect(result.deleteBeforeReplace).toBe(true);
  });

  it('creates before deleting when the unique attributes change, or when objects coexist', () => {
    const renamed = plan('replace', [{ kind: 'field', op: '!', path: ['alias'], subject: 'alias', from: 'eu-logs', to: 'eu-logs-2' }], { ...prior, alias: 'eu-logs-2' });
    expect(toPulumiDiff({ plan: renamed, prior, movedBy: [], uniqueBy: ['alias'] }).deleteBeforeReplace).toBe(false);
    const key = plan('replace', [{ kind: 'field', op: '!', path: ['expiration'], subject: 'expiration', from: '30d', to: '90d' }], { name: 'k', expiration: '90d' });
    expect(toPulumiDiff({ plan: key, prior: { id: 'k1', name: 'k', expiration: '30d' }, movedBy: [], uniqueBy: [] })).toEqual({
      changes: true,
      replaces: ['expiration'],
      deleteBeforeReplace: false,
    });
  });

  it('replaces when the cluster profile changes, creating on the new cluster first', () => {
    expect(toPulumiDiff({ plan: plan('noop', [], prior), prior, movedBy: ['cluster'], uniqueBy: ['alias'] })).toEqual({
      changes: true,
      replaces: ['cluster'],
      deleteBeforeReplace: false,
    });
  });

  it('falls back to the changed attributes when a replacement names no path', () => {
    const p = plan('replace', [{ kind: 'lifecycle', op: '!', path: [], action: 'replace', reason: 'gone' }, { kind: 'field', op: '~', path: ['skip_unavailable'], subject: 's', from: 'false', to: 'true' }], prior);
    expect(toPulumiDiff({ plan: p, prior, movedBy: [], uniqueBy: [] }).replaces).toEqual(['skipUnavailable']);
  });
});

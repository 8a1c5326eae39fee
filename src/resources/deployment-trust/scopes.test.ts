import { makeCa, type TestCa } from '../../../test/seeds/support/certificates';
import type { TrustSettings } from '../../cloud/types';
import { findOwnedScopes, mergeOwnedTrust, releaseScopes, sameTrust, type OwnedScopes } from './scopes';

const ownAccount = 'ec38dd0aa45f4a69909ca5c81c27138a';
const relationshipId = '83a7b03f2a4343fe99f09bd27ca3d9ec';
const c1 = 'cf659f7fe6164d9691b284ae36811be1';
const c2 = '11111111111111111111111111111111';
const c3 = '22222222222222222222222222222222';

const none: OwnedScopes = { accounts: [], external: [], direct: [] };

describe('trust scope merge', () => {
  let outsideCa: TestCa;
  let eceCa: TestCa;
  let current: TrustSettings;
  beforeAll(async () => {
    [outsideCa, eceCa] = await Promise.all([makeCa('Self-managed CA'), makeCa('ECE CA')]);
  });
  beforeEach(() => {
    current = {
      accounts: [{ account_id: ownAccount, name: 'Platform team org', trust_all: false, trust_allowlist: [c1, c2] }],
      external: [{ trust_relationship_id: relationshipId, name: 'ECE2', trust_all: true }],
      direct: [
        {
          uid: 'u-1',
          name: 'Self-managed',
          type: 'generic',
          additional_node_names: ['node-1.example.com'],
          certificates: [{ pem: outsideCa.pem, metadata: { fingerprint: 'x', valid_from: 'a', valid_to: 'b' } }],
          trust_all: false,
        },
      ],
    };
  });

  it('changes only the declared scope: account name, other scopes and direct certificates survive', () => {
    const desired: OwnedScopes = { ...none, accounts: [{ account_id: ownAccount, trust_all: false, trust_allowlist: [c2, c3] }] };
    const merged = mergeOwnedTrust(current, desired, []);
    expect(merged.accounts).toEqual([{ account_id: ownAccount, name: 'Platform team org', trust_all: false, trust_allowlist: [c2, c3] }]);
    expect(merged.external).toEqual(current.external);
    expect(merged.direct).toEqual(current.direct);
  });

  it('keeps the current order of remaining entries and appends new ones', () => {
    const desired: OwnedScopes = { ...none, accounts: [{ account_id: ownAccount, trust_all: false, trust_allowlist: [c3, c2, c1] }] };
    expect(mergeOwnedTrust(current, desired, []).accounts?.[0].trust_allowlist).toEqual([c1, c2, c3]);
  });

  it('writes nothing new when the declared scopes are already in place', () => {
    const desired: OwnedScopes = { ...none, accounts: [{ account_id: ownAccount, trust_all: false, trust_allowlist: [c2, c1] }] };
    expect(sameTrust(mergeOwnedTrust(current, desired, []), current)).toBe(true);
  });

  it('adds a direct trust next to the one set outside the tool, which keeps its uid and certificates', () => {
    const desired: OwnedScopes = {
      ...none,
      direct: [{ name: 'My ECE environment', type: 'ECE', scope_id: '1053523734', certificates: [eceCa.pem], trust_all: false, trust_allowlist: [c1] }],
    };
    const merged = mergeOwnedTrust(current, desired, []);
    expect(merged.direct?.[0]).toEqual(current.direct?.[0]);
    expect(merged.direct?.[1]).toEqual({ name: 'My ECE environment', type: 'ECE', scope_id: '1053523734', certificates: [{ pem: eceCa.pem }], trust_all: false, trust_allowlist: [c1] });
  });

  it('releases only the scopes it owned', () => {
    const released = releaseScopes(current, [{ kind: 'external', id: relationshipId }]);
    expect(released.external).toEqual([]);
    expect(released.accounts).toEqual(current.accounts);
    expect(released.direct).toEqual(current.direct);
  });

  it('trust_all drops the allowlist, as the API and the seeds do', () => {
    const desired: OwnedScopes = { ...none, accounts: [{ account_id: ownAccount, trust_all: true, trust_allowlist: [] }] };
    expect(mergeOwnedTrust(current, desired, []).accounts).toEqual([{ account_id: ownAccount, name: 'Platform team org', trust_all: true }]);
  });

  it('updating an owned direct trust keeps its uid (an update, not a remove and add)', () => {
    const desired: OwnedScopes = {
      ...none,
      direct: [{ name: 'Self-managed', type: 'generic', additional_node_names: ['node-1.example.com', 'node-2.example.com'], certificates: [outsideCa.pem], trust_all: false, trust_allowlist: [] }],
    };
    const [merged] = mergeOwnedTrust(current, desired, []).direct ?? [];
    expect(merged.uid).toBe('u-1');
    expect(merged.additional_node_names).toEqual(['node-1.example.com', 'node-2.example.com']);
    expect(merged.certificates).toEqual([{ pem: outsideCa.pem }]);
  });

  it('does not add empty lists the deployment did not have', () => {
    const merged = mergeOwnedTrust({ accounts: [{ account_id: ownAccount, trust_all: true }] }, { ...none, accounts: [{ account_id: ownAccount, trust_all: false, trust_allowlist: [c1] }] }, []);
    expect(Object.keys(merged)).toEqual(['accounts']);
  });

  it('finds owned scopes in input form and reports the missing ones', () => {
    const found = findOwnedScopes(current, [
      { kind: 'account', id: ownAccount },
      { kind: 'direct', id: 'Self-managed' },
      { kind: 'external', id: 'gone' },
    ]);
    expect(found.accounts).toEqual([{ account_id: ownAccount, trust_all: false, trust_allowlist: [c1, c2] }]);
    expect(found.direct[0]).toMatchObject({ name: 'Self-managed', type: 'generic', certificates: [outsideCa.pem], additional_node_names: ['node-1.example.com'] });
    expect(found.missing).toEqual([{ kind: 'external', id: 'gone' }]);
  });
});

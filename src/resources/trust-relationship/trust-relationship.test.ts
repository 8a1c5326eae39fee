import { makeCa, type TestCa } from '../../../test/seeds/support/certificates';
import type { LocalTrustParameters } from '../../cloud/types';
import { renderChangeSet } from '../../plan/render';
import { planResource } from '../planning';
import { diffTrustRelationship, trustPairFromLocalParameters, trustRelationship, type TrustRelationshipInput, type TrustRelationshipState } from '.';

describe('TrustRelationship', () => {
  let ca1: TestCa;
  let ca2: TestCa;
  let env1: LocalTrustParameters;
  let env2: LocalTrustParameters;
  beforeAll(async () => {
    [ca1, ca2] = await Promise.all([makeCa('ECE1 CA'), makeCa('ECE2 CA')]);
    env1 = { id: 'l1', name: 'ece1', installation_id: '1053523734', public_ca_cert: ca1.pem, account_ids: ['ec38dd0aa45f4a69909ca5c81c27138a'] };
    env2 = { id: 'l2', name: 'ece2', installation_id: '2000000001', public_ca_cert: ca2.pem, account_ids: ['651598b101e54ccab1bfdcd8b6e3b8be'] };
  });

  it('declares both directions of a pair from each side\'s own trust parameters', () => {
    const pair = trustPairFromLocalParameters({ name: 'ECE1', parameters: env1 }, { name: 'ECE2', parameters: env2, region: 'ece-west', trust_by_default: true });
    expect(pair.inA).toEqual({ name: 'ECE2', installation_id: '2000000001', public_ca_cert: ca2.pem, trust_by_default: false, account_ids: ['651598b101e54ccab1bfdcd8b6e3b8be'] });
    expect(pair.inB).toEqual({ name: 'ECE1', installation_id: '1053523734', public_ca_cert: ca1.pem, trust_by_default: true, account_ids: ['ec38dd0aa45f4a69909ca5c81c27138a'], region: 'ece-west' });
    // Both inputs pass the resource's own validation.
    expect(planResource(trustRelationship, undefined, pair.inA).action).toBe('create');
    expect(planResource(trustRelationship, undefined, pair.inB).action).toBe('create');
    expect(() => trustPairFromLocalParameters({ name: 'a', parameters: env1 }, { name: 'b', parameters: env1 })).toThrow(/two different ECE environments/);
  });

  it('diff: certificate by fingerprint, accounts one line each, region replaces', () => {
    const input: TrustRelationshipInput = { name: 'ECE2', installation_id: '2000000001', public_ca_cert: ca2.pem, trust_by_default: false, account_ids: ['651598b101e54ccab1bfdcd8b6e3b8be'] };
    const prior: TrustRelationshipState = { ...input, id: 'r1' };
    expect(diffTrustRelationship(prior, { ...input, public_ca_cert: ca2.pem.replace(/\n/g, '\r\n') }).changes).toEqual([]);
    const text = renderChangeSet(diffTrustRelationship(prior, { ...input, public_ca_cert: ca1.pem, account_ids: ['ec38dd0aa45f4a69909ca5c81c27138a'] }));
    expect(text.split('\n')).toEqual([
      'TrustRelationship "ECE2"',
      expect.stringMatching(/^ {2}~ public_ca_cert SHA-256 [0-9a-f]{64} → SHA-256 [0-9a-f]{64}$/),
      '  + trusted account ec38dd0aa45f4a69909ca5c81c27138a',
      '  - trusted account 651598b101e54ccab1bfdcd8b6e3b8be',
    ]);
    const replace = planResource(trustRelationship, prior, { ...input, region: 'ece-west' });
    expect(replace.action).toBe('replace');
    expect(replace.replacePaths).toEqual([['region']]);
  });
});

import { z } from 'zod';
import { describeAttributes, type AnyResourceDefinition } from '../../src/resources/definition';
import { engineInputOf, pulumiPath, secretProperties, toPulumi, unknownValue } from './attributes';
import { unknownPlaceholder, unknownSecretPlaceholder } from '../../src/resources/planning';

// A schema with every shape the mapping must handle: nested objects, lists of objects, maps with user keys.
const sample = {
  type: 'Sample',
  input: z.strictObject({
    remote_alias: z.string(),
    trust: z.strictObject({
      accounts: z.array(z.strictObject({ account_id: z.string(), trust_allowlist: z.array(z.string()).optional() })),
    }),
    metadata_labels: z.record(z.string(), z.string()).optional(),
    credentials: z.string().optional().meta({ sensitive: true }),
  }),
  output: z.object({ id: z.string(), key_fingerprint: z.string().optional() }),
} as unknown as AnyResourceDefinition;
const attributes = describeAttributes(sample);

describe('engineInputOf and toPulumi', () => {
  const pulumiInputs = {
    remoteAlias: 'eu-logs',
    trust: { accounts: [{ accountId: 'ec38dd0a', trustAllowlist: ['cf659f7f'] }] },
    metadataLabels: { team_name: 'search', 'Mixed.Key': 'x' },
    credentials: 'c2VjcmV0',
  };
  const engineInputs = {
    remote_alias: 'eu-logs',
    trust: { accounts: [{ account_id: 'ec38dd0a', trust_allowlist: ['cf659f7f'] }] },
    metadata_labels: { team_name: 'search', 'Mixed.Key': 'x' },
    credentials: 'c2VjcmV0',
  };

  it('renames nested object members and list elements, never map keys', () => {
    expect(engineInputOf(attributes, pulumiInputs).raw).toEqual(engineInputs);
    expect(toPulumi(attributes, engineInputs)).toEqual(pulumiInputs);
  });

  it('keeps unknown keys (renamed by the rule) so validation can name them', () => {
    expect(engineInputOf(attributes, { remoteAlias: 'a', proxyAdress: 'x' }).raw).toEqual({ remote_alias: 'a', proxy_adress: 'x' });
  });

  it('drops undefined values', () => {
    expect(engineInputOf(attributes, { remoteAlias: 'a', credentials: undefined }).raw).toEqual({ remote_alias: 'a' });
  });

  it('converts computed outputs too', () => {
    expect(toPulumi(attributes, { key_fingerprint: 'abc' })).toEqual({ keyFingerprint: 'abc' });
  });
});

describe('pulumiPath', () => {
  it('names nested list members and map entries in Pulumi terms', () => {
    expect(pulumiPath(attributes, ['trust', 'accounts', 0, 'trust_allowlist', 1])).toBe('trust.accounts[0].trustAllowlist[1]');
    expect(pulumiPath(attributes, ['metadata_labels', 'team_name'])).toBe('metadataLabels["team_name"]');
    expect(pulumiPath(attributes, ['remote_alias'])).toBe('remoteAlias');
  });
});

describe('engineInputOf', () => {
  it('replaces unknown strings by a readable placeholder (a secret by an opaque sealed one), leaves other unknowns out, and reports every engine path', () => {
    const { raw, unknownPaths } = engineInputOf(attributes, {
      remoteAlias: 'eu-logs',
      credentials: unknownValue,
      trust: { accounts: [{ accountId: 'a', trustAllowlist: ['x', unknownValue] }, unknownValue] },
      metadataLabels: unknownValue,
    });
    expect(raw).toEqual({ remote_alias: 'eu-logs', credentials: unknownSecretPlaceholder, trust: { accounts: [{ account_id: 'a', trust_allowlist: ['x', unknownPlaceholder] }] } });
    expect(unknownPaths).toEqual([['credentials'], ['trust', 'accounts', 0, 'trust_allowlist', 1], ['trust', 'accounts', 1], ['metadata_labels']]);
  });
});

describe('secretProperties', () => {
  it('lists the sensitive attributes in camelCase', () => {
    expect(secretProperties(attributes)).toEqual(['credentials']);
  });
});

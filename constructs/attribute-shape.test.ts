import { TerraformVariable, Testing, TerraformStack, Token } from 'cdktf';
import { toTerraformAttributes, type ObjectShape } from './attribute-shape';

const shape: ObjectShape = {
  kind: 'object',
  attributes: {
    proxy_address: { kind: 'scalar' },
    metadata: { kind: 'map', element: { kind: 'scalar' } },
    access: {
      kind: 'object',
      attributes: { search: { kind: 'list', element: { kind: 'object', attributes: { names: { kind: 'list', element: { kind: 'scalar' } }, allow_restricted_indices: { kind: 'scalar' } } } } },
    },
  },
};

describe('toTerraformAttributes', () => {
  test('renames object keys recursively, keeps map keys, drops undefined', () => {
    const attributes = toTerraformAttributes(
      shape,
      {
        proxyAddress: 'remote:9443',
        metadata: { ownerTeam: 'search', 'cost-center': '42' },
        access: { search: [{ names: ['logs-*'], allowRestrictedIndices: false }] },
        unset: undefined,
      },
      'Stack/Thing',
    );
    expect(attributes).toEqual({
      proxy_address: 'remote:9443',
      metadata: { ownerTeam: 'search', 'cost-center': '42' },
      access: { search: [{ names: ['logs-*'], allow_restricted_indices: false }] },
    });
  });

  test('passes tokens through unchanged', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const variable = new TerraformVariable(stack, 'patterns', { type: 'list(string)' });
    const attributes = toTerraformAttributes(shape, { access: { search: variable.listValue } }, 'Stack/Thing');
    expect(Token.isUnresolved((attributes.access as Record<string, unknown>).search)).toBe(true);
  });

  test('an unknown prop names the construct path and the accepted props', () => {
    expect(() => toTerraformAttributes(shape, { proxy_address: 'x' }, 'Stack/Thing')).toThrow(
      'Stack/Thing: unknown property "proxy_address"; accepted: proxyAddress, metadata, access',
    );
    expect(() => toTerraformAttributes(shape, { access: { search: [{ names: ['a'], extra: 1 }] } }, 'Stack/Thing')).toThrow(
      'Stack/Thing.access.search[0]: unknown property "extra"; accepted: names, allowRestrictedIndices',
    );
  });

  test('a value of the wrong kind is refused with its path', () => {
    expect(() => toTerraformAttributes(shape, { access: { search: 'logs-*' } }, 'S/T')).toThrow('S/T.access.search: expected a list');
    expect(() => toTerraformAttributes(shape, { metadata: ['a'] }, 'S/T')).toThrow('S/T.metadata: expected a map');
  });
});

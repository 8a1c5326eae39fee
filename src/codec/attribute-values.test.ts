import { z } from 'zod';
import { describeAttributes, type AnyResourceDefinition } from '../resources/definition';
import { unknownPlaceholder, unknownSecretPlaceholder } from '../resources/planning';
import { decodeInput, encodeState, plannedValue, type ValueDialect } from './attribute-values';
import { validateInput } from '../resources/definition';
import { camelCase, snakeCase } from '../resources/attribute-names';

const sample = {
  input: z.strictObject({
    remote_alias: z.string(),
    credentials: z.string().optional().meta({ sensitive: true }),
    seeds: z.array(z.string()).optional(),
    labels: z.record(z.string(), z.string()).optional(),
    deployment: z.strictObject({ ref_id: z.string().default('main-elasticsearch'), port: z.number().optional() }).optional(),
  }),
  output: z.object({ id: z.string() }),
} as unknown as AnyResourceDefinition;
const attributes = describeAttributes(sample);

const unknown = Symbol('unknown');
// Two front ends that differ in every way a dialect can: names, unset marker, typed objects.
const typed: ValueDialect = { naming: { frontEnd: (n) => n, engine: (k) => k }, keepsStrayKeys: false, isUnknown: (v) => v === unknown, isUnset: (v) => v === null, unset: null };
const untyped: ValueDialect = { naming: { frontEnd: camelCase, engine: snakeCase }, keepsStrayKeys: true, isUnknown: (v) => v === unknown, isUnset: () => false };

describe('decodeInput', () => {
  it('gives the engine the same input and unknown paths whatever the dialect', () => {
    const fromTyped = decodeInput(attributes, { remote_alias: 'eu', credentials: unknown, seeds: ['a:9300', unknown], labels: null, deployment: { ref_id: null, port: unknown } }, typed);
    const fromUntyped = decodeInput(attributes, { remoteAlias: 'eu', credentials: unknown, seeds: ['a:9300', unknown], deployment: { port: unknown } }, untyped);
    const expected = { remote_alias: 'eu', credentials: unknownSecretPlaceholder, seeds: ['a:9300', unknownPlaceholder], deployment: {} };
    expect(fromTyped.raw).toEqual(expected);
    expect(fromUntyped.raw).toEqual(expected);
    expect(fromTyped.unknownPaths).toEqual([['credentials'], ['seeds', 1], ['deployment', 'port']]);
    expect(fromUntyped.unknownPaths).toEqual(fromTyped.unknownPaths);
  });

  it('never renames map keys (they are user data)', () => {
    expect(decodeInput(attributes, { labels: { teamName: 'x' } }, untyped).raw).toEqual({ labels: { teamName: 'x' } });
  });

  it('keeps a misspelt key only where objects are untyped, so validation can name it', () => {
    expect(decodeInput(attributes, { remoteAlias: 'eu', proxyAdress: 'x' }, untyped).raw).toEqual({ remote_alias: 'eu', proxy_adress: 'x' });
    expect(decodeInput(attributes, { remote_alias: 'eu', proxy_adress: 'x' }, typed).raw).toEqual({ remote_alias: 'eu' });
  });
});

describe('encodeState', () => {
  const state = { remote_alias: 'eu', deployment: { ref_id: 'main-elasticsearch' }, id: 'eu' };

  it('writes every attribute (unset as null) for a typed front end', () => {
    expect(encodeState(attributes, state, typed)).toEqual({
      remote_alias: 'eu',
      credentials: null,
      seeds: null,
      labels: null,
      deployment: { ref_id: 'main-elasticsearch', port: null },
      id: 'eu',
    });
  });

  it('writes only what the engine has, in the front end names, for an untyped one', () => {
    expect(encodeState(attributes, state, untyped)).toEqual({ remoteAlias: 'eu', deployment: { refId: 'main-elasticsearch' }, id: 'eu' });
  });
});

describe('plannedValue', () => {
  const objectType = { kind: 'object' as const, attributes: attributes.filter((a) => !a.computed) };
  const planned = (config: Record<string, unknown>, dialect: ValueDialect) => {
    const { raw, unknownPaths } = decodeInput(attributes, config, dialect);
    return plannedValue(config, validateInput({ type: 'Sample', input: sample.input }, raw, unknownPaths), objectType, dialect);
  };

  it('keeps what the user wrote, unknowns included, and takes the engine default where a nested value is left out', () => {
    expect(planned({ remote_alias: 'eu', credentials: unknown, seeds: null, labels: null, deployment: { ref_id: null, port: unknown } }, typed)).toEqual({
      remote_alias: 'eu',
      credentials: unknown,
      seeds: null,
      labels: null,
      deployment: { ref_id: 'main-elasticsearch', port: unknown },
    });
  });

  it('pairs list elements with the engine list although decoding left unknown elements out', () => {
    const listOfObjects = z.strictObject({ scopes: z.array(z.strictObject({ id: z.number().optional(), ref_id: z.string().default('main') })) });
    const listAttributes = describeAttributes({ input: listOfObjects, output: z.object({ id: z.string() }) });
    const config = { scopes: [unknown, { id: 1, ref_id: null }, { id: unknown, ref_id: 'other' }] };
    const { raw, unknownPaths } = decodeInput(listAttributes, config, typed);
    const desired = validateInput({ type: 'Sample', input: listOfObjects }, raw, unknownPaths);
    expect(plannedValue(config, desired, { kind: 'object', attributes: listAttributes.filter((a) => !a.computed) }, typed)).toEqual({
      scopes: [unknown, { id: 1, ref_id: 'main' }, { id: unknown, ref_id: 'other' }],
    });
  });
});

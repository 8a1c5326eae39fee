import { decode, encode, ExtData } from '@msgpack/msgpack';
import { containsUnknown, decodeJson, decodeMsgpack, Dynamic, encodeMsgpack, Unknown, WireFormatError, type TfType } from './codec';

const objectType: TfType = [
  'object',
  {
    name: 'string',
    count: 'number',
    enabled: 'bool',
    seeds: ['list', 'string'],
    tags: ['set', 'string'],
    metadata: ['map', 'string'],
    access: ['object', { search: ['list', ['object', { names: ['list', 'string'] }]] }],
  },
];

describe('MessagePack DynamicValue codec', () => {
  it('encodes objects with every attribute present, null when unset, in schema order', () => {
    const bytes = encodeMsgpack({ name: 'k1', seeds: ['a:9300'] }, objectType);
    const raw = decode(bytes) as Record<string, unknown>;
    expect(Object.keys(raw)).toEqual(['name', 'count', 'enabled', 'seeds', 'tags', 'metadata', 'access']);
    expect(raw).toEqual({ name: 'k1', count: null, enabled: null, seeds: ['a:9300'], tags: null, metadata: null, access: null });
  });

  it('round-trips lists, sets, maps, nested objects, bools and nulls', () => {
    const value = {
      name: 'k1',
      count: 3,
      enabled: false,
      seeds: ['a:9300', 'b:9300'],
      tags: ['x'],
      metadata: { team: 'a', 'odd key': 'b' },
      access: { search: [{ names: ['logs-*'] }, { names: [] }] },
    };
    expect(decodeMsgpack(encodeMsgpack(value, objectType), objectType)).toEqual(value);
  });

  it('decodes what Terraform sends: missing attributes as null, extra attributes dropped', () => {
    const bytes = encode({ name: 'k', unexpected: 1 });
    expect(decodeMsgpack(bytes, objectType)).toEqual({ name: 'k', count: null, enabled: null, seeds: null, tags: null, metadata: null, access: null });
  });

  it('decodes every extension code as unknown, anywhere in a value', () => {
    for (const code of [0, 1, 5, 12, 42, 127, -1, -128]) {
      const bytes = encode({ name: new ExtData(code, new Uint8Array([0])), seeds: ['a', new ExtData(code, new Uint8Array())] });
      const value = decodeMsgpack(bytes, objectType) as Record<string, unknown>;
      expect(value.name).toBeInstanceOf(Unknown);
      expect((value.seeds as unknown[])[1]).toBeInstanceOf(Unknown);
      expect(containsUnknown(value as never)).toBe(true);
    }
  });

  it('reads refinements of code 12 and ignores keys it does not know', () => {
    // {1: false, 2: "sealed:", 99: "future"}
    const payload = new Uint8Array([0x83, 0x01, 0xc2, 0x02, ...encode('sealed:'), 0x63, ...encode('future')]);
    const value = decodeMsgpack(encode(new ExtData(12, payload)), 'string');
    expect(value).toEqual(new Unknown({ nullness: false, stringPrefix: 'sealed:' }));
    const bounds = new Uint8Array([0x82, 0x03, ...encode([1, true]), 0x06, 0x05]);
    expect(decodeMsgpack(encode(new ExtData(12, bounds)), 'number')).toEqual(new Unknown({ numberLowerBound: [1, true], lengthUpperBound: 5 }));
  });

  it('writes plain unknowns with code 0 and refined ones with code 12', () => {
    const plain = decode(encodeMsgpack(new Unknown(), 'string')) as ExtData;
    expect(plain.type).toBe(0);
    const refined = decode(encodeMsgpack(new Unknown({ stringPrefix: 'sealed:' }), 'string')) as ExtData;
    expect(refined.type).toBe(12);
    expect(decodeMsgpack(encodeMsgpack(new Unknown({ stringPrefix: 'sealed:', nullness: false }), 'string'), 'string')).toEqual(
      new Unknown({ stringPrefix: 'sealed:', nullness: false }),
    );
  });

  it('keeps large numbers exact: int64 and decimal strings beyond 2^53', () => {
    const big = 2n ** 62n + 1n;
    expect(decodeMsgpack(encodeMsgpack(big, 'number'), 'number')).toBe(big);
    expect(decodeMsgpack(encode('123456789012345678901234567890'), 'number')).toBe(123456789012345678901234567890n);
    expect(decode(encodeMsgpack(123456789012345678901234567890n, 'number'))).toBe('123456789012345678901234567890');
    expect(decodeMsgpack(encodeMsgpack(2 ** 40, 'number'), 'number')).toBe(2 ** 40);
    expect(decodeMsgpack(encode('1.5'), 'number')).toBe(1.5);
    expect(decodeMsgpack(encodeMsgpack(-0.25, 'number'), 'number')).toBe(-0.25);
    expect(decodeMsgpack(encode(-(2 ** 40)), 'number')).toBe(-(2 ** 40));
  });

  it('carries dynamic values with their type', () => {
    const bytes = encodeMsgpack(new Dynamic(['list', 'string'], ['a']), 'dynamic');
    const raw = decode(bytes) as [Uint8Array, unknown];
    expect(Buffer.from(raw[0]).toString()).toBe('["list","string"]');
    expect(decodeMsgpack(bytes, 'dynamic')).toEqual(new Dynamic(['list', 'string'], ['a']));
  });

  it('rejects a value of the wrong type with its path', () => {
    expect(() => decodeMsgpack(encode({ seeds: ['a', 7] }), objectType)).toThrow(new WireFormatError('seeds[1]: expected a string'));
    expect(() => encodeMsgpack({ access: { search: [{ names: 'x' }] } } as never, objectType)).toThrow(/access.search\[0\].names: expected a list/);
  });
});

describe('JSON DynamicValue and raw state', () => {
  it('decodes a stored state into the current object type', () => {
    const state = decodeJson('{"name":"k","count":2,"removed_attribute":"x","access":{"search":[{"names":["a"]}]}}', objectType);
    expect(state).toEqual({ name: 'k', count: 2, enabled: null, seeds: null, tags: null, metadata: null, access: { search: [{ names: ['a'] }] } });
  });

  it('decodes dynamic values in their JSON form', () => {
    expect(decodeJson('{"type":"string","value":"x"}', 'dynamic')).toEqual(new Dynamic('string', 'x'));
  });
});

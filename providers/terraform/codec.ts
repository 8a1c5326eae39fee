/**
 * The wire values of the Terraform plugin protocol (DynamicValue): MessagePack, and JSON where Terraform
 * sends it (UpgradeResourceState's raw state). Decoding and encoding are driven by the Terraform type of
 * the value (the schema), as the object wire format prescribes: objects carry every attribute (null when
 * unset), unknown values are MessagePack extensions (any extension code; code 12 carries refinements),
 * numbers may arrive as integers, floats or decimal strings.
 */
import { Decoder, Encoder, ExtData, ExtensionCodec } from '@msgpack/msgpack';

/** A Terraform type constraint as it travels in `Schema.Attribute.type` (JSON). */
export type TfType =
  | 'string'
  | 'number'
  | 'bool'
  | 'dynamic'
  | ['list', TfType]
  | ['set', TfType]
  | ['map', TfType]
  | ['object', { [attribute: string]: TfType }]
  | ['tuple', TfType[]];

/** What Terraform knows about an unknown value (extension code 12); all optional. */
export interface Refinements {
  nullness?: boolean;
  stringPrefix?: string;
  numberLowerBound?: [number | bigint, boolean];
  numberUpperBound?: [number | bigint, boolean];
  lengthLowerBound?: number;
  lengthUpperBound?: number;
}

/** A value decided only at apply time. */
export class Unknown {
  constructor(readonly refinements: Refinements = {}) {}
}

/** A value of type `dynamic`: its concrete type travels with it. */
export class Dynamic {
  constructor(
    readonly type: TfType,
    readonly value: TfValue,
  ) {}
}

export type TfValue = null | Unknown | Dynamic | string | number | bigint | boolean | TfValue[] | { [key: string]: TfValue };
export type TfObject = { [attribute: string]: TfValue };

export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}

export function isTfObject(value: TfValue | undefined): value is TfObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unknown) && !(value instanceof Dynamic);
}

/** True when the value or anything inside it is unknown. */
export function containsUnknown(value: TfValue): boolean {
  if (value instanceof Unknown) return true;
  if (value instanceof Dynamic) return containsUnknown(value.value);
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isTfObject(value)) return Object.values(value).some(containsUnknown);
  return false;
}

// ---------------------------------------------------------------------------------------------
// MessagePack

/** Every extension, the built-in timestamp (-1) included, stays raw: each one means "unknown". */
const extensions = new ExtensionCodec();
extensions.register({ type: -1, encode: () => null, decode: (data, type) => new ExtData(type, data) });

const decoder = new Decoder({ extensionCodec: extensions, useBigInt64: true });
const encoder = new Encoder({ extensionCodec: extensions, useBigInt64: true });

const refinementKeys = { nullness: 1, stringPrefix: 2, numberLowerBound: 3, numberUpperBound: 4, lengthLowerBound: 5, lengthUpperBound: 6 } as const;

export class WireFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireFormatError';
  }
}

export function decodeMsgpack(bytes: Uint8Array, type: TfType): TfValue {
  return fromWire(decoder.decode(bytes), type, 'msgpack', '');
}

export function encodeMsgpack(value: TfValue, type: TfType): Uint8Array {
  return encoder.encode(toWire(value, type, ''));
}

/** Parses a JSON DynamicValue or raw state. Numbers beyond 2^53 lose precision in JSON.parse. */
export function decodeJson(bytes: Uint8Array | string, type: TfType): TfValue {
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8');
  return fromWire(JSON.parse(text), type, 'json', '');
}

function at(where: string, step: string | number): string {
  return typeof step === 'number' ? `${where}[${step}]` : where ? `${where}.${step}` : step;
}

function decodeRefinements(data: Uint8Array): Refinements {
  if (data.length === 0) return {};
  const raw: unknown = decoder.decode(data);
  if (typeof raw !== 'object' || raw === null) return {};
  const byKey = raw as Record<number, unknown>;
  const refinements: Refinements = {};
  const bound = (v: unknown): [number | bigint, boolean] | undefined =>
    Array.isArray(v) && v.length === 2 ? [toNumber(v[0], 'refinement'), v[1] === true] : undefined;
  if (typeof byKey[refinementKeys.nullness] === 'boolean') refinements.nullness = byKey[refinementKeys.nullness] as boolean;
  if (typeof byKey[refinementKeys.stringPrefix] === 'string') refinements.stringPrefix = byKey[refinementKeys.stringPrefix] as string;
  const lower = bound(byKey[refinementKeys.numberLowerBound]);
  if (lower) refinements.numberLowerBound = lower;
  const upper = bound(byKey[refinementKeys.numberUpperBound]);
  if (upper) refinements.numberUpperBound = upper;
  if (byKey[refinementKeys.lengthLowerBound] !== undefined) refinements.lengthLowerBound = Number(byKey[refinementKeys.lengthLowerBound]);
  if (byKey[refinementKeys.lengthUpperBound] !== undefined) refinements.lengthUpperBound = Number(byKey[refinementKeys.lengthUpperBound]);
  return refinements;
}

function encodeRefinements(refinements: Refinements): ExtData {
  const entries = Object.entries(refinements).filter(([, v]) => v !== undefined);
  // An unknown without refinements uses the older code 0 (backward compatibility rule).
  if (entries.length === 0) return new ExtData(0, new Uint8Array([0]));
  // The encoder writes string keys only; refinement keys are small integers (positive fixints).
  const parts: Uint8Array[] = [new Uint8Array([0x80 + entries.length])];
  for (const [name, v] of entries) {
    parts.push(new Uint8Array([refinementKeys[name as keyof Refinements]]));
    parts.push(encoder.encode(Array.isArray(v) ? [numberToWire(v[0]), v[1]] : v));
  }
  return new ExtData(12, Buffer.concat(parts));
}

const int64Min = -(2n ** 63n);
const uint64Max = 2n ** 64n - 1n;

/** Integers stay exact: safe ones as numbers, larger ones as bigint. */
function toNumber(raw: unknown, where: string): number | bigint {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'bigint') return Number.isSafeInteger(Number(raw)) && BigInt(Number(raw)) === raw ? Number(raw) : raw;
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (/^-?\d+$/.test(text)) return toNumber(BigInt(text), where);
    const n = Number(text);
    if (text !== '' && Number.isFinite(n)) return n;
  }
  throw new WireFormatError(`${where || 'value'}: expected a number, got ${typeof raw}`);
}

function numberToWire(n: number | bigint): number | bigint | string {
  if (typeof n === 'bigint') return n >= int64Min && n <= uint64Max ? n : n.toString();
  // Safe integers beyond 32 bits go as int64 so Terraform keeps them exact.
  if (Number.isSafeInteger(n) && (n > 0xffffffff || n < -0x80000000)) return BigInt(n);
  return n;
}

function parseType(json: string, where: string): TfType {
  try {
    return JSON.parse(json) as TfType;
  } catch {
    throw new WireFormatError(`${where || 'value'}: dynamic value with an unreadable type`);
  }
}

/** Converts a decoded MessagePack/JSON value into a TfValue of the given type. */
function fromWire(raw: unknown, type: TfType, format: 'msgpack' | 'json', where: string): TfValue {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof ExtData) return new Unknown(raw.type === 12 && raw.data instanceof Uint8Array ? decodeRefinements(raw.data) : {});
  if (type === 'dynamic') {
    if (format === 'msgpack') {
      if (!Array.isArray(raw) || raw.length !== 2 || !(raw[0] instanceof Uint8Array)) throw new WireFormatError(`${where || 'value'}: malformed dynamic value`);
      const concrete = parseType(Buffer.from(raw[0]).toString('utf8'), where);
      return new Dynamic(concrete, fromWire(raw[1], concrete, format, where));
    }
    const { type: concrete, value } = raw as { type: TfType; value: unknown };
    return new Dynamic(concrete, fromWire(value, concrete, format, where));
  }
  if (type === 'string') {
    if (typeof raw !== 'string') throw new WireFormatError(`${where || 'value'}: expected a string`);
    return raw;
  }
  if (type === 'number') return toNumber(raw, where);
  if (type === 'bool') {
    if (typeof raw !== 'boolean') throw new WireFormatError(`${where || 'value'}: expected a bool`);
    return raw;
  }
  const [kind, argument] = type;
  switch (kind) {
    case 'list':
    case 'set':
      if (!Array.isArray(raw)) throw new WireFormatError(`${where || 'value'}: expected a ${kind}`);
      return raw.map((element, i) => fromWire(element, argument, format, at(where, i)));
    case 'tuple':
      if (!Array.isArray(raw)) throw new WireFormatError(`${where || 'value'}: expected a tuple`);
      return argument.map((elementType, i) => fromWire(raw[i], elementType, format, at(where, i)));
    case 'map': {
      const entries = raw instanceof Map ? [...raw.entries()] : Object.entries(raw as object);
      return Object.fromEntries(entries.map(([k, v]) => [String(k), fromWire(v, argument, format, at(where, String(k)))]));
    }
    case 'object': {
      const source = raw as Record<string, unknown>;
      return Object.fromEntries(Object.entries(argument).map(([name, t]) => [name, fromWire(source[name], t, format, at(where, name))]));
    }
  }
}

/** Converts a TfValue into what the MessagePack encoder writes, attribute by attribute of its type. */
function toWire(value: TfValue | undefined, type: TfType, where: string): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Unknown) return encodeRefinements(value.refinements);
  if (type === 'dynamic') {
    const dynamic = value instanceof Dynamic ? value : new Dynamic(impliedType(value, where), value);
    return [Buffer.from(JSON.stringify(dynamic.type)), toWire(dynamic.value, dynamic.type, where)];
  }
  if (value instanceof Dynamic) return toWire(value.value, type, where);
  if (type === 'string') {
    if (typeof value !== 'string') throw new WireFormatError(`${where || 'value'}: expected a string, got ${typeof value}`);
    return value;
  }
  if (type === 'number') {
    if (typeof value !== 'number' && typeof value !== 'bigint') throw new WireFormatError(`${where || 'value'}: expected a number, got ${typeof value}`);
    return numberToWire(value);
  }
  if (type === 'bool') {
    if (typeof value !== 'boolean') throw new WireFormatError(`${where || 'value'}: expected a bool, got ${typeof value}`);
    return value;
  }
  const [kind, argument] = type;
  switch (kind) {
    case 'list':
    case 'set':
      if (!Array.isArray(value)) throw new WireFormatError(`${where || 'value'}: expected a ${kind}`);
      return value.map((element, i) => toWire(element, argument, at(where, i)));
    case 'tuple':
      if (!Array.isArray(value)) throw new WireFormatError(`${where || 'value'}: expected a tuple`);
      return argument.map((elementType, i) => toWire(value[i], elementType, at(where, i)));
    case 'map':
      if (!isTfObject(value)) throw new WireFormatError(`${where || 'value'}: expected a map`);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v, argument, at(where, k))]));
    case 'object': {
      if (!isTfObject(value)) throw new WireFormatError(`${where || 'value'}: expected an object`);
      // Every attribute of the type is present, null when unset.
      return Object.fromEntries(Object.entries(argument).map(([name, t]) => [name, toWire(value[name], t, at(where, name))]));
    }
  }
}

/** The type of a known value written into a `dynamic` slot. */
function impliedType(value: TfValue, where: string): TfType {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return ['tuple', value.map((v, i) => impliedType(v, at(where, i)))];
  if (isTfObject(value)) return ['object', Object.fromEntries(Object.entries(value).map(([k, v]) => [k, impliedType(v, at(where, k))]))];
  throw new WireFormatError(`${where || 'value'}: the type of a null or unknown dynamic value cannot be implied`);
}

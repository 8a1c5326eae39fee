/**
 * Request bodies read as Elasticsearch's Jackson parser reads them: strict duplicate detection,
 * a nesting limit (StreamReadConstraints), and `[line:col]` locations in every error, including the
 * field locations request parsers (ObjectParser) report for unknown or invalid fields.
 */
import { parseError } from './es-errors';

/** A JSON object (not null, not an array): the shape every request parser expects for a body or a nested field. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A name pattern where `*` matches any run of characters and everything else is literal, matched whole. */
export const wildcardRegex = (pattern: string): RegExp =>
  new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

/** The Jackson token a parsed value starts with, as parser messages name it. */
export function jsonToken(value: unknown): string {
  if (value === null) return 'VALUE_NULL';
  if (Array.isArray(value)) return 'START_ARRAY';
  switch (typeof value) {
    case 'string': return 'VALUE_STRING';
    case 'number': return 'VALUE_NUMBER';
    case 'boolean': return 'VALUE_BOOLEAN';
    default: return 'START_OBJECT';
  }
}

/** StreamReadConstraints.DEFAULT_MAX_DEPTH, which Elasticsearch keeps. */
export const MAX_NESTING_DEPTH = 1000;

/** Where each field name of a parsed object starts, as `[line:col]`. */
const fieldLocations = new WeakMap<object, Map<string, string>>();

/** The `[line:col]` of a field of a parsed body (its name's opening quote); `[1:2]` when unknown. */
export function fieldLocation(object: object, field: string): string {
  return fieldLocations.get(object)?.get(field) ?? '[1:2]';
}

/** ObjectParser's strictness: a field the parser does not declare is an error at its location. */
export function rejectUnknownFields(object: Record<string, unknown>, parser: string, allowed: readonly string[]): void {
  for (const field of Object.keys(object)) {
    if (!allowed.includes(field)) throw parseError(`${fieldLocation(object, field)} [${parser}] unknown field [${field}]`);
  }
}

class JsonReader {
  private index = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly text: string) {}

  read(): unknown {
    this.skipWhitespace();
    const value = this.value(1);
    this.skipWhitespace();
    if (this.index < this.text.length) this.fail(`Unexpected character (${this.describe()}): expected end-of-input`);
    return value;
  }

  private location(index = this.index): string {
    return `[${this.line}:${index - this.lineStart + 1}]`;
  }

  private fail(message: string, index = this.index): never {
    throw parseError(`${this.location(index)} ${message}`);
  }

  private describe(): string {
    const char = this.text[this.index];
    return `'${char}' (code ${char.charCodeAt(0)})`;
  }

  private skipWhitespace(): void {
    while (this.index < this.text.length) {
      const char = this.text[this.index];
      if (char === '\n') {
        this.line += 1;
        this.lineStart = this.index + 1;
      } else if (char !== ' ' && char !== '\t' && char !== '\r') return;
      this.index += 1;
    }
  }

  private value(depth: number): unknown {
    if (this.index >= this.text.length) this.fail('Unexpected end-of-input: expected a value');
    const char = this.text[this.index];
    if (char === '{' || char === '[') {
      if (depth > MAX_NESTING_DEPTH) {
        this.fail(`Document nesting depth (${depth}) exceeds the maximum allowed (${MAX_NESTING_DEPTH}, from \`StreamReadConstraints.getMaxNestingDepth()\`)`);
      }
      return char === '{' ? this.object(depth) : this.array(depth);
    }
    if (char === '"') return this.string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.index, this.index + 400));
    if (!literal) this.fail(`Unexpected character (${this.describe()}): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`);
    this.index += literal[0].length;
    return JSON.parse(literal[0]) as unknown;
  }

  private object(depth: number): Record<string, unknown> {
    const start = this.location();
    const object: Record<string, unknown> = {};
    const locations = new Map<string, string>();
    fieldLocations.set(object, locations);
    this.index += 1;
    this.skipWhitespace();
    if (this.text[this.index] === '}') {
      this.index += 1;
      return object;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.index >= this.text.length) this.fail(`Unexpected end-of-input: expected close marker for Object (start marker at ${start})`);
      if (this.text[this.index] !== '"') this.fail(`Unexpected character (${this.describe()}): was expecting double-quote to start field name`);
      const nameIndex = this.index;
      const name = this.string();
      if (locations.has(name)) this.fail(`Duplicate field '${name}'`, nameIndex);
      locations.set(name, this.location(nameIndex));
      this.skipWhitespace();
      if (this.text[this.index] !== ':') {
        if (this.index >= this.text.length) this.fail(`Unexpected end-of-input: expected close marker for Object (start marker at ${start})`);
        this.fail(`Unexpected character (${this.describe()}): was expecting a colon to separate field name and value`);
      }
      this.index += 1;
      this.skipWhitespace();
      // Defined as an own property so a field named `__proto__` stays data.
      Object.defineProperty(object, name, { value: this.value(depth + 1), enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      const next = this.text[this.index];
      this.index += 1;
      if (next === '}') return object;
      if (next !== ',') {
        if (next === undefined) this.fail(`Unexpected end-of-input: expected close marker for Object (start marker at ${start})`, this.index - 1);
        this.fail(`Unexpected character ('${next}' (code ${next.charCodeAt(0)})): was expecting comma to separate Object entries`, this.index - 1);
      }
    }
  }

  private array(depth: number): unknown[] {
    const start = this.location();
    const array: unknown[] = [];
    this.index += 1;
    this.skipWhitespace();
    if (this.text[this.index] === ']') {
      this.index += 1;
      return array;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.index >= this.text.length) this.fail(`Unexpected end-of-input: expected close marker for Array (start marker at ${start})`);
      array.push(this.value(depth + 1));
      this.skipWhitespace();
      const next = this.text[this.index];
      this.index += 1;
      if (next === ']') return array;
      if (next !== ',') {
        if (next === undefined) this.fail(`Unexpected end-of-input: expected close marker for Array (start marker at ${start})`, this.index - 1);
        this.fail(`Unexpected character ('${next}' (code ${next.charCodeAt(0)})): was expecting comma to separate Array entries`, this.index - 1);
      }
    }
  }

  private string(): string {
    const start = this.index;
    this.index += 1;
    for (;;) {
      const char = this.text[this.index];
      if (char === undefined) this.fail('Unexpected end-of-input in VALUE_STRING');
      if (char === '"') break;
      if (char === '\\') this.index += 1;
      else if (char < ' ') this.fail(`Illegal unquoted character ((CTRL-CHAR, code ${char.charCodeAt(0)})): has to be escaped using backslash to be included in string value`);
      this.index += 1;
    }
    this.index += 1;
    try {
      return JSON.parse(this.text.slice(start, this.index)) as string;
    } catch {
      return this.fail('Unrecognized character escape', start);
    }
  }
}

/** Parses a request body; an empty body is undefined. */
export function parseRequestJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  return new JsonReader(raw.toString('utf8')).read();
}

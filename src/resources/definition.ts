/**
 * The shape every resource shares. A resource is defined once, here in the engine, as data (zod
 * schemas whose fields carry descriptions and markers) plus behaviour (a pure diff and CRUD against
 * the APIs). The Terraform and Pulumi front ends derive their schemas from `describeAttributes`.
 */
import { z } from 'zod';
import type { ChangeSet } from '../plan/change-set';
import type { EngineContext } from './context';

declare module 'zod' {
  interface GlobalMeta {
    /** The value is a secret: marked sensitive/secret in every front end, never rendered. */
    sensitive?: boolean;
    /** A change to this field replaces the resource instead of updating it in place. */
    forceReplace?: boolean;
    /**
     * Outputs only: the inputs whose in-place update may change this value. An update that changes none
     * of them keeps the prior value in the plan; `[]`: no update changes it (an id, a creation time).
     * Without it the output shows as "known after apply" on every update.
     */
    changedBy?: string[];
    /**
     * Inputs only: write-only (Terraform 1.11+): given in the configuration, used by the apply, never kept
     * in plan or state. Front ends without write-only attributes leave it out.
     */
    writeOnly?: boolean;
    /** Inputs only: the version label of that write-only attribute (it exists only where write-only does). */
    versionOf?: string;
    /**
     * Lists only: the order means nothing (an allowlist). A set where the front end has sets, so its plan
     * shows one added or removed entry, not every position after an insertion.
     */
    unordered?: boolean;
  }
}

/** What a plan knows beyond state and input. */
export interface PlanningFacts {
  /** Now, by the target's clock where it tells it (see ResourceDefinition.targetTime). */
  now: Date;
  /** Attribute paths of the desired input a plan does not know yet (another resource's output). */
  unknownPaths?: (string | number)[][];
}

/** The state of a resource: its inputs as last applied plus computed outputs. Snake_case keys. */
export type ResourceState = Record<string, unknown> & { id: string };

export interface ResourceDefinition<Input extends object = Record<string, unknown>, State extends ResourceState = ResourceState> {
  /** Engine type name, e.g. `CrossClusterApiKey`. */
  type: string;
  /** Snake_case name used by Terraform (`<provider>_<tfName>`), e.g. `cross_cluster_api_key`. */
  tfName: string;
  description: string;
  /** User inputs, with descriptions, `sensitive` and `forceReplace` metadata and validation refinements. */
  input: z.ZodType<Input>;
  /** Computed outputs (always including `id`), with descriptions and `sensitive` metadata. */
  output: z.ZodObject;
  /** What import accepts, e.g. `<key id>`; said in import error messages. */
  importIdFormat: string;
  /** Where the object lives: on an Elasticsearch cluster, or in a Cloud / ECE environment (the Cloud API). */
  target: 'elasticsearch' | 'cloud';
  /**
   * Input attributes that name the object uniquely where it lives. A replacement that keeps them must
   * delete first (the create would collide with, and the later delete remove, the new object); empty:
   * objects coexist, so the new one is made before the old one goes (no outage).
   */
  uniqueBy: readonly string[];
  /** Display name for change sets (key name, alias, deployment/scope). */
  displayName(input: Input): string;
  /**
   * Pure: what applying `desired` over `prior` (undefined on create) would change. `facts` are given
   * when a plan is made (not when drift is compared): decisions that depend on time, such as a rotation
   * that is due, are taken only then.
   */
  diff(prior: State | undefined, desired: Input, facts?: PlanningFacts): ChangeSet;
  /** Pure: what a plan should warn about without changing anything (a key that expires soon). */
  planWarnings?(prior: State | undefined, desired: Input, facts: PlanningFacts): string[];
  /** The time the target judges by (a cluster's clock), for definitions whose plans depend on time. */
  targetTime?(ctx: EngineContext): Promise<Date>;
  create(ctx: EngineContext, desired: Input): Promise<State>;
  /** Undefined when the object is gone (deleted, invalidated, expired): the plan recreates it. */
  read(ctx: EngineContext, prior: State): Promise<State | undefined>;
  update(ctx: EngineContext, prior: State, desired: Input): Promise<State>;
  delete(ctx: EngineContext, prior: State): Promise<void>;
  import(ctx: EngineContext, id: string): Promise<State>;
}

/** A definition with its type parameters erased, for registries and front ends. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- variance escape hatch for collections only
export type AnyResourceDefinition = ResourceDefinition<any, any>;

export interface ValidationIssue {
  /** Attribute path in the engine's snake_case names. */
  path: (string | number)[];
  message: string;
}

/** Bad input, caught before any API call. The message names the resource, the field and what is accepted. */
export class ValidationError extends Error {
  constructor(
    readonly resourceType: string,
    readonly issues: ValidationIssue[],
  ) {
    super(issues.map((i) => `${resourceType}: ${formatPath(i.path) || '(input)'}: ${i.message}`).join('\n'));
    this.name = 'ValidationError';
  }
}

/** A zod issue path as an attribute path (zod allows symbol keys; attribute names never are). */
export function attributePath(path: readonly PropertyKey[]): (string | number)[] {
  return path.filter((p): p is string | number => typeof p !== 'symbol');
}

export function formatPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function startsWith(path: (string | number)[], prefix: (string | number)[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => path[i] === p);
}

/**
 * Parses user input with the definition's schema. Issues under `unknownPaths` (values a plan does not
 * know yet, such as another resource's output) are ignored; they are validated again at apply.
 */
export function validateInput<Input extends object>(
  definition: Pick<ResourceDefinition<Input, ResourceState>, 'type' | 'input'>,
  raw: unknown,
  unknownPaths: (string | number)[][] = [],
): Input {
  const parsed = definition.input.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .map((i) => ({ path: attributePath(i.path), message: i.message }))
    .filter((i) => !unknownPaths.some((u) => startsWith(i.path, u)));
  if (issues.length === 0) return withDefaults(definition.input, raw) as Input;
  throw new ValidationError(definition.type, issues);
}

/**
 * The input's defaults applied without validating (zod applies them only when a parse succeeds), so
 * a plan with unknown values still sees `ref_id` and the other defaulted fields.
 */
export function withDefaults(schema: z.ZodType, value: unknown): unknown {
  const def = schema._zod.def as unknown as {
    type: string;
    innerType?: z.ZodType;
    in?: z.ZodType;
    shape?: Record<string, z.ZodType>;
    element?: z.ZodType;
    valueType?: z.ZodType;
    defaultValue?: unknown;
  };
  switch (def.type) {
    case 'default':
    case 'prefault':
      return value === undefined ? structuredClone(def.defaultValue) : withDefaults(def.innerType!, value);
    case 'optional':
    case 'nullable':
      return value === undefined || value === null ? value : withDefaults(def.innerType!, value);
    case 'pipe':
      return withDefaults(def.in!, value);
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
      const result: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const [name, field] of Object.entries(def.shape ?? {})) {
        const filled = withDefaults(field, result[name]);
        if (filled !== undefined) result[name] = filled;
      }
      return result;
    }
    case 'array':
      return Array.isArray(value) ? value.map((v) => withDefaults(def.element!, v)) : value;
    case 'record':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withDefaults(def.valueType!, v)]));
    default:
      return value;
  }
}

// ---------------------------------------------------------------------------------------------
// Attribute model: the schema as the front ends see it.

export type AttributeType =
  | { kind: 'string'; enum?: string[] }
  | { kind: 'number'; integer: boolean }
  | { kind: 'bool' }
  | { kind: 'list'; element: AttributeType; unordered?: boolean }
  | { kind: 'map'; element: AttributeType }
  | { kind: 'object'; attributes: Attribute[] };

export interface Attribute {
  /** Snake_case name as in the engine. */
  name: string;
  type: AttributeType;
  description: string;
  /** Must be given by the user. */
  required: boolean;
  /** Set by the provider (an output), not by the user. */
  computed: boolean;
  sensitive: boolean;
  forceReplace: boolean;
  /** Outputs only: the inputs whose update may change it (see GlobalMeta.changedBy). */
  changedBy?: string[];
  /** Inputs only: never kept in plan or state (see GlobalMeta.writeOnly). */
  writeOnly?: boolean;
  /** Inputs only: the write-only attribute this one versions (see GlobalMeta.versionOf). */
  versionOf?: string;
  /** Default applied by the engine when the user leaves it out. */
  default?: unknown;
}

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  description?: string;
  default?: unknown;
  sensitive?: boolean;
  forceReplace?: boolean;
  changedBy?: string[];
  writeOnly?: boolean;
  versionOf?: string;
  unordered?: boolean;
}

function attributeType(schema: JsonSchema, where: string): AttributeType {
  if (schema.anyOf) {
    const nonNull = schema.anyOf.filter((s) => s.type !== 'null');
    if (nonNull.length === 1) return attributeType(nonNull[0], where);
  }
  switch (schema.type) {
    case 'string':
      return schema.enum ? { kind: 'string', enum: schema.enum.map(String) } : { kind: 'string' };
    case 'integer':
      return { kind: 'number', integer: true };
    case 'number':
      return { kind: 'number', integer: false };
    case 'boolean':
      return { kind: 'bool' };
    case 'array':
      return { kind: 'list', element: attributeType(schema.items ?? {}, `${where}[]`), ...(schema.unordered ? { unordered: true } : {}) };
    case 'object':
      if (schema.properties) return { kind: 'object', attributes: attributesOf(schema, false) };
      if (typeof schema.additionalProperties === 'object') {
        return { kind: 'map', element: attributeType(schema.additionalProperties, `${where}{}`) };
      }
  }
  if (schema.enum && schema.enum.every((v) => typeof v === 'string')) return { kind: 'string', enum: schema.enum.map(String) };
  throw new Error(`attribute ${where}: schema type ${JSON.stringify(schema)} has no front-end representation`);
}

function attributesOf(schema: JsonSchema, computed: boolean): Attribute[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, prop]) => ({
    name,
    type: attributeType(prop, name),
    description: prop.description ?? '',
    required: !computed && required.has(name),
    computed,
    sensitive: prop.sensitive === true,
    forceReplace: prop.forceReplace === true,
    ...(prop.changedBy ? { changedBy: prop.changedBy } : {}),
    ...(prop.writeOnly ? { writeOnly: true } : {}),
    ...(prop.versionOf ? { versionOf: prop.versionOf } : {}),
    ...(prop.default !== undefined ? { default: prop.default } : {}),
  }));
}

/**
 * All attributes of a resource: the inputs (required or optional) followed by the computed outputs.
 * An output that repeats an input name is not listed twice.
 */
export function describeAttributes(definition: Pick<AnyResourceDefinition, 'input' | 'output'>): Attribute[] {
  const inputs = attributesOf(z.toJSONSchema(definition.input, { io: 'input', unrepresentable: 'any' }) as JsonSchema, false);
  const names = new Set(inputs.map((a) => a.name));
  const outputs = attributesOf(z.toJSONSchema(definition.output, { io: 'output', unrepresentable: 'any' }) as JsonSchema, true).filter(
    (a) => !names.has(a.name),
  );
  return [...inputs, ...outputs];
}

/**
 * Terraform objects ↔ engine values. Terraform objects carry every attribute (null when unset) and may
 * hold unknown values; engine inputs leave unset fields out and never see an unknown: an unknown
 * string stands in as a readable placeholder (so the change set still says what will be set), other
 * unknowns are left out, and every unknown's path is reported so validation skips it.
 */
import type { Attribute, AttributeType, ResourceState } from '../../src/resources/definition';
import { unknownPlaceholder, unknownSecretPlaceholder } from '../../src/resources/planning';
import { isTfObject, isUnknown, type TfObject, type TfValue } from './codec';

export type EnginePath = (string | number)[];

export interface EngineInput {
  raw: Record<string, unknown>;
  unknownPaths: EnginePath[];
}

function toEngine(value: TfValue, type: AttributeType, path: EnginePath, unknownPaths: EnginePath[], sensitive = false): unknown {
  if (value === null) return undefined;
  if (isUnknown(value)) {
    unknownPaths.push(path);
    return type.kind === 'string' ? (sensitive ? unknownSecretPlaceholder : unknownPlaceholder) : undefined;
  }
  switch (type.kind) {
    case 'list':
      if (!Array.isArray(value)) return value;
      return value.map((v, i) => toEngine(v, type.element, [...path, i], unknownPaths)).filter((v) => v !== undefined);
    case 'map':
      if (!isTfObject(value)) return value;
      return Object.fromEntries(
        Object.entries(value)
          .map(([k, v]) => [k, toEngine(v, type.element, [...path, k], unknownPaths)] as const)
          .filter(([, v]) => v !== undefined),
      );
    case 'object':
      if (!isTfObject(value)) return value;
      return objectToEngine(value, type.attributes, path, unknownPaths);
    default:
      return value;
  }
}

function objectToEngine(value: TfObject, attributes: Attribute[], path: EnginePath, unknownPaths: EnginePath[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const attribute of attributes) {
    const converted = toEngine(value[attribute.name] ?? null, attribute.type, [...path, attribute.name], unknownPaths, attribute.sensitive);
    if (converted !== undefined) result[attribute.name] = converted;
  }
  return result;
}

/** The user's inputs from a Terraform configuration (or the input part of a state). */
export function engineInput(config: TfObject, attributes: Attribute[]): EngineInput {
  const unknownPaths: EnginePath[] = [];
  const raw = objectToEngine(
    config,
    attributes.filter((a) => !a.computed),
    [],
    unknownPaths,
  );
  return { raw, unknownPaths };
}

/** The engine state recorded in a Terraform state object (inputs and outputs). */
export function engineState(state: TfObject, attributes: Attribute[]): ResourceState {
  return objectToEngine(state, attributes, [], []) as ResourceState;
}

/** An engine value as a Terraform value of the attribute's type; absent becomes null. */
export function tfValue(value: unknown, type: AttributeType): TfValue {
  if (value === undefined || value === null) return null;
  switch (type.kind) {
    case 'string':
      return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
    case 'number':
      return typeof value === 'number' || typeof value === 'bigint' ? value : Number(value);
    case 'bool':
      return Boolean(value);
    case 'list':
      return Array.isArray(value) ? value.map((v) => tfValue(v, type.element)) : [tfValue(value, type.element)];
    case 'map':
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, tfValue(v, type.element)]));
    case 'object':
      return tfObject(value as Record<string, unknown>, type.attributes);
  }
}

/** Every attribute present, null when the engine has no value for it. */
export function tfObject(value: Record<string, unknown>, attributes: Attribute[]): TfObject {
  return Object.fromEntries(attributes.map((a) => [a.name, tfValue(value[a.name], a.type)]));
}

/**
 * Nested attributes the user left null that the engine defaults (e.g. a deployment's `ref_id`): the
 * plan fills them in, as it does for top-level ones, so state records what the engine applies.
 */
export function withNestedDefaults(value: TfValue, type: AttributeType): TfValue {
  if (value === null || isUnknown(value)) return value;
  if (type.kind === 'list' && Array.isArray(value)) return value.map((v) => withNestedDefaults(v, type.element));
  if (type.kind === 'map' && isTfObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withNestedDefaults(v, type.element)]));
  if (type.kind === 'object' && isTfObject(value)) {
    return Object.fromEntries(
      type.attributes.map((a) => {
        const inner = value[a.name] ?? null;
        return [a.name, inner === null && a.default !== undefined && !a.computed ? tfValue(a.default, a.type) : withNestedDefaults(inner, a.type)];
      }),
    );
  }
  return value;
}

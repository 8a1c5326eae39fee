/**
 * Terraform objects ↔ engine values. Terraform objects carry every attribute (null when unset) and may
 * hold unknown values; engine inputs leave unset fields out and never see an unknown: an unknown
 * string stands in as a readable placeholder (so the change set still says what will be set), other
 * unknowns are left out, and every unknown's path is reported so validation skips it.
 */
import { decodeInput, encodeValue, plannedValue, type AttributePath, type ValueDialect } from '../../src/codec/attribute-values';
import type { Attribute, AttributeType, ResourceState } from '../../src/resources/definition';
import { isUnknown, type TfObject, type TfValue } from './codec';

export type EnginePath = AttributePath;

export interface EngineInput {
  raw: Record<string, unknown>;
  unknownPaths: EnginePath[];
}

const sameName = (name: string) => name;

/** Terraform's objects: engine names, typed (every attribute present, null when unset), strict scalar types. */
const terraformDialect: ValueDialect = {
  naming: { frontEnd: sameName, engine: sameName },
  keepsStrayKeys: false,
  isUnknown,
  isUnset: (value) => value === null,
  unset: null,
  coerce: (value, type) => {
    switch (type.kind) {
      case 'string':
        return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
      case 'number':
        return typeof value === 'number' || typeof value === 'bigint' ? value : Number(value);
      case 'bool':
        return Boolean(value);
      case 'list':
        return Array.isArray(value) ? value : [value];
      default:
        return value;
    }
  },
};

/** The user's inputs from a Terraform configuration (or the input part of a state). */
export function engineInput(config: TfObject, attributes: Attribute[]): EngineInput {
  return decodeInput(
    attributes.filter((a) => !a.computed),
    config,
    terraformDialect,
  );
}

/** The engine state recorded in a Terraform state object (inputs and outputs). */
export function engineState(state: TfObject, attributes: Attribute[]): ResourceState {
  return decodeInput(attributes, state, terraformDialect).raw as ResourceState;
}

/** An engine value as a Terraform value of the attribute's type; absent becomes null. */
export function tfValue(value: unknown, type: AttributeType): TfValue {
  return encodeValue(value, type, terraformDialect) as TfValue;
}

/** Every attribute present, null when the engine has no value for it. */
export function tfObject(value: Record<string, unknown>, attributes: Attribute[]): TfObject {
  return tfValue(value, { kind: 'object', attributes }) as TfObject;
}

/** The planned value of a configured attribute: as configured, with the engine's desired value wherever it is null (its defaults). */
export function plannedTfValue(config: TfValue, desired: unknown, type: AttributeType): TfValue {
  return plannedValue(config, desired, type, terraformDialect) as TfValue;
}

/**
 * Pulumi properties ↔ engine state, shared by both Pulumi front ends (the dynamic provider's host and
 * the native `pulumi-resource-elasticremote`): which properties are the front end's own arguments (a
 * profile name, `adopt`), and the outputs and inputs Pulumi keeps for an engine state.
 */
import { renderChangeSet } from '../../src/plan/render';
import type { AnyResourceDefinition, Attribute, ResourceState } from '../../src/resources/definition';
import { planResource } from '../../src/resources/planning';
import { engineInputOf, toPulumi } from './attributes';

/** Pulumi's reserved keys (`__provider`) and the front end's own arguments are not engine attributes. */
export function engineFields(props: Record<string, unknown>, ownArguments: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([k]) => !k.startsWith('__') && !ownArguments.includes(k)));
}

/** Program properties as engine input (snake_case), front-end arguments left out. */
export function engineInput(attributes: Attribute[], props: Record<string, unknown>, ownArguments: readonly string[]): Record<string, unknown> {
  return engineInputOf(attributes, engineFields(props, ownArguments)).raw;
}

/** Stored outputs as the engine's prior state. */
export function engineState(attributes: Attribute[], id: string, props: Record<string, unknown>, ownArguments: readonly string[]): ResourceState {
  return { ...engineInput(attributes, props, ownArguments), id };
}

/** Outputs kept in Pulumi state: every engine attribute in camelCase (the id is Pulumi's own), plus the front end's arguments. */
export function pulumiOutputs(attributes: Attribute[], state: ResourceState, own: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, ...rest } = state;
  return { ...toPulumi(attributes, rest), ...definedOnly(own) };
}

/** The inputs a program would declare to get this state: what `pulumi import` and `refresh` record. */
export function pulumiInputs(attributes: Attribute[], state: ResourceState, own: Record<string, unknown>): Record<string, unknown> {
  const inputNames = new Set(attributes.filter((a) => !a.computed).map((a) => a.name));
  const inputs = Object.fromEntries(Object.entries(state).filter(([k]) => inputNames.has(k)));
  return { ...toPulumi(attributes, inputs), ...definedOnly(own) };
}

function definedOnly(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}

/** A front-end argument holding a name or an id (`cluster`, `environment`, `adopt`); empty means none. */
export function textArgument(props: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = props?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** What a preview shows for a new resource (creates get no diff call): the engine's change set and warnings. */
export function createPreview(definition: AnyResourceDefinition, raw: unknown, unknownPaths: (string | number)[][]): { changeSet: string; warnings: string[] } {
  const plan = planResource(definition, undefined, raw, unknownPaths);
  return { changeSet: renderChangeSet(plan.changeSet), warnings: plan.warnings };
}

/**
 * An import id's `<profile>/` prefix when it names one of `profiles` (`pulumi import ... local/eu-logs`);
 * otherwise the id is the engine's, kept whole (a Cloud import id has slashes of its own).
 */
export function splitProfilePrefix(id: string, profiles: Record<string, unknown>): { profile?: string; importId: string } {
  const slash = id.indexOf('/');
  return slash > 0 && id.slice(0, slash) in profiles ? { profile: id.slice(0, slash), importId: id.slice(slash + 1) } : { importId: id };
}

/**
 * The resource instance change lifecycle (plan, apply, read, import, upgrade) for one resource type,
 * in Terraform's terms, with every decision taken by the engine: planResource decides create / update
 * / replace / no-op and which paths force replacement, the definition's diff tells drift from mere
 * normalization, the definition's CRUD talks to Elastic. This module only maps between the two worlds.
 */
import type { ChangeSet } from '../../src/plan/change-set';
import type { EngineContext } from '../../src/resources/context';
import { validateInput, type PlanningFacts, type ResourceState } from '../../src/resources/definition';
import { planResource, type PlannedAction } from '../../src/resources/planning';
import { containsUnknown, decodeJson, Unknown, type TfObject } from './codec';
import { attributeRole, resourceSchemaVersion, type ResourceType } from './schema';
import { engineInput, engineState, plannedTfValue, tfObject, tfValue, type EnginePath } from './values';

export interface PlannedChange {
  action: PlannedAction | 'delete';
  /** The planned new state; null when the resource is destroyed. */
  planned: TfObject | null;
  /** Paths (top attribute first) whose change forces a replacement. */
  requiresReplace: EnginePath[];
  changeSet?: ChangeSet;
  /** Plan warnings from the engine (a key that expires soon). */
  warnings: string[];
}

/** Whether a change in the change set touches the attribute (its path starts with the attribute name). */
function touches(changeSet: ChangeSet, name: string): boolean {
  return changeSet.changes.some((c) => c.path[0] === name);
}

/**
 * Plans one resource instance. Throws the engine's ValidationError for bad input (unknown values are
 * not validated yet; Terraform plans again at apply with every value known).
 */
export function planChange(resource: ResourceType, prior: TfObject | null, config: TfObject | null, facts?: PlanningFacts): PlannedChange {
  if (config === null) return { action: 'delete', planned: null, requiresReplace: [], warnings: [] };
  const { attributes, definition } = resource;
  const { raw, unknownPaths } = engineInput(config, attributes);
  const plan = planResource(definition, prior ? engineState(prior, attributes) : undefined, raw, unknownPaths, facts);

  const { action, replacePaths: requiresReplace } = plan;
  const desired = plan.desired as Record<string, unknown>;

  const planned: TfObject = {};
  for (const attribute of attributes) {
    const role = attributeRole(attribute);
    const priorValue = prior?.[attribute.name] ?? null;
    const configValue = config[attribute.name] ?? null;
    // The engine found nothing to change here: keep the prior form (normalization is not a change).
    const unchanged = (action === 'update' || action === 'noop') && !touches(plan.changeSet, attribute.name);
    if (attribute.writeOnly) {
      // Terraform keeps write-only values out of plans and state: the apply reads them from the config.
      planned[attribute.name] = null;
    } else if (role.computed && !role.optional) {
      // Outputs are decided by Elastic: new on create/replace, and on update possibly changed (a rotated
      // key id, a connection that now connects) unless the update touches none of the inputs they follow.
      const kept = action === 'noop' || (action === 'update' && attribute.changedBy !== undefined && !attribute.changedBy.some((input) => touches(plan.changeSet, input)));
      planned[attribute.name] = kept ? priorValue : new Unknown();
    } else if (configValue !== null) {
      planned[attribute.name] = unchanged && priorValue !== null && !containsUnknown(configValue) ? priorValue : plannedTfValue(configValue, desired[attribute.name], attribute.type);
    } else if (role.computed) {
      // Left out, defaulted by the engine: the plan records the engine's value.
      planned[attribute.name] = unchanged && priorValue !== null ? priorValue : tfValue(desired[attribute.name], attribute.type);
    } else {
      planned[attribute.name] = null;
    }
  }
  return { action, planned, requiresReplace, changeSet: plan.changeSet, warnings: plan.warnings };
}

/** The desired input at apply time, when Terraform guarantees a wholly known configuration. */
function desiredInput(resource: ResourceType, config: TfObject): object {
  return validateInput(resource.definition, engineInput(config, resource.attributes).raw);
}

/**
 * The new state after apply: every value the plan knew (Terraform requires them unchanged, outputs the
 * plan kept included; a refresh brings an observed output like `connected` up to date), the engine's
 * value for everything decided during apply.
 */
function newState(resource: ResourceType, planned: TfObject, applied: ResourceState): TfObject {
  const fromEngine = tfObject(applied, resource.attributes);
  const state: TfObject = {};
  for (const attribute of resource.attributes) {
    const plannedValue = planned[attribute.name] ?? null;
    state[attribute.name] = !containsUnknown(plannedValue) ? plannedValue : fromEngine[attribute.name];
  }
  return state;
}

export async function applyChange(
  ctx: EngineContext,
  resource: ResourceType,
  prior: TfObject | null,
  planned: TfObject | null,
  config: TfObject | null,
): Promise<TfObject | null> {
  const { definition, attributes } = resource;
  if (planned === null) {
    if (prior) await definition.delete(ctx, engineState(prior, attributes));
    return null;
  }
  if (!config) throw new Error(`${definition.type}: apply without a configuration`);
  const desired = desiredInput(resource, config);
  const applied = prior ? await definition.update(ctx, engineState(prior, attributes), desired) : await definition.create(ctx, desired);
  return newState(resource, planned, applied);
}

/**
 * Refreshes a state from Elastic. Gone objects become null (Terraform plans to create them again).
 * An input whose remote value differs from the state only in form (the engine's diff finds nothing)
 * keeps the state's form; real drift takes the remote value, so the next plan names it.
 */
export async function readState(ctx: EngineContext, resource: ResourceType, current: TfObject): Promise<TfObject | null> {
  const { definition, attributes } = resource;
  const prior = engineState(current, attributes);
  const remote = await definition.read(ctx, prior);
  if (!remote) return null;
  const refreshed = tfObject(remote, attributes);
  let drift: ChangeSet | undefined;
  try {
    drift = definition.diff(remote, validateInput(definition, engineInput(current, attributes).raw));
  } catch {
    // A state that no longer validates (older schema): the remote values are the best we have.
    return refreshed;
  }
  const state: TfObject = {};
  for (const attribute of attributes) {
    const role = attributeRole(attribute);
    const input = role.required || role.optional;
    const keep = input && !touches(drift, attribute.name);
    state[attribute.name] = keep ? (current[attribute.name] ?? null) : refreshed[attribute.name];
  }
  return state;
}

export async function importState(ctx: EngineContext, resource: ResourceType, id: string): Promise<TfObject> {
  const imported = await resource.definition.import(ctx, id);
  return tfObject(imported, resource.attributes);
}

export class StateUpgradeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateUpgradeError';
  }
}

/**
 * Reads a stored state (JSON, written by this or an older provider version) into the current schema:
 * attributes that no longer exist are dropped, new ones start as null.
 */
export function upgradeState(resource: ResourceType, version: number, json: Uint8Array | undefined): TfObject {
  if (version > resourceSchemaVersion) {
    throw new StateUpgradeError(
      `${resource.typeName}: the state was written by a newer provider (schema version ${version}, this provider knows up to ${resourceSchemaVersion}); upgrade the provider`,
    );
  }
  if (!json || json.length === 0) throw new StateUpgradeError(`${resource.typeName}: the stored state has no JSON form (flatmap states from Terraform 0.11 are not supported)`);
  return decodeJson(json, resource.objectType) as TfObject;
}

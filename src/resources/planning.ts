/**
 * The decision every front end needs at plan time, made once here: validate the desired input,
 * diff it against the prior state, and say what the front end must do (create, update in place,
 * replace, nothing). Front ends translate the result into their own plan (Terraform planned state and
 * requires_replace, Pulumi changes/replaces); they do not decide.
 */
import { isEmpty, replacementPaths, requiresReplacement, type ChangeSet } from '../plan/change-set';
import { sealedPrefix } from '../secrets/secret-box';
import type { EngineContext } from './context';
import { describeAttributes, validateInput, type AnyResourceDefinition, type PlanningFacts, type ResourceState } from './definition';

/**
 * What a front end hands the engine for a string not known until apply (another resource's output),
 * so the change set still says what will be set; its path goes in `unknownPaths` so validation skips it.
 */
export const unknownPlaceholder = '(known after apply)';

/**
 * A secret not known yet (another resource's sealed output) stands in as an opaque sealed value: the
 * diff can tell that a secret will be set, never which one, exactly as with any sealed value.
 */
export const unknownSecretPlaceholder = `${sealedPrefix}${unknownPlaceholder}`;

export type PlannedAction = 'create' | 'update' | 'replace' | 'noop';

export interface ResourcePlan<Input extends object = Record<string, unknown>> {
  action: PlannedAction;
  /** Validated input with defaults applied. */
  desired: Input;
  changeSet: ChangeSet;
  /** Attribute paths that force the replacement (empty unless action is `replace`). */
  replacePaths: string[][];
  /** What the front end shows as plan warnings (nothing changes because of them). */
  warnings: string[];
}

export function planResource<Input extends object>(
  definition: AnyResourceDefinition,
  prior: ResourceState | undefined,
  rawDesired: unknown,
  unknownPaths: (string | number)[][] = [],
  facts: PlanningFacts = { now: new Date() },
): ResourcePlan<Input> {
  const desired = validateInput<Input>(definition, rawDesired, unknownPaths);
  const changeSet = definition.diff(prior, desired, facts);
  const replacePaths = prior && requiresReplacement(changeSet) ? replacementPaths(changeSet) : [];
  if (prior) {
    // An attribute that forces replacement, not known until apply, may change: the plan must say so.
    const forcing = forceReplaceNames(definition);
    for (const [name] of unknownPaths) {
      if (typeof name === 'string' && forcing.has(name) && !replacePaths.some((p) => p[0] === name)) replacePaths.push([name]);
    }
  }
  const action: PlannedAction = !prior ? 'create' : replacePaths.length > 0 || requiresReplacement(changeSet) ? 'replace' : isEmpty(changeSet) ? 'noop' : 'update';
  const warnings = definition.planWarnings?.(prior, desired, { ...facts, unknownPaths }) ?? [];
  return { action, desired, changeSet, replacePaths, warnings };
}

const forceReplaceCache = new WeakMap<AnyResourceDefinition, ReadonlySet<string>>();

/** The top-level attributes whose change replaces the object (the schema's forceReplace marks). */
function forceReplaceNames(definition: AnyResourceDefinition): ReadonlySet<string> {
  let names = forceReplaceCache.get(definition);
  if (!names) {
    names = new Set(describeAttributes(definition).filter((a) => a.forceReplace).map((a) => a.name));
    forceReplaceCache.set(definition, names);
  }
  return names;
}

/**
 * The facts a plan of an existing object is made with: the target's clock for definitions whose
 * decisions depend on time (one cheap request at most per client; none when an earlier answer told it).
 */
export async function planningFacts(ctx: EngineContext, definition: AnyResourceDefinition, prior: ResourceState | undefined): Promise<PlanningFacts> {
  return { now: prior && definition.targetTime ? await definition.targetTime(ctx) : new Date() };
}

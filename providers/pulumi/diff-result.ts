/**
 * Pure translation of the engine's plan into Pulumi's diff answer. The engine decides (planResource);
 * this only renames: replacement paths to camelCase property names, plus the front end's own profile
 * arguments (`cluster`, `environment`) that changed: they move the object to another target and so replace it.
 */
import { isDeepStrictEqual } from 'node:util';
import { changedAttributes } from '../../src/plan/change-set';
import type { ResourcePlan } from '../../src/resources/planning';
import type { ResourceState } from '../../src/resources/definition';
import { camelCase } from '../../src/resources/attribute-names';

export interface PulumiDiff {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

export interface DiffFacts {
  plan: ResourcePlan;
  prior: ResourceState;
  /** The front end's profile arguments that changed between state and program (`cluster`). */
  movedBy: string[];
  /** Engine attribute names that must stay unique (see ResourceDefinition.uniqueBy). */
  uniqueBy: readonly string[];
}

export function toPulumiDiff({ plan, prior, movedBy, uniqueBy }: DiffFacts): PulumiDiff {
  const paths = plan.action === 'replace' && plan.replacePaths.length === 0 ? changedAttributes(plan.changeSet).map((a) => [a]) : plan.replacePaths;
  const replaces = [...new Set(paths.map((p) => camelCase(p[0])))];
  replaces.push(...movedBy);
  const desired = plan.desired as Record<string, unknown>;
  const keepsIdentity = movedBy.length === 0 && uniqueBy.length > 0 && uniqueBy.every((name) => isDeepStrictEqual(prior[name], desired[name]));
  return {
    changes: plan.action !== 'noop' || movedBy.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && keepsIdentity,
  };
}

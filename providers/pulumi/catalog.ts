/**
 * The Pulumi front ends' own names: arguments beside the engine's attributes and the token module.
 * Every fact about a resource (its target, what names it uniquely) is the engine definition's.
 */
import type { AnyResourceDefinition } from '../../src/resources/definition';

/** The Pulumi-only argument naming the cluster profile a resource targets. */
export const clusterArgument = 'cluster';

/**
 * The Pulumi-only argument that makes a create take over an existing object (by the definition's
 * import id) instead of making a new one. It stands in for `pulumi import` and the `import` resource
 * option, which Node.js dynamic providers cannot serve: the engine's import step calls Read with no
 * properties, so the dynamic-provider host has no serialized provider to run (and the SDK 3.230.0 host
 * fails on the missing properties before any provider code runs).
 */
export const adoptArgument = 'adopt';

/** Token module: `pulumi-nodejs:dynamic/elasticRemote:<Type>`. */
export const tokenModule = 'elasticRemote';

/** A resource on an Elasticsearch cluster takes the `cluster` argument naming its profile. */
export function takesClusterProfile(definition: Pick<AnyResourceDefinition, 'target'>): boolean {
  return definition.target === 'elasticsearch';
}

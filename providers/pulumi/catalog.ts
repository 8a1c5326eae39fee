/**
 * What the Pulumi front end adds to each engine definition: the class/token names, whether the resource
 * targets an Elasticsearch cluster (and so takes a `cluster` profile argument), and which attributes
 * name the object uniquely where it lives (a replacement that keeps them must delete first, or the
 * create would collide with, and the later delete remove, the new object).
 */
export interface PulumiResourceSpec {
  /** Engine type name, also the Pulumi class name. */
  type: 'CrossClusterApiKey' | 'RemoteClusterConnection' | 'TrustRelationship' | 'DeploymentTrust' | 'RemoteClusterSigningTrust' | 'RemoteAccessRole';
  targetsCluster: boolean;
  /** Engine (snake_case) attribute names. Empty: objects coexist, so create-before-delete (no outage). */
  uniqueBy: string[];
}

export const pulumiResourceSpecs: readonly PulumiResourceSpec[] = [
  // Key names are not unique in Elasticsearch: the new key is made before the old one is invalidated.
  { type: 'CrossClusterApiKey', targetsCluster: true, uniqueBy: [] },
  { type: 'RemoteClusterConnection', targetsCluster: true, uniqueBy: ['alias'] },
  { type: 'TrustRelationship', targetsCluster: false, uniqueBy: ['name', 'region'] },
  { type: 'DeploymentTrust', targetsCluster: false, uniqueBy: ['deployment_id', 'ref_id'] },
  // One per cluster, and nothing forces its replacement.
  { type: 'RemoteClusterSigningTrust', targetsCluster: true, uniqueBy: [] },
  // A role is its name: a rename may make the new role first, a replacement keeping the name deletes first.
  { type: 'RemoteAccessRole', targetsCluster: true, uniqueBy: ['name'] },
];

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

export function specOf(type: string): PulumiResourceSpec {
  const spec = pulumiResourceSpecs.find((s) => s.type === type);
  if (!spec) throw new Error(`no Pulumi resource for engine type ${type}`);
  return spec;
}

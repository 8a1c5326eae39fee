/**
 * ECK as a target for Pulumi programs (seed 004). Dynamic providers have no invokes, so the engine's
 * EckRemoteCluster data source is offered as a typed function: the same validation and rendering as
 * the Terraform data source, with Pulumi's camelCase names. Feed its objects to `@pulumi/kubernetes`
 * (`spec: { ...yourSpec, ...result.localManifest.spec }`), and its expectedRemoteAccess to a
 * RemoteAccessRole. With Outputs in the arguments: `pulumi.output(args).apply(eckRemoteCluster)`.
 */
import { describeAttributes } from '../../src/resources/definition';
import { eckRemoteCluster as eckRemoteClusterSource, eckRemoteClusterParts, type EckRemoteClusterInput, type EckRemoteClusterOutput } from '../../src/data-sources/eck-remote-cluster';
import { engineInputOf, toPulumi } from './attributes';

type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;
/** An engine value with its attribute names as Pulumi spells them (this data source has no map of user keys). */
type CamelCased<T> = T extends readonly (infer E)[] ? CamelCased<E>[] : T extends object ? { [K in keyof T as CamelCase<K & string>]: CamelCased<T[K]> } : T;

export type EckRemoteClusterArgs = CamelCased<EckRemoteClusterInput>;

export type EckRemoteClusterResult = CamelCased<EckRemoteClusterOutput> & {
  /** The part of the local Elasticsearch resource (spec.remoteClusters), as an object in ECK's own names. */
  localManifest: { spec: { remoteClusters: Record<string, unknown>[] } };
  /** For each remote Elasticsearch resource, keyed `<namespace>/<name>`: its spec.remoteClusterServer part. */
  remoteManifests: Record<string, { spec: { remoteClusterServer: { enabled: true } } }>;
};

const attributes = describeAttributes(eckRemoteClusterSource);

/** Validates (throws ValidationError naming the engine attribute) and renders; makes no request. */
export function eckRemoteCluster(args: EckRemoteClusterArgs): EckRemoteClusterResult {
  const output = eckRemoteClusterParts(engineInputOf(attributes, args as Record<string, unknown>).raw as EckRemoteClusterInput);
  const converted = toPulumi(attributes, output) as CamelCased<EckRemoteClusterOutput>;
  return {
    ...converted,
    localManifest: JSON.parse(output.local_manifest_json) as EckRemoteClusterResult['localManifest'],
    remoteManifests: Object.fromEntries(output.remote_servers.map((r) => [r.namespace ? `${r.namespace}/${r.name}` : r.name, JSON.parse(r.manifest_json)])) as EckRemoteClusterResult['remoteManifests'],
  };
}

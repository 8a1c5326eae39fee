/** Pulumi front end: the resource classes, and the stack configuration keys they read. */
export * from './resources.generated';
export { configKeys, configNamespace, type ClusterProfile } from './stack-config';
export { renderChangeSet } from '../../src/plan/render';
export { eckRemoteCluster, type EckRemoteClusterArgs, type EckRemoteClusterResult } from './eck';

/**
 * The library's public entry: the engine's API for front ends and for users who drive it from code
 * (resources, planning, change-set rendering, connections, secrets, the HTTP transport and its errors).
 */
export * from './plan/change-set';
export * from './plan/render';
export * from './resources';
export type { CrossClusterApiKeyInput, CrossClusterApiKeyState } from './resources/cross-cluster-api-key';
export { RemoteClusterNotConnectedError, type RemoteClusterConnectionInput, type RemoteClusterConnectionState } from './resources/remote-cluster-connection';
export { trustPairFromLocalParameters, readTrustPair, type TrustEnvironment, type TrustPair } from './resources/trust-relationship';
export type { TrustRelationshipInput, TrustRelationshipState } from './resources/trust-relationship/schema';
export type { DeploymentTrustInput, DeploymentTrustState } from './resources/deployment-trust/schema';
export { overlapWarnings, patternsOverlap, type RemoteAccessRoleInput, type RemoteAccessRoleState } from './resources/remote-access-role';
export { diagnoseCertificateTrust, missingTrustBothWays, remoteResourceProblems, type TrustSideFacts } from './resources/deployment-trust/diagnosis';
export { eckRemoteClusterParts, type EckRemoteClusterOutput } from './data-sources/eck-remote-cluster';
export { eckRemoteClusterFragments, renderEckFragmentsYaml, crossClusterAccessOf, type EckFragments, type EckRemoteClustersInput } from './eck/remote-clusters';
export * from './resources/definition';
export * from './resources/planning';
export type { EngineContext } from './resources/context';

export * from './settings/connection-settings';
export * from './settings/configuration-error';
export * from './settings/validate';
export { connectionSettingsFromEnv } from './settings/from-env';
export { createEngineContext, closeEngineContext, type ClosableEngineContext, type EngineContextOptions } from './connections/context';

export * from './secrets/redaction';
export * from './secrets/secret-box';
export * from './log';

export * from './http/errors';
export * from './http/transport';

export { ElasticsearchClient, ElasticsearchError } from './elasticsearch/client';
export { CloudClient, CloudApiError } from './cloud/client';

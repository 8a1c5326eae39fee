/** Every data source the engine defines, for the front ends to derive from. */
import type { AnyDataSourceDefinition } from './definition';
import { deployment } from './deployment';
import { eckRemoteCluster } from './eck-remote-cluster';
import { remoteInfo } from './remote-info';
import { trustParameters } from './trust-parameters';
import { unsealedKey } from './unsealed-key';

export { deployment, eckRemoteCluster, remoteInfo, trustParameters, unsealedKey };
export type { DataSourceDefinition, AnyDataSourceDefinition } from './definition';

/** Ephemeral ones (`ephemeral: true`) included: each front end serves them as it can. */
export const dataSourceDefinitions: AnyDataSourceDefinition[] = [trustParameters, deployment, remoteInfo, eckRemoteCluster, unsealedKey];

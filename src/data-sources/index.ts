/** Every data source the engine defines, for the front ends to derive from. */
import type { AnyDataSourceDefinition } from './definition';
import { deployment } from './deployment';
import { eckRemoteCluster } from './eck-remote-cluster';
import { remoteInfo } from './remote-info';
import { trustParameters } from './trust-parameters';

export { deployment, eckRemoteCluster, remoteInfo, trustParameters };
export type { DataSourceDefinition, AnyDataSourceDefinition } from './definition';

export const dataSourceDefinitions: AnyDataSourceDefinition[] = [trustParameters, deployment, remoteInfo, eckRemoteCluster];

/**
 * Every resource the engine defines, for the front ends (Terraform schema, CDKTF constructs, Pulumi
 * providers) to derive from. Each definition is also exported by name.
 */
import type { AnyResourceDefinition } from './definition';
import { crossClusterApiKey } from './cross-cluster-api-key';
import { deploymentTrust } from './deployment-trust';
import { remoteAccessRole } from './remote-access-role';
import { remoteClusterConnection } from './remote-cluster-connection';
import { remoteClusterSigningTrust } from './remote-cluster-signing-trust';
import { trustRelationship } from './trust-relationship';

export { crossClusterApiKey, remoteClusterConnection, trustRelationship, deploymentTrust, remoteClusterSigningTrust, remoteAccessRole };

export const resourceDefinitions: AnyResourceDefinition[] = [crossClusterApiKey, remoteClusterConnection, trustRelationship, deploymentTrust, remoteClusterSigningTrust, remoteAccessRole];

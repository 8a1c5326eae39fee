/** Types of emulator-tfvars.js (plain JavaScript, so the example runs with node and no build of its own). */
import type { EmulatorDescription } from '../../src/emulator';

type EmulatedCluster = Pick<EmulatorDescription['clusters'][string], 'url' | 'username' | 'password' | 'apiKey' | 'remoteClusterServerAddress'>;

/** The stack's connection variables (the names of variables.tf) for a local and a remote emulated cluster. */
export function clusterVariables(local: EmulatedCluster, remote: EmulatedCluster): Record<string, string>;

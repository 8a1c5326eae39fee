/**
 * The example stack against the emulator: one ECH organization with three deployments, "search" (the
 * local cluster), "logs" (the remote one, API-key model) and "archive" (certificate model). Gives the
 * synth-time environment, the Terraform variables (TF_VAR_<name>) and every secret involved, for the
 * checks that none of them ever shows in plain text.
 */
import type { EmulatorOptions, RunningEmulator } from '../../../src/emulator';

export const exampleTopology: EmulatorOptions = {
  cloud: { ech: [{ name: 'acme', deployments: [{ name: 'search' }, { name: 'logs' }, { name: 'archive' }] }] },
};

export interface ExampleTarget {
  /** Environment of `cdktf synth`: the ids that shape the stack (examples/cdktf/main.ts). */
  synthEnv: Record<string, string>;
  /** Terraform variables of the stack (same names as examples/hcl). */
  variables: Record<string, string>;
  secrets: string[];
  /** Emulator cluster names of the local deployment and the two remotes. */
  clusters: { local: string; remote: string; archive: string };
}

export function exampleTarget(emulator: RunningEmulator): ExampleTarget {
  const { deployments, ech } = emulator.cloud;
  const [search, logs, archive] = [deployments.search, deployments.logs, deployments.archive];
  const local = emulator.clusters[search.cluster];
  const remote = emulator.clusters[logs.cluster];
  const variables = {
    secrets_key: 'e2e-secrets-key-for-sealing',
    cloud_endpoint: search.cloudUrl,
    cloud_api_key: search.cloudApiKey,
    local_elasticsearch_endpoint: local.url,
    local_elasticsearch_api_key: local.apiKey,
    remote_elasticsearch_endpoint: remote.url,
    remote_elasticsearch_username: remote.username,
    remote_elasticsearch_password: remote.password,
    remote_cluster_address: remote.remoteClusterServerAddress,
  };
  return {
    synthEnv: {
      LOCAL_DEPLOYMENT_ID: search.id,
      LOCAL_CLUSTER_ID: search.clusterId,
      ARCHIVE_DEPLOYMENT_ID: archive.id,
      ARCHIVE_CLUSTER_ID: archive.clusterId,
      CLOUD_ACCOUNT_ID: ech[search.owner].id,
    },
    variables,
    secrets: [variables.secrets_key, variables.cloud_api_key, local.apiKey, local.password, remote.apiKey, remote.password],
    clusters: { local: search.cluster, remote: logs.cluster, archive: archive.cluster },
  };
}

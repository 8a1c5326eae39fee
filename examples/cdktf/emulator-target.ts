/**
 * Points the example at the emulator. emulator.json is the topology (one ECH organization with three
 * deployments: "search" is the local cluster, "logs" the remote one with the API-key model, "archive"
 * the certificate-model remote); this maps the endpoints the emulator prints to the synth-time
 * environment and the Terraform variables of the stack.
 *
 *   npx elastic-remote-emulator --config examples/cdktf/emulator.json > /tmp/emulator.json &
 *   eval "$(node dist/examples/cdktf/emulator-target.js /tmp/emulator.json)"
 *
 * The printed keys are the emulator's own throwaway ones; a real account never goes through here.
 */
import { readFileSync } from 'node:fs';
import type { EmulatorDescription } from '../../src/emulator';

export interface ExampleTarget {
  /** Environment of `cdktf synth`: the ids that shape the stack (see main.ts). */
  synthEnv: Record<string, string>;
  /** Terraform variables of the stack (TF_VAR_<name>; the same names as examples/hcl). */
  variables: Record<string, string>;
  /** Every credential involved, for checks that none shows in plain text. */
  secrets: string[];
  /** Emulator cluster names of the local deployment and the two remotes. */
  clusters: { local: string; remote: string; archive: string };
}

export function exampleTarget(emulator: Pick<EmulatorDescription, 'cloud' | 'clusters'>, secretsKey: string): ExampleTarget {
  const { deployments, ech } = emulator.cloud;
  const [search, logs, archive] = [deployments.search, deployments.logs, deployments.archive];
  if (!search || !logs || !archive) throw new Error('the emulator has no "search", "logs" and "archive" deployments: start it with --config examples/cdktf/emulator.json');
  const local = emulator.clusters[search.cluster];
  const remote = emulator.clusters[logs.cluster];
  const variables = {
    secrets_key: secretsKey,
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
    secrets: [secretsKey, variables.cloud_api_key, local.apiKey, local.password, remote.apiKey, remote.password],
    clusters: { local: search.cluster, remote: logs.cluster, archive: archive.cluster },
  };
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: emulator-target.js <emulator.json>   (the JSON `npx elastic-remote-emulator --config examples/cdktf/emulator.json` prints)\n');
    process.exit(2);
  }
  const secretsKey = process.env.ELASTIC_REMOTE_SECRETS_KEY ?? `example-${Date.now().toString(36)}`;
  const target = exampleTarget(JSON.parse(readFileSync(file, 'utf8')) as EmulatorDescription, secretsKey);
  const assignments = [...Object.entries(target.synthEnv), ...Object.entries(target.variables).map(([name, value]) => [`TF_VAR_${name}`, value])];
  process.stdout.write(assignments.map(([name, value]) => `export ${name}=${shellQuote(value)}`).join('\n') + '\n');
}

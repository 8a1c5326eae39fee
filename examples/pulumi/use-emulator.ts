/**
 * Points the current Pulumi stack at a running emulator, from the JSON document
 * `npx elastic-remote-emulator` prints:
 *
 *   node dist/examples/pulumi/use-emulator.js emulator.json [--local ech-local] [--remote ech-remote] [--connections-only]
 *
 * It sets the connection settings (`elasticRemote:*`, secrets with --secret) and, unless
 * --connections-only, the example's own settings (`example:remoteClusterServerAddress`,
 * `example:localDeploymentId`). With --connections-only those come from `example:platformStack`.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

interface EmulatorDocument {
  cloudUrl: string;
  cloudApiKey: string;
  clusters: Record<string, { url: string; apiKey: string; username: string; password: string; remoteClusterServerAddress: string }>;
  cloud?: { deployments?: Record<string, { id: string; cluster: string; cloudUrl: string; cloudApiKey: string }> };
}

function option(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? args[at + 1] : fallback;
}

function pulumiConfig(key: string, value: string, options: { secret?: boolean; path?: boolean } = {}): void {
  execFileSync('pulumi', ['config', 'set', options.secret ? '--secret' : '--plaintext', ...(options.path ? ['--path'] : []), key, '--', value], { stdio: ['ignore', 'ignore', 'inherit'] });
}

function hasConfig(key: string): boolean {
  try {
    execFileSync('pulumi', ['config', 'get', key], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function main(args: string[]): void {
  const file = args[0];
  if (!file || file.startsWith('--')) throw new Error('usage: use-emulator.js <emulator.json> [--local <cluster>] [--remote <cluster>] [--connections-only]');
  const emulator = JSON.parse(readFileSync(file, 'utf8')) as EmulatorDocument;
  const localName = option(args, '--local', 'ech-local');
  const remoteName = option(args, '--remote', 'ech-remote');
  const local = emulator.clusters[localName];
  const remote = emulator.clusters[remoteName];
  if (!local || !remote) throw new Error(`the emulator has no cluster ${!local ? localName : remoteName} (clusters: ${Object.keys(emulator.clusters).join(', ')})`);
  const deployment = Object.values(emulator.cloud?.deployments ?? {}).find((d) => d.cluster === localName);

  pulumiConfig('elasticRemote:cloudEndpoint', deployment?.cloudUrl ?? emulator.cloudUrl);
  pulumiConfig('elasticRemote:cloudApiKey', deployment?.cloudApiKey ?? emulator.cloudApiKey, { secret: true });
  pulumiConfig('elasticRemote:clusters.local.endpoint', local.url, { path: true });
  pulumiConfig('elasticRemote:clusters.local.apiKey', local.apiKey, { path: true, secret: true });
  // Elasticsearch creates cross-cluster API keys only for a user, not with an API key.
  pulumiConfig('elasticRemote:clusters.remote.endpoint', remote.url, { path: true });
  pulumiConfig('elasticRemote:clusters.remote.username', remote.username, { path: true });
  pulumiConfig('elasticRemote:clusters.remote.password', remote.password, { path: true, secret: true });
  // Kept once set: the encoded keys in state are sealed with it.
  if (!hasConfig('elasticRemote:secretsKey')) pulumiConfig('elasticRemote:secretsKey', randomBytes(24).toString('base64url'), { secret: true });
  if (!args.includes('--connections-only')) {
    pulumiConfig('example:remoteClusterServerAddress', remote.remoteClusterServerAddress);
    if (deployment) pulumiConfig('example:localDeploymentId', deployment.id);
  }
  process.stdout.write(`stack configured for clusters ${localName} (local) and ${remoteName} (remote)${deployment ? `, deployment ${deployment.id}` : ''}\n`);
}

main(process.argv.slice(2));

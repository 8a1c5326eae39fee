/**
 * `RemoteInfo`: one alias as the local cluster's `_remote/info` reports it, with the engine's diagnosis
 * when it is not connected, so a Terraform `check` block (or any pipeline) can assert a link is up.
 */
import { z } from 'zod';
import type { RemoteInfo as RemoteInfoEntry } from '../elasticsearch/client';
import { unknownAttributes } from '../resources/cross-cluster-api-key/schema';
import { diagnoseNotConnected } from '../resources/remote-cluster-connection/diagnosis';
import { remoteAlias } from '../resources/remote-cluster-connection/schema';
import type { DataSourceDefinition } from './definition';

const input = z.strictObject(
  {
    alias: remoteAlias
      .meta({ description: 'The remote cluster alias to look up on the cluster this provider configuration targets.' }),
  },
  unknownAttributes('alias'),
);

const output = z.object({
  exists: z.boolean().meta({ description: '_remote/info lists the alias (its cluster.remote.<alias>.* settings are in effect).' }),
  connected: z.boolean().meta({ description: '_remote/info connected.' }),
  mode: z.string().optional().meta({ description: 'sniff or proxy; absent when the alias does not exist.' }),
  credentials_present: z.boolean().meta({ description: 'cluster_credentials is reported: the API-key model is in use.' }),
  skip_unavailable: z.boolean().optional().meta({ description: '_remote/info skip_unavailable.' }),
  addresses: z.array(z.string()).meta({ description: 'The proxy address (proxy mode) or the seeds (sniff mode).' }),
  diagnosis: z.array(z.string()).meta({ description: 'Why the alias is not connected, one reason per entry; empty when connected.' }),
});

type RemoteInfoInput = z.infer<typeof input>;
export type RemoteInfoOutput = z.infer<typeof output>;

/** Pure: the data source's answer from one `_remote/info` entry (undefined when the alias is absent). */
export function describeRemote(alias: string, entry: RemoteInfoEntry | undefined): RemoteInfoOutput {
  const addresses = !entry ? [] : entry.mode === 'proxy' ? [entry.proxy_address] : entry.seeds;
  const credentialsPresent = entry?.cluster_credentials !== undefined;
  const diagnosis =
    entry?.connected === true
      ? []
      : diagnoseNotConnected({ alias, mode: entry?.mode ?? 'sniff', proxy_address: entry?.mode === 'proxy' ? entry.proxy_address : undefined, seeds: entry?.mode === 'sniff' ? entry.seeds : undefined, credentialsGiven: credentialsPresent, selfManagedKeystore: false }, entry);
  return {
    exists: entry !== undefined,
    connected: entry?.connected === true,
    ...(entry ? { mode: entry.mode, skip_unavailable: entry.skip_unavailable } : {}),
    credentials_present: credentialsPresent,
    addresses,
    diagnosis,
  };
}

export const remoteInfo: DataSourceDefinition<RemoteInfoInput, RemoteInfoOutput> = {
  type: 'RemoteInfo',
  tfName: 'remote_info',
  description: 'One remote cluster alias as the local cluster reports it (GET _remote/info): connected, mode, credentials, and why not connected. Meant for `check` blocks.',
  input,
  output,
  async read(ctx, { alias }) {
    const info = await ctx.elasticsearch().remoteInfo();
    return describeRemote(alias, info[alias]);
  },
};

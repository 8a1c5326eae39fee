/**
 * The seed scenarios' stack: an emulator with ECE environments and ECH organizations, engine contexts
 * per deployment (its cluster's Elasticsearch API and its own Cloud API), and `apply`, which does what
 * every front end does with a resource: plan (validate and diff), then create / update / replace.
 */
import type { ClosableEngineContext } from '../../../src/connections/context';
import type { CloudDeploymentEndpoint, EmulatorOptions, RunningEmulator } from '../../../src/emulator';
import type { MemoryLogger } from '../../../src/log';
import type { ChangeSet } from '../../../src/plan/change-set';
import type { ResourceDefinition, ResourceState } from '../../../src/resources/definition';
import type { diagnoseCertificateTrust } from '../../../src/resources/deployment-trust/diagnosis';
import { planResource, type PlannedAction } from '../../../src/resources/planning';
import { startElasticsearchHarness, type ElasticsearchHarness } from '../../support/elasticsearch-harness';

export interface CloudStack {
  emulator: RunningEmulator;
  logger: MemoryLogger;
  deployment(name: string): CloudDeploymentEndpoint;
  /** Engine context for a deployment: its cluster (superuser) and the Cloud API that manages it. */
  context(deployment: string): ClosableEngineContext;
  close(): Promise<void>;
}

export async function startCloudStack(cloud: EmulatorOptions['cloud'], options: Omit<EmulatorOptions, 'cloud'> = {}): Promise<CloudStack> {
  const harness: ElasticsearchHarness = await startElasticsearchHarness({ clusters: [], ...options, cloud });
  const deployment = (name: string): CloudDeploymentEndpoint => {
    const found = harness.emulator.cloud.deployments[name];
    if (!found) throw new Error(`no emulated deployment ${name}`);
    return found;
  };
  return {
    emulator: harness.emulator,
    logger: harness.logger,
    deployment,
    context: (name) => {
      const d = deployment(name);
      return harness.context(d.cluster, { cloud: { endpoint: d.cloudUrl, apiKey: d.cloudApiKey } });
    },
    close: () => harness.close(),
  };
}

/** The seeds' usual pair: `search` is the local deployment, `logs` the remote one, wherever the topology puts them. */
export interface SearchAndLogs {
  stack: CloudStack;
  search: CloudDeploymentEndpoint;
  logs: CloudDeploymentEndpoint;
}

export async function startSearchAndLogs(cloud: EmulatorOptions['cloud']): Promise<SearchAndLogs> {
  const stack = await startCloudStack(cloud);
  return { stack, search: stack.deployment('search'), logs: stack.deployment('logs') };
}

/** One side of `diagnoseCertificateTrust`: a deployment read through its own Cloud API. */
export function trustSide(ctx: ClosableEngineContext, deployment: CloudDeploymentEndpoint): Parameters<typeof diagnoseCertificateTrust>[0] {
  return { cloud: ctx.cloud(), deploymentId: deployment.id, refId: deployment.refId };
}

/** Certificate-model proxy connection input: the remote cluster's transport address, its host as TLS server name. */
export function transportProxyInput(stack: CloudStack, remote: CloudDeploymentEndpoint, alias: string) {
  const transport = stack.emulator.clusters[remote.cluster].transportAddress;
  return { alias, mode: 'proxy', proxy_address: transport, server_name: transport.slice(0, transport.lastIndexOf(':')) };
}

export interface Applied<State> {
  state: State;
  action: PlannedAction;
  changeSet: ChangeSet;
}

/** Plan then apply, as a front end does: validation and the diff happen before any request. */
export async function apply<Input extends object, State extends ResourceState>(
  definition: ResourceDefinition<Input, State>,
  ctx: ClosableEngineContext,
  prior: State | undefined,
  raw: unknown,
): Promise<Applied<State>> {
  const plan = planResource<Input>(definition, prior, raw);
  let state: State;
  switch (plan.action) {
    case 'create':
      state = await definition.create(ctx, plan.desired);
      break;
    case 'update':
      state = await definition.update(ctx, prior as State, plan.desired);
      break;
    case 'replace':
      await definition.delete(ctx, prior as State);
      state = await definition.create(ctx, plan.desired);
      break;
    case 'noop':
      state = prior as State;
      break;
  }
  return { state, action: plan.action, changeSet: plan.changeSet };
}

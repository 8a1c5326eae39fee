/**
 * The provider side of the Pulumi front end: runs in the dynamic-provider process, loaded by the thin
 * provider object on each call. Everything here is derived from the engine's definitions; Pulumi
 * properties are translated to engine attributes by the one generic mapping in ./attributes.
 */
import type * as pulumi from '@pulumi/pulumi';
import { ConfigurationError } from '../../src/settings/configuration-error';
import { connectionSettingsFromEnv, createEngineContext, type ClosableEngineContext } from '../../src/connections/context';
import type { ConnectionSettings } from '../../src/settings/connection-settings';
import { createLogger, type LogLevel } from '../../src/log';
import { renderChangeSet } from '../../src/plan/render';
import { ValidationError, validateInput, type AnyResourceDefinition, type Attribute, type ResourceState } from '../../src/resources/definition';
import { resourceDefinitions } from '../../src/resources';
import { planResource, planningFacts } from '../../src/resources/planning';
import { camelCase } from '../../src/resources/attribute-names';
import { attributesOf, engineInputOf, pulumiPath } from './attributes';
import { adoptArgument, clusterArgument, takesClusterProfile } from './catalog';
import { toPulumiDiff } from './diff-result';
import { createPreview, engineFields, engineInput, engineState, splitProfilePrefix, textArgument, pulumiInputs, pulumiOutputs } from './properties';
import { connectEngineLog, engineAddressFrom, type EngineLog } from './engine-log';
import { assertValidStackSettings, clusterProfilesFrom, connectionSettingsFor, type StackConfigReader } from './stack-config';

/** What the thin provider passes on every call. */
export interface HostCall {
  resourceType: string;
  /** Stack configuration from the provider's `configure` hook (absent when the engine did not configure it). */
  config?: StackConfigReader;
}

export interface ProviderHost {
  check(call: HostCall, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult>;
  diff(call: HostCall, id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult>;
  create(call: HostCall, inputs: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult>;
  read(call: HostCall, id: string, props: Record<string, unknown> | undefined): Promise<pulumi.dynamic.ReadResult>;
  update(call: HostCall, id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.UpdateResult>;
  destroy(call: HostCall, id: string, props: Record<string, unknown>): Promise<void>;
}

interface Resolved {
  definition: AnyResourceDefinition;
  attributes: Attribute[];
  config: StackConfigReader;
}

const noConfig: StackConfigReader = { get: () => undefined };

function resolve(call: HostCall): Resolved {
  const definition = resourceDefinitions.find((d) => d.type === call.resourceType);
  if (!definition) throw new Error(`elastic-remote-clusters: unknown resource type ${call.resourceType} (state written by a newer package version?)`);
  return { definition, attributes: attributesOf(definition), config: call.config ?? noConfig };
}

let engineLog: EngineLog | undefined;
function log(level: LogLevel, message: string): Promise<void> {
  engineLog ??= connectEngineLog(engineAddressFrom(process.argv.slice(2)));
  return engineLog(level, message);
}

/** The front end's own arguments: not engine attributes. */
const ownArguments = [clusterArgument, adoptArgument] as const;

function adoptIdOf(props: Record<string, unknown>): string | undefined {
  return textArgument(props, adoptArgument);
}

function clusterOf(props: Record<string, unknown> | undefined): string | undefined {
  return textArgument(props, clusterArgument);
}

const engineFieldsOf = (props: Record<string, unknown>) => engineFields(props, ownArguments);
const engineInputOfProps = (r: Resolved, props: Record<string, unknown>) => engineInput(r.attributes, props, ownArguments);
const engineStateOf = (r: Resolved, id: string, props: Record<string, unknown>) => engineState(r.attributes, id, props, ownArguments);
const outputsOf = (r: Resolved, state: ResourceState, cluster: string | undefined) => pulumiOutputs(r.attributes, state, { [clusterArgument]: cluster });
const inputsOf = (r: Resolved, state: ResourceState, cluster: string | undefined) => pulumiInputs(r.attributes, state, { [clusterArgument]: cluster });

function stackSettingsFor(r: Resolved, cluster: string | undefined): ConnectionSettings {
  const settings = connectionSettingsFor(r.config, cluster, connectionSettingsFromEnv(process.env));
  assertValidStackSettings(settings, r.config, cluster);
  return settings;
}

async function withContext<T>(r: Resolved, cluster: string | undefined, action: (ctx: ClosableEngineContext) => Promise<T>): Promise<T> {
  const settings = stackSettingsFor(r, cluster);
  const logger = createLogger((entry) => void log(entry.level, entry.message), { level: 'info' });
  // One context per call of the Pulumi engine: nothing outlives it, so reads are not shared (no shareReads).
  const ctx = createEngineContext(settings, { logger, resourceType: r.definition.type });
  try {
    return await action(ctx);
  } finally {
    await ctx.close();
  }
}

function checkFailures(r: Resolved, error: unknown): pulumi.dynamic.CheckFailure[] {
  if (error instanceof ValidationError) {
    return error.issues.map((i) => ({ property: pulumiPath(r.attributes, i.path) || '(input)', reason: `${r.definition.type}: ${pulumiPath(r.attributes, i.path)}: ${i.message}` }));
  }
  if (error instanceof ConfigurationError) return [{ property: clusterArgument, reason: `${r.definition.type}: ${error.message}` }];
  throw error;
}

export const host: ProviderHost = {
  /** Validation only: no request leaves the process, so bad input fails at preview. */
  async check(call, olds, news) {
    const r = resolve(call);
    try {
      const { raw, unknownPaths } = engineInputOf(r.attributes, engineFieldsOf(news));
      const desired = validateInput(r.definition, raw, unknownPaths);
      const cluster = news[clusterArgument];
      if (cluster !== undefined && typeof cluster !== 'string') throw new ConfigurationError(`${clusterArgument}: expected the name of a cluster profile`);
      // The profile must exist and the settings be usable (same messages as at apply time), so a typo fails the preview.
      stackSettingsFor(r, typeof cluster === 'string' ? cluster : undefined);
      // Creates get no diff call, so the change set and warnings of a new resource is shown from here.
      if (Object.keys(engineFieldsOf(olds)).length === 0) {
        const adopt = adoptIdOf(news);
        const preview = adopt ? undefined : createPreview(r.definition, raw, unknownPaths);
        await log(
          'info',
          preview
            ? preview.changeSet
            : `${r.definition.type} "${r.definition.displayName(desired)}": adopts the existing object ${adopt}; differences from the program are applied after reading it`,
        );
        for (const warning of preview?.warnings ?? []) await log('warn', warning);
      }
      return { inputs: news };
    } catch (error) {
      return { inputs: news, failures: checkFailures(r, error) };
    }
  },

  async diff(call, id, olds, news) {
    const r = resolve(call);
    const { raw, unknownPaths } = engineInputOf(r.attributes, engineFieldsOf(news));
    const prior = engineStateOf(r, id, olds);
    // Time-dependent decisions (a key's rotation) are judged by the target's clock.
    const facts = r.definition.targetTime ? await withContext(r, clusterOf(news), (ctx) => planningFacts(ctx, r.definition, prior)) : undefined;
    const plan = planResource<Record<string, unknown>>(r.definition, prior, raw, unknownPaths, facts);
    const result = toPulumiDiff({ plan, prior, movedBy: clusterOf(olds) !== clusterOf(news) ? [clusterArgument] : [], uniqueBy: r.definition.uniqueBy });
    if (result.changes) await log('info', renderChangeSet(plan.changeSet));
    for (const warning of plan.warnings) await log('warn', warning);
    return result;
  },

  async create(call, inputs) {
    const r = resolve(call);
    const cluster = clusterOf(inputs);
    const desired = validateInput(r.definition, engineInputOfProps(r, inputs));
    const adopt = adoptIdOf(inputs);
    const state = await withContext(r, cluster, (ctx) => (adopt ? adoptExisting(r, ctx, adopt, desired) : r.definition.create(ctx, desired)));
    return { id: state.id, outs: outputsOf(r, state, cluster) };
  },

  /** `pulumi refresh` (props hold the state) and imports (props hold at most the program's inputs). */
  async read(call, id, props) {
    const r = resolve(call);
    const computed = r.attributes.filter((a) => a.computed).map((a) => camelCase(a.name));
    const isImport = !props || !computed.some((name) => props[name] !== undefined);
    if (isImport) {
      const { cluster, importId } = importTarget(r, id, props);
      const state = await withContext(r, cluster, (ctx) => r.definition.import(ctx, importId));
      return { id: state.id, props: outputsOf(r, state, cluster), inputs: inputsOf(r, state, cluster) };
    }
    const cluster = clusterOf(props);
    const state = await withContext(r, cluster, (ctx) => r.definition.read(ctx, engineStateOf(r, id, props)));
    // An empty id tells the engine the object is gone, so the next plan creates it again.
    if (!state) return { id: '', props: {} };
    return { id: state.id, props: outputsOf(r, state, cluster), inputs: inputsOf(r, state, cluster) };
  },

  async update(call, id, olds, news) {
    const r = resolve(call);
    const cluster = clusterOf(news);
    const desired = validateInput(r.definition, engineInputOfProps(r, news));
    const state = await withContext(r, cluster, (ctx) => r.definition.update(ctx, engineStateOf(r, id, olds), desired));
    return { outs: outputsOf(r, state, cluster) };
  },

  async destroy(call, id, props) {
    const r = resolve(call);
    await withContext(r, clusterOf(props), (ctx) => r.definition.delete(ctx, engineStateOf(r, id, props)));
  },
};

/**
 * Takes over an existing object: imports it, then applies the program's differences in place. A
 * difference that would replace the object is refused, since replacing is not adopting.
 */
async function adoptExisting(r: Resolved, ctx: ClosableEngineContext, importId: string, desired: object): Promise<ResourceState> {
  const existing = await r.definition.import(ctx, importId);
  const plan = planResource<Record<string, unknown>>(r.definition, existing, desired);
  if (plan.action === 'replace') {
    const paths = plan.replacePaths.map((p) => pulumiPath(r.attributes, p)).join(', ');
    throw new Error(`${r.definition.type}: ${adoptArgument}: the existing object ${importId} differs in ${paths}, which cannot change in place; declare its current values to adopt it`);
  }
  if (plan.action === 'noop') return existing;
  await log('info', renderChangeSet(plan.changeSet));
  return r.definition.update(ctx, existing, plan.desired);
}

/**
 * Which cluster an import targets: the program's `cluster` argument, else a `<profile>/` prefix on the
 * import id when it names a configured profile (`pulumi import ... local/eu-logs`), else the default.
 */
export function importTarget(r: { definition: Pick<AnyResourceDefinition, 'target'>; config: StackConfigReader }, id: string, props: Record<string, unknown> | undefined): { cluster?: string; importId: string } {
  const fromProgram = clusterOf(props);
  if (fromProgram || !takesClusterProfile(r.definition)) return { ...(fromProgram ? { cluster: fromProgram } : {}), importId: id };
  const { profile, importId } = splitProfilePrefix(id, clusterProfilesFrom(r.config));
  return { ...(profile ? { cluster: profile } : {}), importId };
}

export const { check, diff, create, read, update, destroy } = host;

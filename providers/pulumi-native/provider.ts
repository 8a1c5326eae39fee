/**
 * The native provider's decisions, on plain property bags (the gRPC service in ./server only decodes
 * and encodes). Every decision is the engine's: validation and the change set (planResource), CRUD and
 * import (the definitions); the property conversions are the ones the dynamic provider uses.
 */
import { ConfigurationError } from '../../src/settings/configuration-error';
import { createEngineContext, type ClosableEngineContext } from '../../src/connections/context';
import { createLogger } from '../../src/log';
import { renderChangeSet } from '../../src/plan/render';
import { camelCase } from '../../src/resources/attribute-names';
import { ValidationError, validateInput, type AnyResourceDefinition, type Attribute, type ResourceState } from '../../src/resources/definition';
import { planResource, planningFacts } from '../../src/resources/planning';
import { attributesOf, engineInputOf, pulumiPath, secretProperties } from '../pulumi/attributes';
import { takesClusterProfile } from '../pulumi/catalog';
import { toPulumiDiff } from '../pulumi/diff-result';
import type { EngineLog } from '../pulumi/engine-log';
import { createPreview, engineFields, engineInput, engineState, splitProfilePrefix, textArgument, pulumiInputs, pulumiOutputs } from '../pulumi/properties';
import { clusterArgument, connectionSettingsFor, environmentArgument, packageName, parseProviderConfig, profileArguments, type ProfileChoice, type ProviderConfig } from './config';
import { detailedDiffOf, topLevel, type PropertyDiff } from './detailed-diff';
import { concealProperties, holdsUnknown, revealProperties, unknownValue, type PropertyBag } from './values';

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckAnswer {
  inputs: PropertyBag;
  failures: CheckFailure[];
}

export interface DiffAnswer {
  changes: boolean;
  /** Top-level properties that differ. */
  diffs: string[];
  replaces: string[];
  deleteBeforeReplace: boolean;
  detailedDiff: Record<string, PropertyDiff>;
}

export interface ResourceAnswer {
  id: string;
  properties: PropertyBag;
  inputs?: PropertyBag;
}

interface Resolved {
  definition: AnyResourceDefinition;
  attributes: Attribute[];
  /** Top-level properties that are Pulumi secrets in inputs and outputs. */
  secretNames: string[];
}

/** Engine type of a resource token `elasticremote:index:<Type>`. */
export function typeOfToken(token: string): string {
  return token.slice(token.lastIndexOf(':') + 1);
}

/** True while a preview does not know which profile a resource uses (another resource's output). */
const profileUnknown = (props: PropertyBag): boolean => profileArguments.some((name) => props[name] === unknownValue);

function choiceOf(props: PropertyBag | undefined): ProfileChoice {
  const cluster = textArgument(props, clusterArgument);
  const environment = textArgument(props, environmentArgument);
  return { ...(cluster ? { cluster } : {}), ...(environment ? { environment } : {}) };
}

const ownOf = (choice: ProfileChoice): PropertyBag => ({ [clusterArgument]: choice.cluster, [environmentArgument]: choice.environment });

export interface NativeProviderOptions {
  log: EngineLog;
  environment?: NodeJS.ProcessEnv;
}

export class NativeProvider {
  private config: ProviderConfig = parseProviderConfig({});
  /** False while the provider's own inputs are not known (a preview before the resources they come from exist). */
  private configKnown = true;
  private readonly resolved = new Map<string, Resolved>();

  constructor(
    private readonly definitions: readonly AnyResourceDefinition[],
    private readonly options: NativeProviderOptions,
  ) {}

  private resolve(token: string): Resolved {
    const type = typeOfToken(token);
    let r = this.resolved.get(type);
    if (!r) {
      const definition = this.definitions.find((d) => d.type === type);
      if (!definition) throw new Error(`${packageName}: unknown resource type ${token} (state written by a newer provider version?)`);
      const attributes = attributesOf(definition);
      r = { definition, attributes, secretNames: secretProperties(attributes) };
      this.resolved.set(type, r);
    }
    return r;
  }

  /** The provider's own inputs: bad configuration fails the preview, naming the key. */
  checkConfig(news: PropertyBag): CheckAnswer {
    try {
      parseProviderConfig(revealProperties(news).plain);
      return { inputs: news, failures: [] };
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      return { inputs: news, failures: error.message.split('\n').map((reason, i) => ({ property: error.settings[i]?.split('.')[0] ?? '', reason })) };
    }
  }

  /** A provider whose configuration is not known yet (a preview) keeps checking input alone. */
  configure(args: PropertyBag): void {
    const { plain } = revealProperties(args);
    this.configKnown = !holdsUnknown(plain);
    if (this.configKnown) this.config = parseProviderConfig(plain);
  }

  private settingsFor(r: Resolved, choice: ProfileChoice) {
    try {
      return connectionSettingsFor(this.config, choice, this.options.environment ?? process.env);
    } catch (error) {
      if (error instanceof ConfigurationError) throw new ConfigurationError(`${r.definition.type}: ${error.message}`, error.settings);
      throw error;
    }
  }

  private async withContext<T>(r: Resolved, choice: ProfileChoice, action: (ctx: ClosableEngineContext) => Promise<T>): Promise<T> {
    const logger = createLogger((entry) => void this.options.log(entry.level, entry.message), { level: 'info' });
    const ctx = createEngineContext(this.settingsFor(r, choice), { logger, resourceType: r.definition.type });
    try {
      return await action(ctx);
    } finally {
      await ctx.close();
    }
  }

  /** Outputs and inputs for a state, with the sensitive attributes and whatever came in secret wrapped again. */
  private answer(r: Resolved, state: ResourceState, choice: ProfileChoice, secretInputs: Iterable<string> = []): ResourceAnswer {
    const secrets = [...r.secretNames, ...secretInputs];
    return {
      id: state.id,
      properties: concealProperties(pulumiOutputs(r.attributes, state, ownOf(choice)), secrets),
      inputs: concealProperties(pulumiInputs(r.attributes, state, ownOf(choice)), secrets),
    };
  }

  /** Validation only: no request leaves the process, so bad input fails at preview. */
  async check(token: string, olds: PropertyBag, news: PropertyBag): Promise<CheckAnswer> {
    const r = this.resolve(token);
    const { plain } = revealProperties(news);
    const failures: CheckFailure[] = [];
    try {
      for (const name of profileArguments) {
        const value = plain[name];
        if (value !== undefined && value !== unknownValue && typeof value !== 'string') {
          failures.push({ property: name, reason: `${r.definition.type}: ${name}: expected the name of a configured profile` });
        }
      }
      const { raw, unknownPaths } = engineInputOf(r.attributes, engineFields(plain, profileArguments));
      validateInput(r.definition, raw, unknownPaths);
      // The profiles are checked against the provider's configuration once it is known.
      if (failures.length === 0 && this.configKnown && !profileUnknown(plain)) this.settingsFor(r, choiceOf(plain));
      // Creates get no diff call: the change set and warnings of a new resource are shown from here.
      if (failures.length === 0 && Object.keys(engineFields(olds, profileArguments)).length === 0) {
        const preview = createPreview(r.definition, raw, unknownPaths);
        await this.options.log('info', preview.changeSet);
        for (const warning of preview.warnings) await this.options.log('warn', warning);
      }
    } catch (error) {
      if (error instanceof ValidationError) {
        failures.push(...error.issues.map((i) => ({ property: pulumiPath(r.attributes, i.path), reason: `${r.definition.type}: ${pulumiPath(r.attributes, i.path) || '(input)'}: ${i.message}` })));
      } else if (error instanceof ConfigurationError) {
        failures.push({ property: error.settings[0]?.startsWith('environments') ? environmentArgument : clusterArgument, reason: error.message });
      } else throw error;
    }
    return { inputs: news, failures };
  }

  async diff(token: string, id: string, olds: PropertyBag, news: PropertyBag): Promise<DiffAnswer> {
    const r = this.resolve(token);
    const old = revealProperties(olds).plain;
    const { plain } = revealProperties(news);
    const prior = engineState(r.attributes, id, old, profileArguments);
    const { raw, unknownPaths } = engineInputOf(r.attributes, engineFields(plain, profileArguments));
    const choice = choiceOf(plain);
    // Time-dependent decisions (a key's rotation) are judged by the target's clock.
    const facts = r.definition.targetTime && !profileUnknown(plain) ? await this.withContext(r, choice, (ctx) => planningFacts(ctx, r.definition, prior)) : undefined;
    const plan = planResource<Record<string, unknown>>(r.definition, prior, raw, unknownPaths, facts);
    const movedBy = profileArguments.filter((name) => textArgument(old, name) !== textArgument(plain, name));
    const result = toPulumiDiff({ plan, prior, movedBy, uniqueBy: r.definition.uniqueBy });
    const detailedDiff = detailedDiffOf(r.attributes, plan.changeSet, prior, plan.desired, result.replaces);
    if (result.changes) await this.options.log('info', renderChangeSet(plan.changeSet));
    for (const warning of plan.warnings) await this.options.log('warn', warning);
    return { ...result, diffs: [...new Set(Object.keys(detailedDiff).map(topLevel))], detailedDiff };
  }

  async create(token: string, news: PropertyBag, preview: boolean): Promise<ResourceAnswer> {
    const r = this.resolve(token);
    // A preview knows no id or computed output: the inputs stand for the outputs.
    if (preview) return { id: '', properties: news };
    const { plain, secretNames } = revealProperties(news);
    const choice = choiceOf(plain);
    const desired = validateInput(r.definition, engineInput(r.attributes, plain, profileArguments));
    const state = await this.withContext(r, choice, (ctx) => r.definition.create(ctx, desired));
    return this.answer(r, state, choice, secretNames);
  }

  /** Refresh (properties hold the state) and import (no state: `pulumi import`, the `import` option). */
  async read(token: string, id: string, properties: PropertyBag, inputs: PropertyBag): Promise<ResourceAnswer> {
    const r = this.resolve(token);
    const state = revealProperties(properties);
    const given = revealProperties(inputs);
    const computed = r.attributes.filter((a) => a.computed).map((a) => camelCase(a.name));
    if (!computed.some((name) => state.plain[name] !== undefined)) {
      const { choice, importId } = this.importTarget(r, id, given.plain);
      const imported = await this.withContext(r, choice, (ctx) => r.definition.import(ctx, importId));
      return this.answer(r, imported, choice, given.secretNames);
    }
    const choice = choiceOf(state.plain);
    const live = await this.withContext(r, choice, (ctx) => r.definition.read(ctx, engineState(r.attributes, id, state.plain, profileArguments)));
    // An empty id tells the engine the object is gone, so the next plan creates it again.
    if (!live) return { id: '', properties: {} };
    return this.answer(r, live, choice, [...state.secretNames, ...given.secretNames]);
  }

  /**
   * Which profiles an import uses: the program's arguments, else a `<profile>/` prefix on the import id
   * naming a configured profile (`pulumi import ... local/eu-logs`), else the defaults.
   */
  importTarget(r: { definition: Pick<AnyResourceDefinition, 'target'> }, id: string, inputs: PropertyBag): { choice: ProfileChoice; importId: string } {
    const choice = choiceOf(inputs);
    const argument = takesClusterProfile(r.definition) ? clusterArgument : environmentArgument;
    if (choice[argument]) return { choice, importId: id };
    const { profile, importId } = splitProfilePrefix(id, takesClusterProfile(r.definition) ? this.config.clusters : this.config.environments);
    return { choice: profile ? { ...choice, [argument]: profile } : choice, importId };
  }

  async update(token: string, id: string, olds: PropertyBag, news: PropertyBag, preview: boolean): Promise<ResourceAnswer> {
    const r = this.resolve(token);
    const old = revealProperties(olds);
    const { plain, secretNames } = revealProperties(news);
    if (preview) return { id, properties: previewOutputs(r.attributes, olds, news, old.plain, plain) };
    const choice = choiceOf(plain);
    const desired = validateInput(r.definition, engineInput(r.attributes, plain, profileArguments));
    const state = await this.withContext(r, choice, (ctx) => r.definition.update(ctx, engineState(r.attributes, id, old.plain, profileArguments), desired));
    return this.answer(r, state, choice, [...secretNames, ...old.secretNames]);
  }

  async delete(token: string, id: string, properties: PropertyBag): Promise<void> {
    const r = this.resolve(token);
    const { plain } = revealProperties(properties);
    await this.withContext(r, choiceOf(plain), (ctx) => r.definition.delete(ctx, engineState(r.attributes, id, plain, profileArguments)));
  }
}

/**
 * An update's outputs as a preview knows them: the new inputs, and each computed output kept when no
 * input that may change it changes (its `changedBy`), unknown otherwise.
 */
function previewOutputs(attributes: Attribute[], olds: PropertyBag, news: PropertyBag, oldPlain: PropertyBag, newPlain: PropertyBag): PropertyBag {
  const changed = new Set(Object.keys({ ...oldPlain, ...newPlain }).filter((k) => JSON.stringify(oldPlain[k]) !== JSON.stringify(newPlain[k])));
  const computed = attributes.filter((a) => a.computed && a.name !== 'id');
  const kept = Object.fromEntries(
    computed.map((a) => {
      const name = camelCase(a.name);
      const stays = a.changedBy !== undefined && !a.changedBy.some((input) => changed.has(camelCase(input)));
      return [name, stays ? olds[name] : unknownValue];
    }),
  );
  return { ...kept, ...news };
}

/**
 * The tfplugin6 Provider service: one method per RPC, taking and returning protocol messages
 * (proto-loader shapes, keepCase). Errors never escape as gRPC failures: they become diagnostics,
 * which Terraform shows with the attribute path and the engine's message.
 */
import { createEngineContext, type ClosableEngineContext } from '../../src/connections/context';
import { validateConnectionSettings } from '../../src/settings/validate';
import type { Logger } from '../../src/log';
import type { AnyResourceDefinition } from '../../src/resources/definition';
import { registerSecret } from '../../src/secrets/redaction';
import { decodeJson, decodeMsgpack, encodeMsgpack, isTfObject, type TfObject, type TfType, type TfValue } from './codec';
import type { NotesOnce } from './notes-once';
import { attributePath, changeSetDiagnostic, diagnosticsFor, errorDiagnostic, warningDiagnostic, type DiagnosticMessage } from './diagnostics';
import { applyChange, importState, planChange, readState, upgradeState } from './lifecycle';
import { connectionSettings, providerConfigType, ProviderConfigError, unknownConfigPaths } from './provider-config';
import { dataSourceDefinitions, type AnyDataSourceDefinition } from '../../src/data-sources';
import { dataSourceType, resourceType, type DataSourceType, type ResourceType } from './schema';
import { collectingLogger } from './rpc-warnings';
import { engineInput, engineState, tfObject } from './values';
import { reviewerNotes } from '../../src/plan/change-set';
import { planningFacts } from '../../src/resources/planning';
import { validateInput } from '../../src/resources/definition';

export interface DynamicValueMessage {
  msgpack?: Buffer | Uint8Array;
  json?: Buffer | Uint8Array;
}

type Diagnostics = { diagnostics: DiagnosticMessage[] };

export interface ProviderOptions {
  logger: Logger;
  environment?: Record<string, string | undefined>;
  /** Injected so tests do not wait for real retry pauses. */
  sleep?: (ms: number) => Promise<void>;
  /** Which reviewer notes this run has said already (see notes-once.ts); every note is said without it. */
  notesOnce?: NotesOnce;
}

export function decodeDynamic(value: DynamicValueMessage | null | undefined, type: TfType): TfValue {
  if (value?.msgpack && value.msgpack.length > 0) return decodeMsgpack(value.msgpack, type);
  if (value?.json && value.json.length > 0) return decodeJson(value.json, type);
  return null;
}

export function encodeDynamic(value: TfValue, type: TfType): { msgpack: Buffer } {
  return { msgpack: Buffer.from(encodeMsgpack(value, type)) };
}

function asObject(value: TfValue): TfObject | null {
  return isTfObject(value) ? value : null;
}

/** Sensitive provider settings are registered with the redactor before anything could log them. */
function registerProviderSecrets(config: TfObject): void {
  registerSecret(typeof config.secrets_key === 'string' ? config.secrets_key : undefined);
  for (const block of [config.elasticsearch, config.cloud]) {
    if (!isTfObject(block)) continue;
    for (const name of ['api_key', 'password']) registerSecret(typeof block[name] === 'string' ? block[name] : undefined);
  }
}

export class ProviderStoppedError extends Error {
  constructor() {
    super('stopped: Terraform asked the provider to stop (interrupted)');
    this.name = 'ProviderStoppedError';
  }
}

export class ElasticRemoteProvider {
  private readonly resources: Map<string, ResourceType>;
  private readonly dataSources: Map<string, DataSourceType>;
  private context: ClosableEngineContext | undefined;
  private stopping = false;

  constructor(
    definitions: AnyResourceDefinition[],
    private readonly options: ProviderOptions,
    dataSources: AnyDataSourceDefinition[] = dataSourceDefinitions,
  ) {
    this.resources = new Map(definitions.map((d) => resourceType(d)).map((r) => [r.typeName, r]));
    this.dataSources = new Map(dataSources.map((d) => dataSourceType(d)).map((d) => [d.typeName, d]));
  }

  /**
   * The engine's pauses (retry back-off, waiting for a connection) end early once Terraform asks the
   * provider to stop (Ctrl-C), so an apply winds down instead of waiting out its timeouts.
   */
  private readonly sleep = async (ms: number): Promise<void> => {
    if (this.stopping) throw new ProviderStoppedError();
    await (this.options.sleep ?? ((t: number) => new Promise<void>((resolve) => setTimeout(resolve, t))))(ms);
    if (this.stopping) throw new ProviderStoppedError();
  };

  private resource(typeName: string): ResourceType {
    const found = this.resources.get(typeName);
    if (!found) throw new Error(`unknown resource type ${typeName}; this provider serves ${[...this.resources.keys()].join(', ')}`);
    return found;
  }

  /** A data source, or (`ephemeral`) an ephemeral resource: both are lookups defined the same way. */
  private dataSource(typeName: string, ephemeral = false): DataSourceType {
    const found = this.dataSources.get(typeName);
    if (!found || (found.definition.ephemeral === true) !== ephemeral) {
      const kind = ephemeral ? 'ephemeral resource' : 'data source';
      const served = [...this.dataSources.values()].filter((d) => (d.definition.ephemeral === true) === ephemeral).map((d) => d.typeName);
      throw new Error(`unknown ${kind} ${typeName}; this provider serves ${served.join(', ')}`);
    }
    return found;
  }

  private engine(): ClosableEngineContext {
    if (!this.context) throw new Error('the provider is not configured yet (ConfigureProvider was not called)');
    return this.context;
  }

  /** Settings issues name provider attributes (`elasticsearch.api_key`): Terraform points at them. */
  private settingsDiagnostics(config: TfObject): DiagnosticMessage[] {
    try {
      const settings = connectionSettings(config, this.options.environment);
      return validateConnectionSettings(settings).map((issue) =>
        errorDiagnostic(`Invalid provider setting ${issue.setting}`, issue.message, issue.setting.split('.').map((attribute_name) => ({ attribute_name }))),
      );
    } catch (error) {
      if (error instanceof ProviderConfigError) return [errorDiagnostic('Invalid provider configuration', error.message, error.path.map((attribute_name) => ({ attribute_name })))];
      return diagnosticsFor(error);
    }
  }

  validateProviderConfig(request: { config?: DynamicValueMessage }): Diagnostics {
    try {
      const config = asObject(decodeDynamic(request.config, providerConfigType)) ?? {};
      registerProviderSecrets(config);
      // Values derived from resources are known later; ConfigureProvider checks them then.
      if (unknownConfigPaths(config).length > 0) return { diagnostics: [] };
      return { diagnostics: this.settingsDiagnostics(config) };
    } catch (error) {
      return { diagnostics: diagnosticsFor(error) };
    }
  }

  async configureProvider(request: { config?: DynamicValueMessage }): Promise<Diagnostics> {
    try {
      const config = asObject(decodeDynamic(request.config, providerConfigType)) ?? {};
      registerProviderSecrets(config);
      const unknown = unknownConfigPaths(config);
      if (unknown.length > 0) {
        return { diagnostics: [errorDiagnostic('Provider configuration not known until apply', `${unknown.map((p) => p.join('.')).join(', ')} depend on values known only after apply; configure the provider from variables or data known at plan time`, [{ attribute_name: unknown[0][0] }])] };
      }
      const problems = this.settingsDiagnostics(config);
      if (problems.length > 0) return { diagnostics: problems };
      await this.context?.close();
      // OpenTofu and Terraform start this process for one graph walk (one plan, or one apply) and
      // configure it once: reads are shared within it, and every write forgets them (shared-reads.ts).
      this.context = createEngineContext(connectionSettings(config, this.options.environment), {
        logger: collectingLogger(this.options.logger),
        sleep: this.sleep,
        shareReads: true,
      });
      return { diagnostics: [] };
    } catch (error) {
      return { diagnostics: diagnosticsFor(error) };
    }
  }

  validateResourceConfig(request: { type_name: string; config?: DynamicValueMessage; client_capabilities?: { write_only_attributes_allowed?: boolean } }): Diagnostics {
    try {
      const resource = this.resource(request.type_name);
      const config = asObject(decodeDynamic(request.config, resource.objectType)) ?? {};
      if (!request.client_capabilities?.write_only_attributes_allowed) {
        const writeOnly = resource.attributes.find((a) => a.writeOnly && (config[a.name] ?? null) !== null);
        if (writeOnly) {
          const instead = writeOnly.name.replace(/_wo$/, '');
          return { diagnostics: [errorDiagnostic(`${resource.definition.type}: ${writeOnly.name}: write-only attributes need OpenTofu or Terraform 1.11 or later`, `This client does not support write-only attributes; use ${instead} instead.`, [{ attribute_name: writeOnly.name }])] };
        }
      }
      const { raw, unknownPaths } = engineInput(config, resource.attributes);
      validateInput(resource.definition, raw, unknownPaths);
      return { diagnostics: [] };
    } catch (error) {
      return { diagnostics: this.diagnostics(error, request.type_name) };
    }
  }

  private diagnostics(error: unknown, typeName: string): DiagnosticMessage[] {
    const type = this.resources.get(typeName) ?? this.dataSources.get(typeName);
    return diagnosticsFor(error, type?.attributes ?? []);
  }

  validateDataResourceConfig(request: { type_name: string; config?: DynamicValueMessage }, ephemeral = false): Diagnostics {
    try {
      const source = this.dataSource(request.type_name, ephemeral);
      const { raw, unknownPaths } = engineInput(asObject(decodeDynamic(request.config, source.objectType)) ?? {}, source.attributes);
      validateInput(source.definition, raw, unknownPaths);
      return { diagnostics: [] };
    } catch (error) {
      return { diagnostics: this.diagnostics(error, request.type_name) };
    }
  }

  /** Terraform reads a data source once its configuration is wholly known. */
  async readDataSource(request: { type_name: string; config?: DynamicValueMessage }) {
    try {
      return { state: await this.lookUp(this.dataSource(request.type_name), request.config), diagnostics: [] };
    } catch (error) {
      return { diagnostics: this.diagnostics(error, request.type_name) };
    }
  }

  private async lookUp(source: DataSourceType, configValue: DynamicValueMessage | undefined): Promise<DynamicValueMessage> {
    const config = asObject(decodeDynamic(configValue, source.objectType)) ?? {};
    const input = validateInput(source.definition, engineInput(config, source.attributes).raw);
    const answer = (await source.definition.read(this.engine(), input)) as Record<string, unknown>;
    return encodeDynamic(tfObject({ ...input, ...answer }, source.attributes), source.objectType);
  }

  validateEphemeralResourceConfig(request: { type_name: string; config?: DynamicValueMessage }): Diagnostics {
    return this.validateDataResourceConfig(request, true);
  }

  /**
   * Opened once its configuration is wholly known (OpenTofu defers it otherwise); the answer lives only
   * in OpenTofu's memory for this run. Nothing to renew or close: the key stays valid on its own.
   */
  async openEphemeralResource(request: { type_name: string; config?: DynamicValueMessage }) {
    try {
      return { result: await this.lookUp(this.dataSource(request.type_name, true), request.config), diagnostics: [] };
    } catch (error) {
      return { diagnostics: this.diagnostics(error, request.type_name) };
    }
  }

  upgradeResourceState(request: { type_name: string; version: number; raw_state?: { json?: Buffer } }) {
    try {
      const resource = this.resource(request.type_name);
      const state = upgradeState(resource, Number(request.version), request.raw_state?.json);
      return { upgraded_state: encodeDynamic(state, resource.objectType), diagnostics: [] };
    } catch (error) {
      return { diagnostics: this.diagnostics(error, request.type_name) };
    }
  }

  async readResource(request: { type_name: string; current_state?: DynamicValueMessage; private?: Buffer }) {
    try {
      const resource = this.resource(request.type_name);
      const current = asObject(decodeDynamic(request.current_state, resource.objectType));
      const state = current ? await readState(this.engine(), resource, current) : null;
      return { new_state: encodeDynamic(state, resource.objectType), private: request.private ?? Buffer.alloc(0), diagnostics: [] };
    } catch (error) {
      return { diagnostics: this.diagnostics(error, request.type_name) };
    }
  }

  async planResourceChange(request: { type_name: string; prior_state?: DynamicValueMessage; proposed_new_state?: DynamicValueMessage; config?: DynamicValueMessage; prior_private?: Buffer }) {
    try {
      const resource = this.resource(request.type_name);
      const prior = asObject(decodeDynamic(request.prior_state, resource.objectType));
      const proposed = asObject(decodeDynamic(request.proposed_new_state, resource.objectType));
      const config = proposed === null ? null : asObject(decodeDynamic(request.config, resource.objectType));
      const facts = prior && config && this.context ? await planningFacts(this.context, resource.definition, engineState(prior, resource.attributes)) : undefined;
      const change = planChange(resource, prior, config, facts);
      const notes = change.changeSet && change.action !== 'noop' ? reviewerNotes(change.changeSet) : undefined;
      const noteDiagnostic = notes && notes.changes.length > 0 ? changeSetDiagnostic(resource.typeName, notes) : undefined;
      const diagnostics = [
        ...(noteDiagnostic && (this.options.notesOnce?.firstTime(`${noteDiagnostic.summary}\n${noteDiagnostic.detail}`) ?? true) ? [noteDiagnostic] : []),
        ...change.warnings.map((warning) => warningDiagnostic(warning)),
      ];
      return {
        planned_state: encodeDynamic(change.planned, resource.objectType),
        requires_replace: change.requiresReplace.map((path) => ({ steps: attributePath(path, resource.attributes) })).filter((p) => p.steps.length > 0),
        planned_private: request.prior_private ?? Buffer.alloc(0),
        diagnostics,
      };
    } catch (error) {
      return { diagnostics: this.diagnostics(error, request.type_name) };
    }
  }

  async applyResourceChange(request: { type_name: string; prior_state?: DynamicValueMessage; planned_state?: DynamicValueMessage; config?: DynamicValueMessage; planned_private?: Buffer }) {
    const resource = this.resources.get(request.type_name);
    try {
      if (!resource) throw new Error(`unknown resource type ${request.type_name}`);
      const prior = asObject(decodeDynamic(request.prior_state, resource.objectType));
      const planned = asObject(decodeDynamic(request.planned_state, resource.objectType));
      const config = asObject(decodeDynamic(request.config, resource.objectType));
      const state = await applyChange(this.engine(), resource, prior, planned, config);
      return { new_state: encodeDynamic(state, resource.objectType), private: request.planned_private ?? Buffer.alloc(0), diagnostics: [] };
    } catch (error) {
      // A failed apply keeps the prior state: Terraform records exactly what existed before.
      const prior = resource ? request.prior_state : undefined;
      return { ...(prior ? { new_state: prior } : {}), diagnostics: this.diagnostics(error, request.type_name) };
    }
  }

  async importResourceState(request: { type_name: string; id: string }) {
    try {
      const resource = this.resource(request.type_name);
      const state = await importState(this.engine(), resource, request.id);
      return { imported_resources: [{ type_name: resource.typeName, state: encodeDynamic(state, resource.objectType), private: Buffer.alloc(0) }], diagnostics: [] };
    } catch (error) {
      const resource = this.resources.get(request.type_name);
      const format = resource?.definition.importIdFormat;
      const hint = (d: DiagnosticMessage) => (format && !`${d.summary}${d.detail}`.includes(format) ? `Import id format: ${format}.` : '');
      return { diagnostics: this.diagnostics(error, request.type_name).map((d) => ({ ...d, detail: [d.detail, hint(d)].filter(Boolean).join('\n') })) };
    }
  }

  stopProvider(): { Error: string } {
    this.stopping = true;
    return { Error: '' };
  }


  async close(): Promise<void> {
    await this.context?.close();
  }
}

/**
 * The plugin process's gRPC server: the tfplugin6 Provider service plus what every go-plugin server
 * runs next to it (controller, stdio, broker, health), behind automatic mutual TLS: the host's
 * certificate (PLUGIN_CLIENT_CERT) is the only client trusted, the server certificate is made at start.
 */
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../src/log';
import { makeServerCertificate } from './certificate';
import type { DiagnosticMessage } from './diagnostics';
import { loadProtocol } from './protocol';
import { handshakeLine } from './handshake';
import { metadataAnswer, type ProviderSchemaAnswer } from './schema-document';
import type { ElasticRemoteProvider } from './provider';
import { withLoggedWarnings } from './rpc-warnings';

type Handler = (provider: ElasticRemoteProvider, request: never) => unknown;

/** A unary handler from a method that returns (or resolves to) the response message. */
function unary(provider: () => Promise<ElasticRemoteProvider>, method: Handler, log: Logger, name: string): grpc.handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    provider()
      .then((ready) => withLoggedWarnings(() => method(ready, call.request as never) as { diagnostics?: DiagnosticMessage[] }))
      .then(
        (response) => callback(null, response),
        (error: unknown) => {
          log.error(`${name} failed`, { error: error instanceof Error ? error.message : String(error) });
          callback({ code: grpc.status.INTERNAL, details: `${name}: ${error instanceof Error ? error.message : String(error)}` });
        },
      );
  };
}

/** A unary handler answered from the precomputed schema, without the engine. */
function answer(response: object): grpc.handleUnaryCall<unknown, unknown> {
  return (_call, callback) => callback(null, response);
}

export interface PluginServerOptions {
  /** The schema calls' answers (schema.generated.json). */
  schema: ProviderSchemaAnswer;
  /** Loads the engine, on the first RPC that needs it (once). */
  loadProvider: () => Promise<ElasticRemoteProvider>;
  log: Logger;
  protocolVersion: number;
  /** PEM of the host's client certificate; absent in debug (reattach) mode, which serves plain gRPC. */
  clientCertPem?: string;
  /** Called when the host asks the plugin to exit (GRPCController.Shutdown). */
  onShutdown: () => void;
}

export interface RunningPlugin {
  server: grpc.Server;
  address: string;
  handshake: string;
  stop(): Promise<void>;
}

export async function startPluginServer(options: PluginServerOptions): Promise<RunningPlugin> {
  const { log } = options;
  let loading: Promise<ElasticRemoteProvider> | undefined;
  const provider = () => (loading ??= options.loadProvider());
  const protocol = loadProtocol();
  // Channelz (gRPC's introspection service) traces every call; nothing here reads it.
  const server = new grpc.Server({ 'grpc.enable_channelz': 0 });
  const openStreams = new Set<grpc.ServerWritableStream<unknown, unknown>>();

  const u = (name: string, method: Handler) => unary(provider, method, log, name);
  const stop = u('StopProvider', (p) => p.stopProvider());
  server.addService(protocol.provider, {
    GetMetadata: answer(metadataAnswer(options.schema)),
    GetProviderSchema: answer(options.schema),
    ValidateProviderConfig: u('ValidateProviderConfig', (p, r) => p.validateProviderConfig(r)),
    ValidateResourceConfig: u('ValidateResourceConfig', (p, r) => p.validateResourceConfig(r)),
    ValidateDataResourceConfig: u('ValidateDataResourceConfig', (p, r) => p.validateDataResourceConfig(r)),
    ValidateEphemeralResourceConfig: u('ValidateEphemeralResourceConfig', (p, r) => p.validateEphemeralResourceConfig(r)),
    OpenEphemeralResource: u('OpenEphemeralResource', (p, r) => p.openEphemeralResource(r)),
    RenewEphemeralResource: answer({ diagnostics: [] }),
    CloseEphemeralResource: answer({ diagnostics: [] }),
    ReadDataSource: u('ReadDataSource', (p, r) => p.readDataSource(r)),
    UpgradeResourceState: u('UpgradeResourceState', (p, r) => p.upgradeResourceState(r)),
    GetResourceIdentitySchemas: answer({ identity_schemas: {}, diagnostics: [] }),
    ConfigureProvider: u('ConfigureProvider', (p, r) => p.configureProvider(r)),
    ReadResource: u('ReadResource', (p, r) => p.readResource(r)),
    PlanResourceChange: u('PlanResourceChange', (p, r) => p.planResourceChange(r)),
    ApplyResourceChange: u('ApplyResourceChange', (p, r) => p.applyResourceChange(r)),
    ImportResourceState: u('ImportResourceState', (p, r) => p.importResourceState(r)),
    GetFunctions: answer({ functions: {}, diagnostics: [] }),
    // Before the engine is loaded nothing runs that could be stopped: no need to load it for that.
    StopProvider: ((call, callback) => (loading ? stop(call, callback) : callback(null, { Error: '' }))) satisfies grpc.handleUnaryCall<unknown, unknown>,
  });
  server.addService(protocol.controller, {
    Shutdown: (_call: unknown, callback: grpc.sendUnaryData<object>) => {
      callback(null, {});
      setImmediate(options.onShutdown);
    },
  });
  server.addService(protocol.stdio, {
    // Logs go to stderr directly, which the host reads anyway; the stream stays open and quiet.
    StreamStdio: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      openStreams.add(call);
      call.on('cancelled', () => openStreams.delete(call));
    },
  });
  server.addService(protocol.broker, {
    // No extra connections are brokered: accept the stream, answer nothing, end with the host.
    StartStream: (call: grpc.ServerDuplexStream<unknown, unknown>) => {
      call.on('data', () => undefined);
      call.on('end', () => call.end());
      call.on('error', () => undefined);
    },
  });
  server.addService(protocol.health, {
    Check: (call: grpc.ServerUnaryCall<{ service: string }, unknown>, callback: grpc.sendUnaryData<object>) => {
      const known = call.request.service === '' || call.request.service === 'plugin';
      callback(null, { status: known ? 'SERVING' : 'SERVICE_UNKNOWN' });
    },
    Watch: (call: grpc.ServerWritableStream<{ service: string }, unknown>) => {
      call.write({ status: 'SERVING' });
    },
  });

  const certificate = options.clientCertPem ? makeServerCertificate() : undefined;
  const credentials =
    certificate && options.clientCertPem
      ? grpc.ServerCredentials.createSsl(Buffer.from(options.clientCertPem), [{ private_key: Buffer.from(certificate.keyPem), cert_chain: Buffer.from(certificate.certPem) }], true)
      : grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', credentials, (error, bound) => (error ? reject(error) : resolve(bound))));
  const address = `127.0.0.1:${port}`;
  return {
    server,
    address,
    handshake: handshakeLine(options.protocolVersion, 'tcp', address, certificate?.der),
    async stop() {
      for (const stream of openStreams) stream.end();
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      await (await loading)?.close();
    },
  };
}

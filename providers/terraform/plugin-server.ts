/**
 * The plugin process's gRPC server: the tfplugin6 Provider service plus what every go-plugin server
 * runs next to it (controller, stdio, broker, health), behind automatic mutual TLS: the host's
 * certificate (PLUGIN_CLIENT_CERT) is the only client trusted, the server certificate is made at start.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { Logger } from '../../src/log';
import { makeServerCertificate } from './certificate';
import type { DiagnosticMessage } from './diagnostics';
import { handshakeLine } from './handshake';
import type { ElasticRemoteProvider } from './provider';
import { withLoggedWarnings } from './rpc-warnings';

/** proto/ next to the sources (tests) or, from dist/providers/terraform, back in the source tree. */
export function protoDirectory(): string {
  const candidates = [join(__dirname, 'proto'), join(__dirname, '..', '..', '..', 'providers', 'terraform', 'proto')];
  const found = candidates.find((dir) => existsSync(join(dir, 'tfplugin6.proto')));
  if (!found) throw new Error(`plugin protocol definitions not found (looked in ${candidates.join(', ')})`);
  return found;
}

const loaderOptions: protoLoader.Options = { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true };

export interface ProtocolDefinitions {
  provider: grpc.ServiceDefinition;
  controller: grpc.ServiceDefinition;
  stdio: grpc.ServiceDefinition;
  broker: grpc.ServiceDefinition;
  health: grpc.ServiceDefinition;
}

export function loadProtocol(): ProtocolDefinitions {
  const packageDefinition = protoLoader.loadSync(['tfplugin6.proto', 'go-plugin.proto', 'health.proto'], { ...loaderOptions, includeDirs: [protoDirectory()] });
  const service = (name: string) => packageDefinition[name] as grpc.ServiceDefinition;
  return {
    provider: service('tfplugin6.Provider'),
    controller: service('plugin.GRPCController'),
    stdio: service('plugin.GRPCStdio'),
    broker: service('plugin.GRPCBroker'),
    health: service('grpc.health.v1.Health'),
  };
}

type Handler = (request: never) => unknown;

/** A unary handler from a method that returns (or resolves to) the response message. */
function unary(method: Handler, log: Logger, name: string): grpc.handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    withLoggedWarnings(() => method(call.request as never) as { diagnostics?: DiagnosticMessage[] })
      .then(
        (response) => callback(null, response),
        (error: unknown) => {
          log.error(`${name} failed`, { error: error instanceof Error ? error.message : String(error) });
          callback({ code: grpc.status.INTERNAL, details: `${name}: ${error instanceof Error ? error.message : String(error)}` });
        },
      );
  };
}

export interface PluginServerOptions {
  provider: ElasticRemoteProvider;
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
  const { provider, log } = options;
  const protocol = loadProtocol();
  const server = new grpc.Server();
  const openStreams = new Set<grpc.ServerWritableStream<unknown, unknown>>();

  const u = (name: string, method: Handler) => unary(method, log, name);
  server.addService(protocol.provider, {
    GetMetadata: u('GetMetadata', () => provider.getMetadata()),
    GetProviderSchema: u('GetProviderSchema', () => provider.getProviderSchema()),
    ValidateProviderConfig: u('ValidateProviderConfig', (r) => provider.validateProviderConfig(r)),
    ValidateResourceConfig: u('ValidateResourceConfig', (r) => provider.validateResourceConfig(r)),
    ValidateDataResourceConfig: u('ValidateDataResourceConfig', (r: { type_name: string }) => provider.unsupported('data source', r.type_name)),
    ValidateEphemeralResourceConfig: u('ValidateEphemeralResourceConfig', (r: { type_name: string }) => provider.unsupported('ephemeral resource', r.type_name)),
    ReadDataSource: u('ReadDataSource', (r: { type_name: string }) => provider.unsupported('data source', r.type_name)),
    UpgradeResourceState: u('UpgradeResourceState', (r) => provider.upgradeResourceState(r)),
    GetResourceIdentitySchemas: u('GetResourceIdentitySchemas', () => ({ identity_schemas: {}, diagnostics: [] })),
    ConfigureProvider: u('ConfigureProvider', (r) => provider.configureProvider(r)),
    ReadResource: u('ReadResource', (r) => provider.readResource(r)),
    PlanResourceChange: u('PlanResourceChange', (r) => provider.planResourceChange(r)),
    ApplyResourceChange: u('ApplyResourceChange', (r) => provider.applyResourceChange(r)),
    ImportResourceState: u('ImportResourceState', (r) => provider.importResourceState(r)),
    GetFunctions: u('GetFunctions', () => ({ functions: {}, diagnostics: [] })),
    StopProvider: u('StopProvider', () => provider.stopProvider()),
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
      await provider.close();
    },
  };
}

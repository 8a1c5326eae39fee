/**
 * The gRPC services this plugin serves, from the project's own .proto files (proto/). Start-up loads
 * them from proto/descriptor.json (imported, so the bundle carries it), the same definitions already
 * parsed (protobufjs JSON), because parsing .proto text costs more of the handshake budget than
 * anything else but loading gRPC itself.
 * `node dist/providers/terraform/protocol.js` regenerates the descriptor; a test keeps it current.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import descriptor from './proto/descriptor.json';

export const protoFiles = ['tfplugin6.proto', 'go-plugin.proto', 'health.proto'];

/** proto/ next to the sources (tests) or, from dist/providers/terraform, back in the source tree. */
export function protoDirectory(): string {
  const candidates = [join(__dirname, 'proto'), join(__dirname, '..', '..', '..', 'providers', 'terraform', 'proto')];
  const found = candidates.find((dir) => existsSync(join(dir, 'tfplugin6.proto')));
  if (!found) throw new Error(`plugin protocol definitions not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** Parses the .proto files (slow): the source of descriptor.json. */
export function protocolDescriptor(): object {
  // Loaded only here: the provider process never parses .proto text.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const protobuf = require('protobufjs') as typeof import('protobufjs');
  const dir = protoDirectory();
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith('google/') ? target : join(dir, target));
  root.loadSync(protoFiles, { keepCase: true });
  return root.toJSON();
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
  const packageDefinition = protoLoader.fromJSON(descriptor as Parameters<typeof protoLoader.fromJSON>[0], loaderOptions);
  const service = (name: string) => packageDefinition[name] as grpc.ServiceDefinition;
  return {
    provider: service('tfplugin6.Provider'),
    controller: service('plugin.GRPCController'),
    stdio: service('plugin.GRPCStdio'),
    broker: service('plugin.GRPCBroker'),
    health: service('grpc.health.v1.Health'),
  };
}

if (require.main === module) {
  const target = join(protoDirectory(), 'descriptor.json');
  writeFileSync(target, `${JSON.stringify(protocolDescriptor(), null, 1)}\n`);
  process.stdout.write(`wrote ${target}\n`);
}

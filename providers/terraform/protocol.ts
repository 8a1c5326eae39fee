/**
 * The gRPC services this plugin serves, from the project's own .proto files (proto/). Start-up loads
 * them from proto/descriptor.json (imported, so the bundle carries it), the same definitions already
 * parsed (protobufjs JSON), because parsing .proto text costs more of the handshake budget than
 * anything else but loading gRPC itself. The service definitions are made here from protobufjs's
 * light build, as @grpc/proto-loader would make them (same message shapes), without what it adds and
 * every start paid for (~40 ms): descriptor.proto and a file descriptor of every message, for reflection.
 * `node dist/providers/terraform/protocol.js` regenerates the descriptor; a test keeps it current.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import { Root, type IConversionOptions, type INamespace, type Service, type Type } from 'protobufjs/light';
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

/** Decoded messages as plain objects: field names as in the .proto, 64-bit numbers as numbers, enums by name. */
const conversion: IConversionOptions = { longs: Number, enums: String, defaults: true, oneofs: true };

const serializer = (type: Type) => (value: object) => Buffer.from(type.encode(type.fromObject(value)).finish());
const deserializer = (type: Type) => (bytes: Buffer) => type.toObject(type.decode(bytes), conversion);

function serviceDefinition(service: Service): grpc.ServiceDefinition {
  const methods = service.methodsArray.map((method) => {
    const request = method.resolvedRequestType as Type;
    const response = method.resolvedResponseType as Type;
    const definition: grpc.MethodDefinition<object, object> = {
      path: `/${service.fullName.slice(1)}/${method.name}`,
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
      requestSerialize: serializer(request),
      requestDeserialize: deserializer(request),
      responseSerialize: serializer(response),
      responseDeserialize: deserializer(response),
      // grpc-js also finds a handler by its lower camel case name, as proto-loader names it.
      originalName: method.name.charAt(0).toLowerCase() + method.name.slice(1),
    };
    return [method.name, definition] as const;
  });
  return Object.fromEntries(methods);
}

export interface ProtocolDefinitions {
  provider: grpc.ServiceDefinition;
  controller: grpc.ServiceDefinition;
  stdio: grpc.ServiceDefinition;
  broker: grpc.ServiceDefinition;
  health: grpc.ServiceDefinition;
}

export function loadProtocol(): ProtocolDefinitions {
  const root = Root.fromJSON(descriptor as INamespace);
  root.resolveAll();
  const service = (name: string) => serviceDefinition(root.lookupService(name));
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

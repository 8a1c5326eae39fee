/**
 * The `ResourceProvider` gRPC service of pulumi-resource-elasticremote, written thinly over the
 * generated stubs of @pulumi/pulumi (the SDK's own provider server cannot return a detailed diff):
 * each handler decodes the request, asks NativeProvider, and encodes the answer.
 */
import * as grpc from '@grpc/grpc-js';
import { Empty } from 'google-protobuf/google/protobuf/empty_pb';
import { Struct } from 'google-protobuf/google/protobuf/struct_pb';
import * as pluginProto from '@pulumi/pulumi/proto/plugin_pb';
import * as providerRpc from '@pulumi/pulumi/proto/provider_grpc_pb';
import * as proto from '@pulumi/pulumi/proto/provider_pb';
import type { CheckAnswer, DiffAnswer, NativeProvider, ResourceAnswer } from './provider';
import type { PropertyDiff } from './detailed-diff';
import type { PropertyBag } from './values';

export interface ServerOptions {
  /** The provider's version (GetPluginInfo). */
  version: string;
  /** The precomputed schema document (GetSchema). */
  schema: string;
  provider: NativeProvider;
  /** Where the engine's address goes when the handshake tells it. */
  onEngineAddress?: (address: string) => void;
}

function bag(struct: Struct | undefined): PropertyBag {
  return (struct?.toJavaScript() ?? {}) as PropertyBag;
}

function struct(value: PropertyBag): Struct {
  // Struct.fromJavaScript rejects undefined members.
  return Struct.fromJavaScript(JSON.parse(JSON.stringify(value)) as Record<string, never>);
}

type Handler<Req, Res> = (request: Req) => Promise<Res> | Res;

/** A unary handler; a failure reaches the engine as the call's error message (never a secret: engine errors hold none). */
function unary<Req, Res>(handler: Handler<Req, Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => handler(call.request))
      .then(
        (response) => callback(null, response),
        (error: unknown) => callback({ code: grpc.status.UNKNOWN, details: error instanceof Error ? error.message : String(error) }),
      );
  };
}

function checkResponse(answer: CheckAnswer): proto.CheckResponse {
  const response = new proto.CheckResponse();
  response.setInputs(struct(answer.inputs));
  response.setFailuresList(
    answer.failures.map((f) => {
      const failure = new proto.CheckFailure();
      failure.setProperty(f.property);
      failure.setReason(f.reason);
      return failure;
    }),
  );
  return response;
}

const kinds: Record<`${PropertyDiff['kind']}:${boolean}`, proto.PropertyDiff.Kind> = {
  'add:false': proto.PropertyDiff.Kind.ADD,
  'add:true': proto.PropertyDiff.Kind.ADD_REPLACE,
  'delete:false': proto.PropertyDiff.Kind.DELETE,
  'delete:true': proto.PropertyDiff.Kind.DELETE_REPLACE,
  'update:false': proto.PropertyDiff.Kind.UPDATE,
  'update:true': proto.PropertyDiff.Kind.UPDATE_REPLACE,
};

function diffResponse(answer: DiffAnswer): proto.DiffResponse {
  const response = new proto.DiffResponse();
  response.setChanges(answer.changes ? proto.DiffResponse.DiffChanges.DIFF_SOME : proto.DiffResponse.DiffChanges.DIFF_NONE);
  response.setReplacesList(answer.replaces);
  response.setDeletebeforereplace(answer.deleteBeforeReplace);
  response.setDiffsList(answer.diffs);
  response.setHasdetaileddiff(true);
  const map = response.getDetaileddiffMap();
  for (const [path, diff] of Object.entries(answer.detailedDiff)) {
    const property = new proto.PropertyDiff();
    property.setKind(kinds[`${diff.kind}:${diff.replace}`]);
    property.setInputdiff(true);
    map.set(path, property);
  }
  return response;
}

function readResponse(answer: ResourceAnswer): proto.ReadResponse {
  const response = new proto.ReadResponse();
  response.setId(answer.id);
  response.setProperties(struct(answer.properties));
  if (answer.inputs) response.setInputs(struct(answer.inputs));
  return response;
}

export async function startProviderServer(options: ServerOptions): Promise<{ port: number; stop(): Promise<void> }> {
  const { provider } = options;
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
  const service: Partial<providerRpc.IResourceProviderServer> = {
    handshake: unary((request: proto.ProviderHandshakeRequest) => {
      options.onEngineAddress?.(request.getEngineAddress());
      const response = new proto.ProviderHandshakeResponse();
      response.setAcceptSecrets(true);
      response.setAcceptResources(false);
      response.setAcceptOutputs(false);
      return response;
    }),
    getPluginInfo: unary(() => new pluginProto.PluginInfo().setVersion(options.version)),
    getSchema: unary(() => new proto.GetSchemaResponse().setSchema(options.schema)),
    checkConfig: unary((request: proto.CheckRequest) => checkResponse(provider.checkConfig(bag(request.getNews())))),
    diffConfig: unary((request: proto.DiffRequest) => {
      // A changed profile reaches the resources through Configure: the provider is never replaced.
      const changed = JSON.stringify(bag(request.getOlds())) !== JSON.stringify(bag(request.getNews()));
      return new proto.DiffResponse().setChanges(changed ? proto.DiffResponse.DiffChanges.DIFF_SOME : proto.DiffResponse.DiffChanges.DIFF_NONE);
    }),
    configure: unary((request: proto.ConfigureRequest) => {
      const args = request.getArgs();
      const variables = Object.fromEntries(
        request
          .getVariablesMap()
          .getEntryList()
          .map(([key, value]) => [key.slice(key.lastIndexOf(':') + 1), value]),
      );
      provider.configure(args ? bag(args) : variables);
      const response = new proto.ConfigureResponse();
      response.setAcceptsecrets(true);
      response.setSupportspreview(true);
      return response;
    }),
    check: unary(async (request: proto.CheckRequest) => checkResponse(await provider.check(tokenOf(request), bag(request.getOlds()), bag(request.getNews())))),
    diff: unary(async (request: proto.DiffRequest) => diffResponse(await provider.diff(tokenOf(request), request.getId(), bag(request.getOlds()), bag(request.getNews())))),
    create: unary(async (request: proto.CreateRequest) => {
      const answer = await provider.create(tokenOf(request), bag(request.getProperties()), request.getPreview());
      return new proto.CreateResponse().setId(answer.id).setProperties(struct(answer.properties));
    }),
    read: unary(async (request: proto.ReadRequest) => readResponse(await provider.read(tokenOf(request), request.getId(), bag(request.getProperties()), bag(request.getInputs())))),
    update: unary(async (request: proto.UpdateRequest) => {
      const answer = await provider.update(tokenOf(request), request.getId(), bag(request.getOlds()), bag(request.getNews()), request.getPreview());
      return new proto.UpdateResponse().setProperties(struct(answer.properties));
    }),
    delete: unary(async (request: proto.DeleteRequest) => {
      await provider.delete(tokenOf(request), request.getId(), bag(request.getProperties()));
      return new Empty();
    }),
    cancel: unary(() => new Empty()),
    attach: unary((request: pluginProto.PluginAttach) => {
      options.onEngineAddress?.(request.getAddress());
      return new Empty();
    }),
  };
  server.addService(providerRpc.ResourceProviderService, service as providerRpc.IResourceProviderServer);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return { port, stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())) };
}

/** The resource type token of a request (the URN's type part when the engine leaves `type` out). */
function tokenOf(request: { getType(): string; getUrn(): string }): string {
  const type = request.getType() || request.getUrn().split('::')[2];
  return type.slice(type.lastIndexOf('$') + 1);
}

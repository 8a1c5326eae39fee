/**
 * Messages from the provider host to the Pulumi engine's Log service, so that `pulumi preview` and
 * `pulumi up` print them as diagnostics (and the Automation API sees them as events). The engine passes
 * its address to every plugin on the command line; the dynamic-provider host ignores it, so we use it.
 */
import * as grpc from '@grpc/grpc-js';
import * as engineRpc from '@pulumi/pulumi/proto/engine_grpc_pb';
import * as engineProto from '@pulumi/pulumi/proto/engine_pb';
import type { LogLevel } from '../../src/log';

export type EngineLog = (level: LogLevel, message: string) => Promise<void>;

const severities: Record<LogLevel, engineProto.LogSeverity> = {
  debug: engineProto.LogSeverity.DEBUG,
  info: engineProto.LogSeverity.INFO,
  warn: engineProto.LogSeverity.WARNING,
  error: engineProto.LogSeverity.ERROR,
};

/** The engine's address among a plugin's arguments (flags such as `-v=9` may come first). */
export function engineAddressFrom(argv: string[]): string | undefined {
  return argv.find((a) => /^(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(a));
}

/** A log function bound to the engine, or one that writes to stderr (which the engine also shows) without it. */
export function connectEngineLog(address: string | undefined): EngineLog {
  if (!address) {
    return async (level, message) => {
      process.stderr.write(`${level}: ${message}\n`);
    };
  }
  const client = new engineRpc.EngineClient(address, grpc.credentials.createInsecure());
  return (level, message) =>
    new Promise((resolve) => {
      const request = new engineProto.LogRequest();
      request.setSeverity(severities[level]);
      request.setMessage(message);
      // A failed log must not fail the operation it describes.
      client.log(request, () => resolve());
    });
}

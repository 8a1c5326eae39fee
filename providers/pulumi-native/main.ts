/**
 * pulumi-resource-elasticremote: started by the Pulumi engine with the engine's address as argument.
 * It serves the ResourceProvider service on a local port and prints that port on stdout, as every
 * Pulumi plugin does; stdout carries nothing else (logs go to the engine's Log service or stderr).
 */
import { format } from 'node:util';
import { resourceDefinitions } from '../../src/resources';
import { connectEngineLog, engineAddressFrom, type EngineLog } from '../pulumi/engine-log';
import { packageName } from './config';
import { NativeProvider } from './provider';
import schema from './schema.json';
import { startProviderServer } from './server';

async function main(argv: string[]): Promise<void> {
  // A stray console.log from any library would corrupt the port line: route it to stderr.
  console.log = console.info = console.debug = (...args: unknown[]) => void process.stderr.write(`${format(...args)}\n`);
  let log: EngineLog = connectEngineLog(engineAddressFrom(argv));
  const provider = new NativeProvider(resourceDefinitions, { log: (level, message) => log(level, message) });
  const server = await startProviderServer({
    version: schema.version,
    schema: JSON.stringify(schema),
    provider,
    onEngineAddress: (address) => {
      if (address) log = connectEngineLog(address);
    },
  });
  process.stdout.write(`${server.port}\n`);
  // The engine ends plugins with SIGINT/SIGTERM once it is done with them.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void server.stop().finally(() => process.exit(0)));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`pulumi-resource-${packageName}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

/**
 * terraform-provider-elasticremote: started by Terraform/OpenTofu (or by a developer with --debug).
 * stdout carries the handshake line and nothing else; every log line goes to stderr.
 *
 * Start-up loads only gRPC, the protocol definitions, the certificate and the precomputed schema:
 * that answers the handshake and the schema calls. The engine (zod schemas, HTTP clients, resource
 * definitions) loads on the first RPC that needs it, so a process OpenTofu starts only for the schema
 * never loads it (in the bundle it is a separate chunk, never even parsed then).
 */
import { format } from 'node:util';
import { isLogLevel, stderrLogger, type LogLevel } from '../../src/log';
import { checkMagicCookie, HandshakeError, negotiateProtocolVersion, reattachConfig, supportedProtocolVersions } from './handshake';
import { executableName, providerAddresses, providerTypeName } from './names';
import { startPluginServer } from './plugin-server';
import schemaDocument from './schema.generated.json';
import { schemaFromDocument } from './schema-document';

/** TF_LOG_PROVIDER / TF_LOG (TRACE, DEBUG, INFO, WARN, ERROR) as a log level; info by default. */
function logLevel(environment: NodeJS.ProcessEnv): LogLevel {
  const raw = (environment.TF_LOG_PROVIDER ?? environment.TF_LOG ?? '').toLowerCase();
  if (raw === 'trace') return 'debug';
  return isLogLevel(raw) ? raw : 'info';
}

async function main(argv: string[], environment: NodeJS.ProcessEnv): Promise<void> {
  // A stray console.log from any library would corrupt the handshake: route it to stderr.
  console.log = console.info = console.debug = (...args: unknown[]) => void process.stderr.write(`${format(...args)}\n`);
  const debug = argv.includes('--debug');
  // hclog JSON lines: the host parses them into its own log with the right levels.
  const log = stderrLogger({ level: debug ? 'debug' : logLevel(environment), fields: { provider: providerTypeName }, format: debug ? 'text' : 'json' });

  let protocolVersion: number;
  try {
    if (!debug) checkMagicCookie(environment);
    protocolVersion = debug ? Math.max(...supportedProtocolVersions) : negotiateProtocolVersion(environment.PLUGIN_PROTOCOL_VERSIONS);
  } catch (error) {
    if (!(error instanceof HandshakeError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  // Ctrl-C in the terminal reaches every process of the group; the host stops us with StopProvider.
  if (!debug) process.on('SIGINT', () => log.debug('SIGINT ignored: the host stops the provider with StopProvider'));

  const plugin = await startPluginServer({
    schema: schemaFromDocument(schemaDocument),
    loadProvider: async () => {
      const [{ resourceDefinitions }, { ElasticRemoteProvider }, { notesOncePerRun }] = await Promise.all([
        import('../../src/resources/index'),
        import('./provider'),
        import('./notes-once'),
      ]);
      log.debug('engine loaded');
      return new ElasticRemoteProvider(resourceDefinitions, { logger: log, notesOnce: notesOncePerRun() });
    },
    log,
    protocolVersion,
    clientCertPem: debug ? undefined : environment.PLUGIN_CLIENT_CERT,
    onShutdown: () => {
      if (debug) return; // a debug session outlives the commands that attach to it
      void plugin.stop().finally(() => process.exit(0));
    },
  });

  if (debug) {
    const reattach = reattachConfig(providerAddresses, protocolVersion, process.pid, plugin.address);
    process.stdout.write(
      `Provider started. To attach Terraform or OpenTofu, set TF_REATTACH_PROVIDERS:\n\n\tTF_REATTACH_PROVIDERS='${reattach}'\n\nStop with Ctrl-C or kill ${process.pid}.\n`,
    );
    process.on('SIGINT', () => void plugin.stop().finally(() => process.exit(0)));
  } else {
    process.stdout.write(`${plugin.handshake}\n`);
  }

  log.debug('serving', { address: plugin.address, protocol: protocolVersion });
}

main(process.argv.slice(2), process.env).catch((error: unknown) => {
  process.stderr.write(`${executableName}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

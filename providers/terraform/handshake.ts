/**
 * The go-plugin start-up contract, as Terraform and OpenTofu expect it: the magic cookie that says
 * "a plugin host started me", the protocol version chosen from the host's list, and the one line on
 * stdout that tells the host where to connect and which certificate to trust.
 */

export const magicCookieKey = 'TF_PLUGIN_MAGIC_COOKIE';
export const magicCookieValue = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';

/** go-plugin's own protocol version (the first handshake field). */
export const coreProtocolVersion = 1;
/** Terraform plugin protocol major versions this provider serves. */
export const supportedProtocolVersions = [6];

export class HandshakeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HandshakeError';
  }
}

export function checkMagicCookie(environment: Record<string, string | undefined>): void {
  if (environment[magicCookieKey] !== magicCookieValue) {
    throw new HandshakeError(
      'This binary is a plugin. These are not meant to be executed directly.\n' +
        'Please execute the program that consumes these plugins (terraform or tofu), which will load any plugins automatically.\n' +
        'To debug the provider, run it with --debug and set TF_REATTACH_PROVIDERS as it prints.',
    );
  }
}

/**
 * The highest version both sides speak. PLUGIN_PROTOCOL_VERSIONS is the host's comma-separated list;
 * an absent list means the host predates negotiation and takes the plugin's default.
 */
export function negotiateProtocolVersion(hostVersions: string | undefined): number {
  const offered = (hostVersions ?? '')
    .split(',')
    .map((v) => Number.parseInt(v.trim(), 10))
    .filter((v) => Number.isInteger(v));
  if (offered.length === 0) return Math.max(...supportedProtocolVersions);
  const common = offered.filter((v) => supportedProtocolVersions.includes(v));
  if (common.length === 0) {
    throw new HandshakeError(
      `Incompatible plugin protocol: the host speaks version(s) ${offered.join(', ')}, this provider speaks ${supportedProtocolVersions.join(', ')} (Terraform >= 1.0 or OpenTofu)`,
    );
  }
  return Math.max(...common);
}

/** `1|6|tcp|127.0.0.1:PORT|grpc|<server certificate, DER, base64 without padding>` */
export function handshakeLine(protocolVersion: number, network: 'tcp' | 'unix', address: string, serverCertDer?: Uint8Array): string {
  const fields = [String(coreProtocolVersion), String(protocolVersion), network, address, 'grpc'];
  if (serverCertDer) fields.push(Buffer.from(serverCertDer).toString('base64').replace(/=+$/, ''));
  return fields.join('|');
}

/** The JSON Terraform/OpenTofu read from TF_REATTACH_PROVIDERS to use an already running provider. */
export function reattachConfig(providerAddresses: string[], protocolVersion: number, pid: number, address: string): string {
  const entry = { Protocol: 'grpc', ProtocolVersion: protocolVersion, Pid: pid, Test: true, Addr: { Network: 'tcp', String: address } };
  return JSON.stringify(Object.fromEntries(providerAddresses.map((a) => [a, entry])));
}

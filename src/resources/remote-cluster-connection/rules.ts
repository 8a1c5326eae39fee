/**
 * Elasticsearch's own rules for remote cluster settings (../shared/specs/elasticsearch/
 * remote-cluster-settings.json, from RemoteClusterSettings.java and RemoteConnectionStrategy.java).
 * Pure functions returning a problem description (or undefined), so any front end or helper (the ECK
 * fragment, the Cloud remote-clusters API) can validate with exactly the same rules.
 */

/** Java `[-\w]+` without UNICODE_CHARACTER_CLASS: what `cluster.remote.<alias>.*` keys accept. */
const aliasPattern = /^[-A-Za-z0-9_]+$/;

export const aliasAccepted = 'letters, digits, dashes and underscores (e.g. eu-logs)';

export function aliasProblem(alias: string): string | undefined {
  if (alias.length === 0) return `remote clusters must not have the empty string as their alias; accepted: ${aliasAccepted}`;
  if (!aliasPattern.test(alias)) {
    const offending = [...new Set(alias.replace(/[-A-Za-z0-9_]/g, ''))].map((c) => JSON.stringify(c)).join(', ');
    return `${JSON.stringify(alias)} contains ${offending}; accepted: ${aliasAccepted}`;
  }
  return undefined;
}

export const addressAccepted = 'host:port with a port from 1 to 65535, IPv6 hosts in brackets (e.g. es.example.com:9443, 10.0.0.5:9300, [::1]:9443)';

/**
 * `host:port`, the port being what follows the LAST colon (so an IPv6 host must be bracketed), as
 * RemoteConnectionStrategy.parsePort reads it.
 */
export function addressProblem(address: string): string | undefined {
  if (address.includes('://')) return `a transport address, not a URL: give ${addressAccepted}`;
  if (/\s/.test(address)) return `must not contain spaces; accepted: ${addressAccepted}`;
  const colon = address.lastIndexOf(':');
  if (colon < 0) return `remote hosts need to be configured as [host:port], found [${address}] instead; accepted: ${addressAccepted}`;
  const host = address.slice(0, colon);
  const port = address.slice(colon + 1);
  if (!/^-?\d+$/.test(port)) return `failed to parse port [${port}]; accepted: ${addressAccepted}`;
  if (Number(port) <= 0) return `port number must be > 0 but was: [${Number(port)}]`;
  if (Number(port) > 65535) return `port number must be at most 65535 but was: [${Number(port)}]`;
  if (host.length === 0) return `the host is missing; accepted: ${addressAccepted}`;
  if (host.startsWith('[') || host.endsWith(']')) {
    if (!/^\[[0-9A-Fa-f:.]+(%[\w.]+)?\]$/.test(host) || !host.includes(':')) return `[${host.slice(1, -1)}] is not an IPv6 address; accepted: ${addressAccepted}`;
    return undefined;
  }
  if (host.includes(':')) return `an IPv6 host must be written in brackets, e.g. [${host}]:${port} (the port is what follows the last colon)`;
  if (!/^[A-Za-z0-9._-]+$/.test(host)) return `[${host}] is not a host name or IP address; accepted: ${addressAccepted}`;
  return undefined;
}

/** The port of an address that passed `addressProblem`. */
export function portOf(address: string): number {
  return Number(address.slice(address.lastIndexOf(':') + 1));
}

/** Elasticsearch's default remote cluster server port (API-key model) and transport port (certificate model). */
export const remoteClusterServerPort = 9443;
export const transportPort = 9300;

export type SecurityModel = 'api_key' | 'certificate';

/** Why `address` points at the port of the other security model; undefined when it does not. */
export function otherModelPortProblem(model: SecurityModel, address: string): string | undefined {
  const port = portOf(address);
  if (model === 'api_key' && port === transportPort) {
    return `${address} is the transport port; the API-key model connects to the remote cluster server port (${remoteClusterServerPort})`;
  }
  if (model === 'certificate' && port === remoteClusterServerPort) {
    return `${address} is the remote cluster server port (API-key model); the certificate model connects to the transport port (${transportPort})`;
  }
  return undefined;
}

export type ConnectionMode = 'sniff' | 'proxy';

/** Settings that belong to one mode only (RemoteClusterSettings mode validation). */
export const modeOnlySettings: Record<ConnectionMode, readonly string[]> = {
  sniff: ['seeds', 'node_connections'],
  proxy: ['proxy_address', 'proxy_socket_connections', 'server_name'],
};

/** Elasticsearch's sentence for a setting used with the other mode, with what is accepted. */
export function modeMismatchMessage(alias: string, setting: string, configured: ConnectionMode): string {
  const required: ConnectionMode = configured === 'sniff' ? 'proxy' : 'sniff';
  return (
    `Setting "cluster.remote.${alias || '<alias>'}.${setting}" cannot be used with the configured "cluster.remote.${alias || '<alias>'}.mode" ` +
    `[required=${required.toUpperCase()}, configured=${configured.toUpperCase()}]; accepted only with mode = "${required}"`
  );
}

/**
 * Connection settings from the environment variables of the official Elastic providers (plus this
 * project's own), for CLIs and as the front ends' fall-back.
 */
import { readFileSync } from 'node:fs';
import { ConfigurationError } from './configuration-error';
import { defaultCloudEndpoint, environmentVariables as env, type ConnectionSettings, type TlsSettings } from './connection-settings';

type Environment = Record<string, string | undefined>;

export function connectionSettingsFromEnv(environment: Environment = process.env): ConnectionSettings {
  const value = (name: string): string | undefined => {
    const raw = environment[name]?.trim();
    return raw ? raw : undefined;
  };
  const insecure = parseBoolean(env.insecure, value(env.insecure));
  // The per-API variable wins over the project-wide one.
  const insecureFor = (name: string) => parseBoolean(name, value(name)) ?? insecure;
  const settings: ConnectionSettings = {};

  // The official provider accepts a comma-separated list; the engine talks to one endpoint.
  const endpoint = value(env.elasticsearchEndpoints)
    ?.split(',')
    .map((e) => e.trim())
    .find((e) => e.length > 0);
  if (endpoint) {
    settings.elasticsearch = {
      endpoint,
      apiKey: value(env.elasticsearchApiKey),
      username: value(env.elasticsearchUsername),
      password: environment[env.elasticsearchPassword] || undefined,
      ...tlsFromEnv(environment, env.elasticsearchCaCertFile, insecureFor(env.elasticsearchInsecure)),
    };
  }

  const cloudApiKey = value(env.cloudApiKey);
  if (cloudApiKey) {
    settings.cloud = {
      endpoint: value(env.cloudEndpoint) ?? defaultCloudEndpoint,
      apiKey: cloudApiKey,
      ...tlsFromEnv(environment, env.cloudCaCertFile, insecureFor(env.cloudInsecure)),
    };
  }

  const secretsKey = environment[env.secretsKey];
  if (secretsKey) settings.secretsKey = secretsKey;
  return dropUndefined(settings);
}

function tlsFromEnv(environment: Environment, caFileVariable: string, insecure: boolean | undefined): TlsSettings {
  const path = environment[caFileVariable]?.trim();
  let caCertPem: string | undefined;
  if (path) {
    try {
      caCertPem = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'unreadable';
      throw new ConfigurationError(`${caFileVariable}: cannot read the CA bundle file ${path} (${code})`, [caFileVariable]);
    }
  }
  return { caCertPem, insecureSkipVerify: insecure };
}

const truthy = new Set(['1', 'true', 'yes', 'on']);
const falsy = new Set(['0', 'false', 'no', 'off']);

function parseBoolean(name: string, raw: string | undefined): boolean | undefined {
  if (raw === undefined) return undefined;
  const lower = raw.toLowerCase();
  if (truthy.has(lower)) return true;
  if (falsy.has(lower)) return false;
  throw new ConfigurationError(`${name}: expected true or false`, [name]);
}

/** Leaves unset settings out, so spreading the result over other settings never erases them. */
function dropUndefined<T extends object>(value: T): T {
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined) delete (value as Record<string, unknown>)[key];
    else if (field && typeof field === 'object') dropUndefined(field);
  }
  return value;
}

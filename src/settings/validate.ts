/**
 * Checks connection settings before any request, with messages that name the setting (and the
 * environment variable that can supply it). Values are never echoed: several of them are secrets.
 */
import { X509Certificate } from 'node:crypto';
import { ConfigurationError } from './configuration-error';
import { environmentVariables as env, type ConnectionSettings, type TlsSettings } from './connection-settings';

export interface SettingIssue {
  /** e.g. `elasticsearch.endpoint` */
  setting: string;
  message: string;
}

export const maxRetriesLimit = 10;
export const maxRequestTimeoutMs = 10 * 60_000;
export const minSecretsKeyLength = 8;

/** Every problem in the settings; empty when they are usable. */
export function validateConnectionSettings(settings: ConnectionSettings): SettingIssue[] {
  const issues: SettingIssue[] = [];
  const add = (setting: string, message: string) => issues.push({ setting, message });

  const es = settings.elasticsearch;
  if (es) {
    const endpointProblem = checkEndpoint(es.endpoint);
    if (endpointProblem) add('elasticsearch.endpoint', `${endpointProblem} (${env.elasticsearchEndpoints})`);
    if (es.apiKey !== undefined && es.apiKey.trim() === '') add('elasticsearch.api_key', `must not be empty (${env.elasticsearchApiKey})`);
    if (es.apiKey && (es.username !== undefined || es.password !== undefined)) {
      add('elasticsearch.api_key', 'set either an API key or a username and password, not both');
    }
    if (es.username !== undefined && es.password === undefined) add('elasticsearch.password', `is required with a username (${env.elasticsearchPassword})`);
    if (es.password !== undefined && es.username === undefined) add('elasticsearch.username', `is required with a password (${env.elasticsearchUsername})`);
    if (es.username !== undefined && (es.username === '' || es.username.includes(':'))) {
      add('elasticsearch.username', `must be a non-empty name without ":" (${env.elasticsearchUsername})`);
    }
    checkTls('elasticsearch', es, env.elasticsearchCaCertFile, add);
  }

  const ec = settings.cloud;
  if (ec) {
    const endpointProblem = checkEndpoint(ec.endpoint);
    if (endpointProblem) add('cloud.endpoint', `${endpointProblem} (${env.cloudEndpoint})`);
    if (!ec.apiKey || ec.apiKey.trim() === '') add('cloud.api_key', `must not be empty (${env.cloudApiKey})`);
    checkTls('cloud', ec, env.cloudCaCertFile, add);
  }

  if (settings.secretsKey !== undefined && settings.secretsKey.length < minSecretsKeyLength) {
    add('secrets_key', `must be at least ${minSecretsKeyLength} characters (${env.secretsKey})`);
  }
  const timeout = settings.requestTimeoutMs;
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 1 || timeout > maxRequestTimeoutMs)) {
    add('request_timeout_ms', `must be a whole number of milliseconds from 1 to ${maxRequestTimeoutMs}`);
  }
  const retries = settings.maxRetries;
  if (retries !== undefined && (!Number.isInteger(retries) || retries < 0 || retries > maxRetriesLimit)) {
    add('max_retries', `must be a whole number from 0 to ${maxRetriesLimit}`);
  }
  return issues;
}

export function assertValidConnectionSettings(settings: ConnectionSettings): void {
  const issues = validateConnectionSettings(settings);
  if (issues.length > 0) {
    throw new ConfigurationError(
      issues.map((i) => `connection settings: ${i.setting}: ${i.message}`).join('\n'),
      issues.map((i) => i.setting),
    );
  }
}

/** Why an endpoint is unusable, or undefined when it is a plain http(s) URL. */
function checkEndpoint(endpoint: string): string | undefined {
  const notAUrl = 'must be an http(s) URL such as https://host:9243';
  // `host:9243` parses as a URL with the scheme `host:`; insist on `scheme://`.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint)) return notAUrl;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return notAUrl;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `must use http or https, not ${url.protocol.replace(/:$/, '')}`;
  if (url.username || url.password) return 'must not contain credentials: use the API key or username/password settings';
  if (url.search || url.hash) return 'must not have a query string or fragment';
  return undefined;
}

function checkTls(block: string, tls: TlsSettings, caFileVariable: string, add: (setting: string, message: string) => void): void {
  if (tls.caCertPem === undefined) return;
  const problem = checkCaBundle(tls.caCertPem);
  if (problem) add(`${block}.ca_cert`, `${problem} (${caFileVariable})`);
}

/** Why a PEM CA bundle is unusable, or undefined when every certificate in it parses. */
export function checkCaBundle(pem: string): string | undefined {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) return 'must contain at least one PEM certificate (-----BEGIN CERTIFICATE-----)';
  for (const [index, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch {
      return `certificate ${index + 1} of the bundle is not a valid X.509 certificate`;
    }
  }
  return undefined;
}

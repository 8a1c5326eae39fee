import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { ConfigurationError } from './configuration-error';
import { assertValidConnectionSettings, checkCaBundle, validateConnectionSettings } from './validate';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

describe('validateConnectionSettings', () => {
  it('accepts usable settings', () => {
    expect(
      validateConnectionSettings({
        elasticsearch: { endpoint: 'https://es.example:9243/prefix', apiKey: 'k' },
        cloud: { endpoint: 'https://api.elastic-cloud.com', apiKey: 'k' },
        secretsKey: 'long enough',
        requestTimeoutMs: 60_000,
        maxRetries: 0,
      }),
    ).toEqual([]);
    expect(validateConnectionSettings({ elasticsearch: { endpoint: 'http://127.0.0.1:9200', username: 'elastic', password: 'p' } })).toEqual([]);
  });

  it.each([
    [{ elasticsearch: { endpoint: 'es.example:9243' } }, 'elasticsearch.endpoint', 'must be an http(s) URL such as https://host:9243 (ELASTICSEARCH_ENDPOINTS)'],
    [{ elasticsearch: { endpoint: 'not a url' } }, 'elasticsearch.endpoint', 'must be an http(s) URL such as https://host:9243 (ELASTICSEARCH_ENDPOINTS)'],
    [{ elasticsearch: { endpoint: 'ftp://es.example' } }, 'elasticsearch.endpoint', 'must use http or https, not ftp (ELASTICSEARCH_ENDPOINTS)'],
    [{ elasticsearch: { endpoint: 'https://u:p@es.example' } }, 'elasticsearch.endpoint', 'must not contain credentials: use the API key or username/password settings (ELASTICSEARCH_ENDPOINTS)'],
    [{ elasticsearch: { endpoint: 'https://es.example?x=1' } }, 'elasticsearch.endpoint', 'must not have a query string or fragment (ELASTICSEARCH_ENDPOINTS)'],
    [{ elasticsearch: { endpoint: 'https://es.example', apiKey: ' ' } }, 'elasticsearch.api_key', 'must not be empty (ELASTICSEARCH_API_KEY)'],
    [{ elasticsearch: { endpoint: 'https://es.example', apiKey: 'k', username: 'u', password: 'p' } }, 'elasticsearch.api_key', 'set either an API key or a username and password, not both'],
    [{ elasticsearch: { endpoint: 'https://es.example', username: 'u' } }, 'elasticsearch.password', 'is required with a username (ELASTICSEARCH_PASSWORD)'],
    [{ elasticsearch: { endpoint: 'https://es.example', password: 'p' } }, 'elasticsearch.username', 'is required with a password (ELASTICSEARCH_USERNAME)'],
    [{ elasticsearch: { endpoint: 'https://es.example', username: 'a:b', password: 'p' } }, 'elasticsearch.username', 'must be a non-empty name without ":" (ELASTICSEARCH_USERNAME)'],
    [{ elasticsearch: { endpoint: 'https://es.example', caCertPem: 'garbage' } }, 'elasticsearch.ca_cert', 'must contain at least one PEM certificate (-----BEGIN CERTIFICATE-----) (ELASTICSEARCH_CA_CERT_FILE)'],
    [{ cloud: { endpoint: 'https://api.elastic-cloud.com', apiKey: '' } }, 'cloud.api_key', 'must not be empty (EC_API_KEY)'],
    [{ cloud: { endpoint: 'api.elastic-cloud.com', apiKey: 'k' } }, 'cloud.endpoint', 'must be an http(s) URL such as https://host:9243 (EC_ENDPOINT)'],
    [{ secretsKey: 'short' }, 'secrets_key', 'must be at least 8 characters (ELASTIC_REMOTE_SECRETS_KEY)'],
    [{ requestTimeoutMs: 0 }, 'request_timeout_ms', 'must be a whole number of milliseconds from 1 to 600000'],
    [{ requestTimeoutMs: 1.5 }, 'request_timeout_ms', 'must be a whole number of milliseconds from 1 to 600000'],
    [{ maxRetries: 11 }, 'max_retries', 'must be a whole number from 0 to 10'],
    [{ maxRetries: -1 }, 'max_retries', 'must be a whole number from 0 to 10'],
  ])('%j: %s %s', (settings, setting, message) => {
    expect(validateConnectionSettings(settings)).toEqual([{ setting, message }]);
  });

  it('never echoes secret values', () => {
    const error = (() => {
      try {
        assertValidConnectionSettings({ elasticsearch: { endpoint: 'https://user:hunter2-secret@es.example', apiKey: 'k' }, secretsKey: 'tiny' });
      } catch (e) {
        return e as ConfigurationError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error?.settings).toEqual(['elasticsearch.endpoint', 'secrets_key']);
    expect(error?.message).toContain('connection settings: elasticsearch.endpoint: must not contain credentials');
    expect(error?.message).not.toMatch(/hunter2|tiny/);
  });
});

describe('checkCaBundle', () => {
  it('accepts real certificates and names the broken one', async () => {
    const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
    const cert = await x509.X509CertificateGenerator.createSelfSigned({ name: 'CN=ca', keys, signingAlgorithm: algorithm });
    const pem = cert.toString('pem');
    expect(checkCaBundle(pem)).toBeUndefined();
    expect(checkCaBundle(`${pem}\n${pem}`)).toBeUndefined();
    expect(checkCaBundle(`${pem}\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----`)).toBe('certificate 2 of the bundle is not a valid X.509 certificate');
  });
});

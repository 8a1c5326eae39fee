import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from './configuration-error';
import { connectionSettingsFromEnv } from './from-env';

describe('connectionSettingsFromEnv', () => {
  it('reads the official providers’ variables', () => {
    const dir = mkdtempSync(join(tmpdir(), 'erc-env-'));
    writeFileSync(join(dir, 'es-ca.pem'), 'ES CA PEM');
    writeFileSync(join(dir, 'ec-ca.pem'), 'EC CA PEM');
    expect(
      connectionSettingsFromEnv({
        ELASTICSEARCH_ENDPOINTS: ' https://a.example:9243 , https://b.example:9243',
        ELASTICSEARCH_API_KEY: 'es-key',
        ELASTICSEARCH_CA_CERT_FILE: join(dir, 'es-ca.pem'),
        EC_API_KEY: 'ec-key',
        EC_ENDPOINT: 'https://ece.example:12443',
        EC_CA_CERT_FILE: join(dir, 'ec-ca.pem'),
        ELASTIC_REMOTE_INSECURE: 'false',
        ELASTIC_REMOTE_SECRETS_KEY: 'passphrase value',
        UNRELATED: 'x',
      }),
    ).toEqual({
      elasticsearch: { endpoint: 'https://a.example:9243', apiKey: 'es-key', caCertPem: 'ES CA PEM', insecureSkipVerify: false },
      cloud: { endpoint: 'https://ece.example:12443', apiKey: 'ec-key', caCertPem: 'EC CA PEM', insecureSkipVerify: false },
      secretsKey: 'passphrase value',
    });
  });

  it('uses basic auth and the ECH default endpoint, and leaves unset APIs out', () => {
    expect(
      connectionSettingsFromEnv({
        ELASTICSEARCH_ENDPOINTS: 'http://localhost:9200',
        ELASTICSEARCH_USERNAME: 'elastic',
        ELASTICSEARCH_PASSWORD: ' pass with spaces ',
        ELASTIC_REMOTE_INSECURE: 'TRUE',
      }),
    ).toEqual({ elasticsearch: { endpoint: 'http://localhost:9200', username: 'elastic', password: ' pass with spaces ', insecureSkipVerify: true } });
    expect(connectionSettingsFromEnv({ EC_API_KEY: 'k' })).toEqual({ cloud: { endpoint: 'https://api.elastic-cloud.com', apiKey: 'k' } });
    expect(connectionSettingsFromEnv({ ELASTICSEARCH_ENDPOINTS: ' , ', ELASTICSEARCH_API_KEY: 'k' })).toEqual({});
  });

  it('lets the per-API insecure variables override the project-wide one', () => {
    const settings = connectionSettingsFromEnv({
      ELASTICSEARCH_ENDPOINTS: 'https://es.example',
      EC_API_KEY: 'k',
      ELASTIC_REMOTE_INSECURE: 'true',
      EC_INSECURE: 'false',
    });
    expect(settings.elasticsearch?.insecureSkipVerify).toBe(true);
    expect(settings.cloud?.insecureSkipVerify).toBe(false);
    expect(connectionSettingsFromEnv({ ELASTICSEARCH_ENDPOINTS: 'https://es.example', ELASTICSEARCH_INSECURE: '1' }).elasticsearch?.insecureSkipVerify).toBe(true);
    expect(() => connectionSettingsFromEnv({ EC_API_KEY: 'k', EC_INSECURE: 'sometimes' })).toThrow('EC_INSECURE: expected true or false');
  });

  it('names the variable when a value is unusable', () => {
    expect(() => connectionSettingsFromEnv({ ELASTIC_REMOTE_INSECURE: 'maybe' })).toThrow(new ConfigurationError('ELASTIC_REMOTE_INSECURE: expected true or false'));
    expect(() => connectionSettingsFromEnv({ ELASTICSEARCH_ENDPOINTS: 'http://x:9200', ELASTICSEARCH_CA_CERT_FILE: '/nonexistent/ca.pem' })).toThrow(
      'ELASTICSEARCH_CA_CERT_FILE: cannot read the CA bundle file /nonexistent/ca.pem (ENOENT)',
    );
  });
});

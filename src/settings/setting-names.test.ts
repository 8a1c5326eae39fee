import { settingLocation } from './setting-names';
import { validateConnectionSettings } from './validate';
import type { ConnectionSettings } from './connection-settings';

describe('settingLocation', () => {
  it('names the ConnectionSettings property of every setting validation can complain about', () => {
    const bad: ConnectionSettings = {
      elasticsearch: { endpoint: 'host:9243', apiKey: ' ', username: 'a:b', password: undefined, caCertPem: 'not a pem' },
      cloud: { endpoint: 'ftp://x', apiKey: '', caCertPem: 'not a pem' },
      secretsKey: 'short',
      requestTimeoutMs: 0,
      maxRetries: -1,
    };
    const issues = validateConnectionSettings(bad);
    expect(issues.length).toBeGreaterThan(8);
    for (const { setting } of issues) {
      const { section, property } = settingLocation(setting);
      const holder = (section ? bad[section] : bad) as object;
      expect([setting, property in holder]).toEqual([setting, true]);
    }
  });

  it('follows the attribute naming rule, the TLS pair excepted', () => {
    expect(settingLocation('secrets_key')).toEqual({ property: 'secretsKey' });
    expect(settingLocation('elasticsearch.api_key')).toEqual({ section: 'elasticsearch', property: 'apiKey' });
    expect(settingLocation('cloud.ca_cert')).toEqual({ section: 'cloud', property: 'caCertPem' });
    expect(settingLocation('elasticsearch.insecure')).toEqual({ section: 'elasticsearch', property: 'insecureSkipVerify' });
  });
});

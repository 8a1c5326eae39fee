import { camelCase, snakeCase } from './attribute-names';

describe('camelCase / snakeCase', () => {
  it('maps snake_case engine names to camelCase props', () => {
    expect(camelCase('proxy_address')).toBe('proxyAddress');
    expect(camelCase('trust_allowlist')).toBe('trustAllowlist');
    expect(camelCase('id')).toBe('id');
    expect(camelCase('node_connections_v2')).toBe('nodeConnectionsV2');
    expect(camelCase('skip_unavailable')).toBe('skipUnavailable');
  });

  it('round-trips engine names', () => {
    for (const name of ['remote_alias', 'proxy_socket_connections', 'trust_allowlist', 'id']) {
      expect(snakeCase(camelCase(name))).toBe(name);
    }
  });
});

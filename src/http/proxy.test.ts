import { proxyFromEnvironment } from './proxy';

const at = (url: string, env: Record<string, string>) => proxyFromEnvironment(new URL(url), env);

describe('proxyFromEnvironment', () => {
  it('uses HTTPS_PROXY for https and HTTP_PROXY for http, either case', () => {
    const env = { HTTPS_PROXY: 'http://secure-proxy:3128', http_proxy: 'http://plain-proxy:3128' };
    expect(at('https://api.elastic-cloud.com', env)).toBe('http://secure-proxy:3128');
    expect(at('http://es.internal:9200', env)).toBe('http://plain-proxy:3128');
    expect(at('https://api.elastic-cloud.com', { HTTP_PROXY: 'http://plain-proxy:3128' })).toBeUndefined();
    expect(at('https://api.elastic-cloud.com', {})).toBeUndefined();
  });

  it('never proxies loopback addresses', () => {
    const env = { HTTPS_PROXY: 'http://p:3128', HTTP_PROXY: 'http://p:3128' };
    for (const url of ['http://127.0.0.1:9200', 'http://127.8.9.10', 'https://localhost:9243', 'http://es.localhost', 'http://[::1]:9200']) {
      expect(at(url, env)).toBeUndefined();
    }
  });

  it('honours NO_PROXY hosts, domains, ports, IPv6 and *', () => {
    const env = (noProxy: string) => ({ HTTPS_PROXY: 'http://p:3128', NO_PROXY: noProxy });
    expect(at('https://es.internal', env('es.internal'))).toBeUndefined();
    expect(at('https://a.b.example.com', env('other, example.com'))).toBeUndefined();
    expect(at('https://a.example.com', env('.example.com'))).toBeUndefined();
    expect(at('https://a.example.com', env('*.example.com'))).toBeUndefined();
    expect(at('https://notexample.com', env('example.com'))).toBe('http://p:3128');
    expect(at('https://es.internal:9243', env('es.internal:9243'))).toBeUndefined();
    expect(at('https://es.internal:9244', env('es.internal:9243'))).toBe('http://p:3128');
    expect(at('https://es.internal', env('es.internal:443'))).toBeUndefined();
    expect(at('https://[2001:db8::1]:9243', env('2001:db8::1'))).toBeUndefined();
    expect(at('https://[2001:db8::1]:9243', env('[2001:db8::1]:9200'))).toBe('http://p:3128');
    expect(at('https://10.1.2.3', env('10.1.2.3'))).toBeUndefined();
    expect(at('https://anything', env('*'))).toBeUndefined();
    expect(at('https://anything', { HTTPS_PROXY: 'http://p:3128', no_proxy: 'anything' })).toBeUndefined();
  });
});

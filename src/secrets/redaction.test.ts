import { redact, redactValue, registerCredentialFields, registerSecret, splitEncodedApiKey } from './redaction';

const encode = (id: string, secret: string) => Buffer.from(`${id}:${secret}`).toString('base64');

describe('redact', () => {
  it('replaces registered secrets, longest first', () => {
    registerSecret('alpha-secret-1');
    registerSecret('alpha-secret-1-and-more');
    expect(redact('a alpha-secret-1-and-more b alpha-secret-1 c')).toBe('a [REDACTED] b [REDACTED] c');
  });

  it('registers the decoded form and secret half of an encoded key, not its id', () => {
    const encoded = encode('VuaCfGcBCdbkQm-e5aOx', 'ui2lp2axTNmsyakw9tvNnw');
    registerSecret(encoded);
    expect(redact(`encoded=${encoded}`)).toBe('encoded=[REDACTED]');
    expect(redact('api_key ui2lp2axTNmsyakw9tvNnw')).toBe('api_key [REDACTED]');
    expect(redact('VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw')).toBe('[REDACTED]');
    expect(redact('key id VuaCfGcBCdbkQm-e5aOx')).toBe('key id VuaCfGcBCdbkQm-e5aOx');
  });

  it('scrubs Authorization-style credentials that were never registered', () => {
    expect(redact('Authorization: ApiKey bm90LXJlZ2lzdGVyZWQ6eHh4eHh4')).toBe('Authorization: [REDACTED]');
    expect(redact('sent ApiKey bm90LXJlZ2lzdGVyZWQ6eHh4eHh4 then')).toBe('sent ApiKey [REDACTED] then');
    expect(redact('Basic ZWxhc3RpYzpjaGFuZ2VtZQ== and Bearer abc.def.ghi-jkl')).toBe('Basic [REDACTED] and Bearer [REDACTED]');
    expect(redact('{"authorization":"Basic ZWxhc3RpYzpjaGFuZ2VtZQ=="}')).toBe('{"authorization":"[REDACTED]"}');
    expect(redact('authorization failed for user [bob]')).toBe('authorization failed for user [bob]');
  });

  it('leaves very short values alone so ordinary text is not mangled', () => {
    registerSecret('abc');
    registerSecret('');
    registerSecret(undefined);
    expect(redact('abc def')).toBe('abc def');
    registerSecret('pw42');
    expect(redact('user pw42')).toBe('user [REDACTED]');
  });

  it('redacts the URL-encoded form too', () => {
    const encoded = encode('urlid', 'a+b/c=d-secret');
    registerSecret(encoded);
    expect(redact(`/x?credentials=${encodeURIComponent(encoded)}`)).toBe('/x?credentials=[REDACTED]');
    expect(redact(`secret=${encodeURIComponent('a+b/c=d-secret')}`)).toBe('secret=[REDACTED]');
  });

  it('redacts every string inside structured values', () => {
    registerSecret('nested-secret-42');
    expect(redactValue({ a: ['x nested-secret-42'], b: { c: 'nested-secret-42' }, n: 1, e: new Error('nested-secret-42 failed') })).toEqual({
      a: ['x [REDACTED]'],
      b: { c: '[REDACTED]' },
      n: 1,
      e: 'Error: [REDACTED] failed',
    });
  });

  it('survives cycles and deep nesting', () => {
    const cyclic: Record<string, unknown> = { name: 'nested-secret-42' };
    cyclic.self = cyclic;
    const copy = redactValue(cyclic) as Record<string, unknown>;
    expect(copy.name).toBe('[REDACTED]');
    expect(JSON.stringify(copy)).toContain('[…]');
  });

  it('registers credentials handed out in API responses', () => {
    registerCredentialFields({ id: 'k1', api_key: 'from-response-secret', encoded: encode('k1', 'from-response-secret'), nested: [{ password: 'user-pass-word' }] });
    expect(redact('from-response-secret user-pass-word k1')).toBe('[REDACTED] [REDACTED] k1');
  });
});

describe('splitEncodedApiKey', () => {
  it('splits standard and URL-safe base64 of id:secret', () => {
    expect(splitEncodedApiKey(encode('id1', 'secret1'))).toEqual({ id: 'id1', secret: 'secret1' });
    expect(splitEncodedApiKey(Buffer.from('id-2:s?>>').toString('base64url'))).toEqual({ id: 'id-2', secret: 's?>>' });
  });
  it('rejects anything else', () => {
    for (const value of ['', 'not base64!', Buffer.from('no-colon').toString('base64'), Buffer.from(':secret').toString('base64'), Buffer.from('id:').toString('base64')]) {
      expect(splitEncodedApiKey(value)).toBeUndefined();
    }
  });
});

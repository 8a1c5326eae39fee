import { ConfigurationError } from '../settings/configuration-error';
import { redact } from './redaction';
import { createSecretBox, isSealed, keyIdOfEncodedKey, sealedPrefix, UnsealError } from './secret-box';

const box = createSecretBox('correct horse battery staple');

describe('SecretBox', () => {
  it('round-trips, with a fresh salt and nonce each time', () => {
    const plain = Buffer.from('keyid:round-trip-secret').toString('base64');
    const a = box.seal(plain);
    const b = box.seal(plain);
    expect(a.startsWith(sealedPrefix)).toBe(true);
    expect(a).not.toBe(b);
    expect(a).not.toContain(plain);
    expect(box.unseal(a)).toBe(plain);
    expect(box.unseal(b)).toBe(plain);
    expect(createSecretBox('correct horse battery staple').unseal(a)).toBe(plain);
    expect(box.isSealed(a)).toBe(true);
    expect(isSealed(plain)).toBe(false);
  });

  it('registers the plain value with the redactor when unsealing', () => {
    const sealed = box.seal('unsealed-then-redacted');
    const other = createSecretBox('correct horse battery staple');
    expect(other.unseal(sealed)).toBe('unsealed-then-redacted');
    expect(redact('value unsealed-then-redacted')).toBe('value [REDACTED]');
  });

  it('detects tampering anywhere in the sealed value', () => {
    const sealed = box.seal('tamper-target-value');
    const body = Buffer.from(sealed.slice(sealedPrefix.length), 'base64url');
    // box salt, seal salt, nonce, tag, ciphertext
    for (const index of [0, 20, 35, 50, body.length - 1]) {
      const altered = Buffer.from(body);
      altered[index] ^= 0x01;
      expect(() => box.unseal(sealedPrefix + altered.toString('base64url'))).toThrow(UnsealError);
    }
    expect(() => box.unseal(sealedPrefix + body.subarray(0, 20).toString('base64url'))).toThrow('the sealed value is truncated');
    expect(() => box.unseal('sealed:v2:' + body.toString('base64url'))).toThrow('not a sealed value');
  });

  it('names the secrets key when the passphrase is wrong, without echoing anything', () => {
    const sealed = box.seal('wrong-passphrase-target');
    const error = (() => {
      try {
        createSecretBox('another passphrase').unseal(sealed);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(UnsealError);
    expect(error?.message).toBe(
      'cannot unseal a secret: it was sealed with a different secrets key (ELASTIC_REMOTE_SECRETS_KEY) or the sealed value was altered',
    );
  });

  it('pays for the passphrase derivation once per process, not per seal or per box', () => {
    createSecretBox('a passphrase for timing').seal('first-seal-value');
    const started = Date.now();
    const fresh = createSecretBox('a passphrase for timing');
    const sealed = Array.from({ length: 50 }, (_, i) => createSecretBox('a passphrase for timing').seal(`value-number-${i}`));
    const elapsed = Date.now() - started;
    expect(new Set(sealed).size).toBe(50);
    expect(sealed.map((v) => fresh.unseal(v))).toEqual(Array.from({ length: 50 }, (_, i) => `value-number-${i}`));
    // 50 scrypt derivations would take seconds; HKDF per seal takes microseconds.
    expect(new Set(sealed.map((v) => v.slice(sealedPrefix.length, sealedPrefix.length + 20))).size).toBe(1);
    expect(elapsed).toBeLessThan(500);
  });

  it('says which setting is missing when no passphrase is configured', () => {
    const unconfigured = createSecretBox();
    expect(() => unconfigured.seal('x')).toThrow(ConfigurationError);
    expect(() => unconfigured.seal('x')).toThrow(/ELASTIC_REMOTE_SECRETS_KEY/);
    // Each front end's own name for the setting: Terraform/CDKTF provider attribute, Pulumi stack configuration key.
    expect(() => unconfigured.seal('x')).toThrow(/secrets_key in the provider configuration \(Pulumi: elasticRemote:secretsKey in the stack configuration\)/);
    expect(() => unconfigured.unseal(box.seal('y-value-here'))).toThrow(/ELASTIC_REMOTE_SECRETS_KEY/);
    expect(unconfigured.isSealed('sealed:v1:abc')).toBe(true);
  });
});

describe('keyIdOfEncodedKey', () => {
  it('returns the id part and keeps the rest secret', () => {
    const encoded = Buffer.from('VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw').toString('base64');
    expect(keyIdOfEncodedKey(encoded)).toBe('VuaCfGcBCdbkQm-e5aOx');
    expect(redact(encoded)).toBe('[REDACTED]');
  });
  it('rejects a value that is not an encoded key without echoing it', () => {
    expect(() => keyIdOfEncodedKey('plain-password-not-a-key')).toThrow('not an encoded API key: expected the base64 encoding of "<id>:<api key>"');
  });
});

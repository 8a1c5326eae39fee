/**
 * Seals secrets kept in state (encoded cross-cluster keys) so state files never hold them in plain
 * text: AES-256-GCM under a key derived from the user's passphrase.
 *
 * Key derivation has two steps so that sealing stays cheap: scrypt(passphrase, box salt) is the slow,
 * guess-resistant step, done once per process and passphrase (the box salt is random per process); then
 * HKDF-SHA256(that key, seal salt) gives each seal its own key from a random per-seal salt. Every
 * seal also has a random nonce, so sealing the same value twice gives different text. Both salts and
 * the nonce travel in the sealed value: `sealed:v1:` + base64url(box salt 16 | seal salt 16 | nonce 12 | tag 16 | ciphertext).
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, scryptSync } from 'node:crypto';
import { ConfigurationError } from '../settings/configuration-error';
import { environmentVariables } from '../settings/connection-settings';
import { registerSecret, splitEncodedApiKey } from './redaction';

export interface SecretBox {
  /** `sealed:v1:<base64url>`; registers the plain value with the redactor. */
  seal(plain: string): string;
  /** The plain value, registered with the redactor. Throws `UnsealError` on tampering or a wrong passphrase. */
  unseal(sealed: string): string;
  isSealed(value: string): boolean;
}

export const sealedPrefix = 'sealed:v1:';

/** The sealed value was altered, truncated, or sealed with another passphrase. */
export class UnsealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsealError';
  }
}

const saltLength = 16;
const nonceLength = 12;
const tagLength = 16;
const headerLength = 2 * saltLength + nonceLength + tagLength;
/** scrypt cost (N=2^14, r=8: 16 MiB, 50-200 ms): makes guessing passphrases expensive. */
const scryptOptions = { N: 1 << 14, r: 8, p: 1 };
const hkdfInfo = Buffer.from('elastic-remote-clusters sealed:v1', 'utf8');
/** Binds the format version into the authentication tag, so a v1 body cannot be replayed as another version. */
const associatedData = Buffer.from(sealedPrefix, 'utf8');

/**
 * Process-wide caches, so front ends that build a box per operation (Pulumi) still pay for scrypt
 * once per passphrase: the derived keys by (passphrase digest, salt), and one box salt per passphrase.
 */
const derivedKeys = new Map<string, Buffer>();
const boxSalts = new Map<string, Buffer>();

export function createSecretBox(passphrase?: string): SecretBox {
  if (passphrase) registerSecret(passphrase);
  const digest = passphrase === undefined ? '' : createHash('sha256').update(passphrase, 'utf8').digest('hex');

  /** The slow scrypt step, once per distinct salt. */
  function passphraseKey(salt: Buffer): Buffer {
    if (!passphrase) {
      throw new ConfigurationError(
        // Named as each front end spells it: the same engine serves Terraform/CDKTF and Pulumi users.
        `no secrets key is configured: set secrets_key in the provider configuration (Pulumi: elasticRemote:secretsKey in the stack configuration) or the ${environmentVariables.secretsKey} environment variable to seal secrets kept in state`,
        ['secretsKey'],
      );
    }
    const cacheKey = `${digest}:${salt.toString('hex')}`;
    let key = derivedKeys.get(cacheKey);
    if (!key) {
      key = scryptSync(passphrase, salt, 32, scryptOptions);
      derivedKeys.set(cacheKey, key);
    }
    return key;
  }

  function boxSalt(): Buffer {
    let salt = boxSalts.get(digest);
    if (!salt) {
      salt = randomBytes(saltLength);
      boxSalts.set(digest, salt);
    }
    return salt;
  }

  function sealKey(salt: Buffer, sealSalt: Buffer): Buffer {
    return Buffer.from(hkdfSync('sha256', passphraseKey(salt), sealSalt, hkdfInfo, 32));
  }

  return {
    isSealed,
    seal(plain: string): string {
      registerSecret(plain);
      const salt = boxSalt();
      const sealSalt = randomBytes(saltLength);
      const nonce = randomBytes(nonceLength);
      const cipher = createCipheriv('aes-256-gcm', sealKey(salt, sealSalt), nonce, { authTagLength: tagLength });
      cipher.setAAD(associatedData);
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return sealedPrefix + Buffer.concat([salt, sealSalt, nonce, cipher.getAuthTag(), ciphertext]).toString('base64url');
    },
    unseal(sealed: string): string {
      if (!isSealed(sealed)) {
        throw new UnsealError(`not a sealed value: expected text starting with "${sealedPrefix}"`);
      }
      const packed = Buffer.from(sealed.slice(sealedPrefix.length), 'base64url');
      if (packed.length < headerLength) {
        throw new UnsealError('cannot unseal a secret: the sealed value is truncated');
      }
      let offset = 0;
      const take = (length: number) => packed.subarray(offset, (offset += length));
      const salt = take(saltLength);
      const sealSalt = take(saltLength);
      const nonce = take(nonceLength);
      const tag = take(tagLength);
      const ciphertext = packed.subarray(offset);
      const decipher = createDecipheriv('aes-256-gcm', sealKey(salt, sealSalt), nonce, { authTagLength: tagLength });
      decipher.setAAD(associatedData);
      decipher.setAuthTag(tag);
      let plain: string;
      try {
        plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw new UnsealError(
          `cannot unseal a secret: it was sealed with a different secrets key (${environmentVariables.secretsKey}) or the sealed value was altered`,
        );
      }
      registerSecret(plain);
      return plain;
    },
  };
}

export function isSealed(value: string): boolean {
  return value.startsWith(sealedPrefix);
}

/**
 * The id half of an encoded API key (base64 of `id:secret`): a non-secret fingerprint for plans
 * ("rotated, key abc → def"). Throws without echoing the input when it is not an encoded key.
 */
export function keyIdOfEncodedKey(encoded: string): string {
  const parts = splitEncodedApiKey(encoded);
  if (!parts) throw new Error('not an encoded API key: expected the base64 encoding of "<id>:<api key>"');
  registerSecret(encoded);
  return parts.id;
}

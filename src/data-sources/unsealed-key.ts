/**
 * `UnsealedKey`: a cross-cluster API key's sealed `encoded` output, unsealed with the provider's secrets
 * key, for the write-only arguments of other providers and steps (the `ec` keystore resource, a Kubernetes
 * Secret for ECK, a keystore step elsewhere) or this provider's `credentials_wo`. Served as an ephemeral
 * resource: the plain key goes to its destination and is never written to a plan or state.
 */
import { z } from 'zod';
import { isSealed, keyIdOfEncodedKey, sealedPrefix } from '../secrets/secret-box';
import { unknownAttributes } from '../resources/cross-cluster-api-key/schema';
import type { DataSourceDefinition } from './definition';

const input = z.strictObject(
  {
    sealed: z
      .string()
      .refine(isSealed, { error: `accepted: the encoded output of a CrossClusterApiKey (text starting with "${sealedPrefix}")` })
      .meta({ description: 'The encoded output of a CrossClusterApiKey (sealed with this provider\'s secrets_key).', sensitive: true }),
  },
  unknownAttributes('sealed'),
);

const output = z.object({
  encoded: z.string().meta({ description: 'The encoded key, in plain text: feed it only to write-only arguments.', sensitive: true }),
  key_id: z.string().meta({ description: 'The key\'s id (not secret), e.g. for a credentials_wo_version.' }),
});

export const unsealedKey: DataSourceDefinition<z.infer<typeof input>, z.infer<typeof output>> = {
  type: 'UnsealedKey',
  tfName: 'unsealed_key',
  description:
    'A cross-cluster API key\'s encoded value, unsealed with the provider\'s secrets_key, as an ephemeral value for write-only arguments (never in plan or state).',
  ephemeral: true,
  input,
  output,
  async read(ctx, { sealed }) {
    const encoded = ctx.secrets.unseal(sealed);
    return { encoded, key_id: keyIdOfEncodedKey(encoded) };
  },
};

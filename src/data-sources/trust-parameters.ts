/**
 * `TrustParameters`: an ECE environment's own trust parameters (its `local` trust relationship), what the
 * other environment of a pair needs in its TrustRelationship, so no installation id or CA certificate is
 * copied by hand (seed 002).
 */
import { z } from 'zod';
import { regionPattern } from '../cloud/identifiers';
import { unknownAttributes } from '../resources/cross-cluster-api-key/schema';
import type { DataSourceDefinition } from './definition';

const input = z.strictObject(
  {
    region: z
      .string()
      .regex(regionPattern, { error: 'accepted: an ECE region name (lowercase letters, digits, - and _, e.g. ece-region)' })
      .optional()
      .meta({ description: 'ECE region whose platform to read (/api/v1/regions/{region}/...); omitted: the coordinator\'s default.' }),
  },
  unknownAttributes('region'),
);

const output = z.object({
  local_relationship_id: z.string().meta({ description: 'The id of the environment\'s own (local) trust relationship.' }),
  name: z.string().meta({ description: 'The environment\'s name for itself.' }),
  installation_id: z.string().meta({ description: 'The environment id: a TrustRelationship\'s installation_id in the other environment.' }),
  public_ca_cert: z.string().meta({ description: 'The environment\'s CA certificate (PEM): a TrustRelationship\'s public_ca_cert in the other environment.' }),
  account_ids: z.array(z.string()).meta({ description: 'The environment\'s account ids: a TrustRelationship\'s account_ids in the other environment.' }),
});

type TrustParametersInput = z.infer<typeof input>;
export type TrustParametersOutput = z.infer<typeof output>;

export const trustParameters: DataSourceDefinition<TrustParametersInput, TrustParametersOutput> = {
  type: 'TrustParameters',
  tfName: 'trust_parameters',
  description: 'An ECE environment\'s own trust parameters (its local trust relationship): installation id, CA certificate and account ids, to declare the other environment\'s TrustRelationship with nothing copied by hand.',
  input,
  output,
  async read(ctx, { region }) {
    const local = await ctx.cloud().getLocalTrustParameters({ region });
    return { local_relationship_id: local.id, name: local.name, installation_id: local.installation_id, public_ca_cert: local.public_ca_cert, account_ids: local.account_ids };
  },
};

/**
 * TrustRelationship inputs and outputs: one remote environment trusted at ECE platform level (its
 * installation id and CA certificate), validated before any request.
 */
import { z } from 'zod';
import { certificateProblem } from '../../cloud/certificates';
import { hex32Problem, regionPattern, scopeIdPattern } from '../../cloud/identifiers';
import { unknownAttributes } from '../cross-cluster-api-key/schema';
import type { ResourceState } from '../definition';

export const resourceType = 'TrustRelationship';

export const trustRelationshipInput = z.strictObject(
  {
    name: z
      .string()
      .min(1, { error: 'a name is required: it identifies the trusted environment in the deployments\' trust settings' })
      .max(256, { error: 'accepted: at most 256 characters' })
      .refine((name) => name === name.trim(), { error: 'must not begin or end with whitespace' })
      .meta({ description: 'Name of the trusted environment, shown in deployments\' trust settings. Updated in place.' }),
    installation_id: z
      .string()
      .regex(scopeIdPattern, {
        error: 'accepted: the remote ECE environment id (lowercase letters and digits, at most 32, e.g. 1053523734), from Platform > Trust Management > Trust parameters',
      })
      .meta({ description: 'The remote environment\'s id (installation id), from its own trust parameters. Updated in place.' }),
    public_ca_cert: z
      .string()
      .superRefine((pem, ctx) => {
        const problem = certificateProblem(pem);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .meta({ description: 'The remote environment\'s CA certificate (PEM), from its own trust parameters. Updated in place.' }),
    trust_by_default: z
      .boolean()
      .default(false)
      .meta({ description: 'Whether every deployment of this environment trusts the remote environment by default. Default false.' }),
    account_ids: z
      .array(
        z.string().superRefine((id, ctx) => {
          const problem = hex32Problem(id, 'account');
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      )
      .default([])
      .superRefine((ids, ctx) => {
        ids.forEach((id, index) => {
          if (ids.indexOf(id) !== index) ctx.addIssue({ code: 'custom', path: [index], message: `${id} is listed twice` });
        });
      })
      .meta({ description: 'The remote environment\'s account ids trusted through this relationship (32 hex each).', unordered: true }),
    region: z
      .string()
      .regex(regionPattern, { error: 'accepted: an ECE region name (lowercase letters, digits, - and _, e.g. ece-region)' })
      .optional()
      .meta({
        description: 'ECE region whose platform holds the relationship (/api/v1/regions/{region}/...); omitted: the coordinator\'s default. Changing it replaces the relationship.',
        forceReplace: true,
      }),
  },
  unknownAttributes('name, installation_id, public_ca_cert, trust_by_default, account_ids, region'),
);

export type TrustRelationshipInput = z.infer<typeof trustRelationshipInput>;

export const trustRelationshipOutput = z.object({
  id: z.string().meta({ description: 'The trust relationship id: what external trust scopes of deployments reference, and what import accepts.', changedBy: [] }),
  last_modified: z.string().optional().meta({ description: 'When the relationship last changed (ISO 8601).' }),
});

export type TrustRelationshipState = ResourceState & TrustRelationshipInput & { last_modified?: string };

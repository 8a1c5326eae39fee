// Generated from the engine's resource definitions (src/resources, describeAttributes) by constructs/codegen.
// Do not edit: after changing a definition run `npm run build && node dist/constructs/codegen/main.js`.

import type { IResolvable, TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { ElasticRemoteResource, type ResourceSchema } from '../resource';

export interface TrustRelationshipProps extends TerraformMetaArguments {
  /**
   * Name of the trusted environment, shown in deployments' trust settings. Updated in place.
   */
  readonly name: string;
  /**
   * The remote environment's id (installation id), from its own trust parameters. Updated in place.
   */
  readonly installationId: string;
  /**
   * The remote environment's CA certificate (PEM), from its own trust parameters. Updated in place.
   */
  readonly publicCaCert: string;
  /**
   * Whether every deployment of this environment trusts the remote environment by default. Default false.
   * @default false
   */
  readonly trustByDefault?: boolean | IResolvable;
  /**
   * The remote environment's account ids trusted through this relationship (32 hex each).
   * @default []
   */
  readonly accountIds?: string[];
  /**
   * ECE region whose platform holds the relationship (/api/v1/regions/{region}/...); omitted: the coordinator's default. Changing it replaces the relationship.
   */
  readonly region?: string;
}

const schema: ResourceSchema = {
  "terraformResourceType": "elasticremote_trust_relationship",
  "inputs": {
    "kind": "object",
    "attributes": {
      "name": { "kind": "scalar" },
      "installation_id": { "kind": "scalar" },
      "public_ca_cert": { "kind": "scalar" },
      "trust_by_default": { "kind": "scalar" },
      "account_ids": {
        "kind": "list",
        "element": { "kind": "scalar" }
      },
      "region": { "kind": "scalar" }
    }
  },
  "sensitiveAttributes": []
};

/**
 * An ECE platform trust relationship: the remote environment (installation id and CA certificate) whose clusters deployments of this environment may trust. Trust must be declared in both environments.
 * Terraform type `elasticremote_trust_relationship`; import id: `<trust relationship id> or <region>/<trust relationship id>`.
 */
export class TrustRelationship extends ElasticRemoteResource {
  static readonly tfResourceType = 'elasticremote_trust_relationship';
  /** Snake_case input attributes and sensitive attributes, derived from the engine definition. */
  static readonly schema = schema;

  constructor(scope: Construct, id: string, props: TrustRelationshipProps) {
    super(scope, id, schema, props);
  }

  /**
   * The trust relationship id: what external trust scopes of deployments reference, and what import accepts.
   */
  get id(): string {
    return this.getStringAttribute('id');
  }

  /**
   * When the relationship last changed (ISO 8601).
   */
  get lastModified(): string {
    return this.getStringAttribute('last_modified');
  }
}

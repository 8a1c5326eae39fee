// Generated from the engine's resource definitions (src/resources, describeAttributes) by constructs/codegen.
// Do not edit: after changing a definition run `npm run build && node dist/constructs/codegen/main.js`.

import type { IResolvable, TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { ElasticRemoteResource, type ResourceSchema } from '../resource';

export interface DeploymentTrustDirect {
  /**
   * Human-readable name of the direct trust; this resource owns the direct trust with this name.
   */
  readonly name: string;
  /**
   * ECE, ESS, generic or proxy. Default generic. A proxy trust has no scope id, allowlist or trust_all.
   * @default "generic"
   */
  readonly type?: "ECE" | "ESS" | "generic" | "proxy";
  /**
   * Scope of the trusted certificates: the ECH organization id or the ECE environment id. Required with trust_all or an allowlist.
   */
  readonly scopeId?: string;
  /**
   * The trusted CA certificates (PEM), one per entry; several entries allow a CA rotation.
   */
  readonly certificates: string[];
  /**
   * Node names trusted in addition to those deduced from scope id and allowlist; required without scope_id. No wildcards.
   */
  readonly additionalNodeNames?: string[];
  /**
   * Trust every cluster of the scope, now and future. Must not be combined with a non-empty trust_allowlist. Default false.
   * @default false
   */
  readonly trustAll?: boolean | IResolvable;
  /**
   * Elasticsearch cluster ids (32 hex, the cluster id, not the deployment id) trusted when trust_all is false. Empty with trust_all false: no cluster of the scope is trusted.
   * @default []
   */
  readonly trustAllowlist?: string[];
}

export interface DeploymentTrustExternal {
  /**
   * The id of the ECE platform trust relationship with the remote environment (see TrustRelationship).
   */
  readonly trustRelationshipId: string;
  /**
   * Trust every cluster of the scope, now and future. Must not be combined with a non-empty trust_allowlist. Default false.
   * @default false
   */
  readonly trustAll?: boolean | IResolvable;
  /**
   * Elasticsearch cluster ids (32 hex, the cluster id, not the deployment id) trusted when trust_all is false. Empty with trust_all false: no cluster of the scope is trusted.
   * @default []
   */
  readonly trustAllowlist?: string[];
}

export interface DeploymentTrustAccounts {
  /**
   * The account id: the ECH organization id or the ECE environment account id (32 hex).
   */
  readonly accountId: string;
  /**
   * Trust every cluster of the scope, now and future. Must not be combined with a non-empty trust_allowlist. Default false.
   * @default false
   */
  readonly trustAll?: boolean | IResolvable;
  /**
   * Elasticsearch cluster ids (32 hex, the cluster id, not the deployment id) trusted when trust_all is false. Empty with trust_all false: no cluster of the scope is trusted.
   * @default []
   */
  readonly trustAllowlist?: string[];
}

export interface DeploymentTrustProps extends TerraformMetaArguments {
  /**
   * The deployment whose Elasticsearch resource trusts the scopes (32 hex). Changing it replaces the resource.
   */
  readonly deploymentId: string;
  /**
   * The ref id of the Elasticsearch resource in the deployment. Default main-elasticsearch. Changing it replaces the resource.
   * @default "main-elasticsearch"
   */
  readonly refId?: string;
  /**
   * Account trust scopes this resource owns.
   * @default []
   */
  readonly accounts?: DeploymentTrustAccounts[] | IResolvable;
  /**
   * External (ECE trust relationship) scopes this resource owns.
   * @default []
   */
  readonly external?: DeploymentTrustExternal[] | IResolvable;
  /**
   * Direct trust scopes (by name) this resource owns.
   * @default []
   */
  readonly direct?: DeploymentTrustDirect[] | IResolvable;
  /**
   * When an allowlist entry under an account is a deployment id of this Cloud environment, use that deployment's Elasticsearch cluster id instead of failing. Default false.
   * @default false
   */
  readonly resolveDeploymentIds?: boolean | IResolvable;
}

const schema: ResourceSchema = {
  "terraformResourceType": "elasticremote_deployment_trust",
  "inputs": {
    "kind": "object",
    "attributes": {
      "deployment_id": { "kind": "scalar" },
      "ref_id": { "kind": "scalar" },
      "accounts": {
        "kind": "list",
        "element": {
          "kind": "object",
          "attributes": {
            "account_id": { "kind": "scalar" },
            "trust_all": { "kind": "scalar" },
            "trust_allowlist": {
              "kind": "list",
              "element": { "kind": "scalar" }
            }
          }
        }
      },
      "external": {
        "kind": "list",
        "element": {
          "kind": "object",
          "attributes": {
            "trust_relationship_id": { "kind": "scalar" },
            "trust_all": { "kind": "scalar" },
            "trust_allowlist": {
              "kind": "list",
              "element": { "kind": "scalar" }
            }
          }
        }
      },
      "direct": {
        "kind": "list",
        "element": {
          "kind": "object",
          "attributes": {
            "name": { "kind": "scalar" },
            "type": { "kind": "scalar" },
            "scope_id": { "kind": "scalar" },
            "certificates": {
              "kind": "list",
              "element": { "kind": "scalar" }
            },
            "additional_node_names": {
              "kind": "list",
              "element": { "kind": "scalar" }
            },
            "trust_all": { "kind": "scalar" },
            "trust_allowlist": {
              "kind": "list",
              "element": { "kind": "scalar" }
            }
          }
        }
      },
      "resolve_deployment_ids": { "kind": "scalar" }
    }
  },
  "sensitiveAttributes": []
};

/**
 * The trust settings one Elasticsearch resource of an ECH/ECE deployment declares: account, external (ECE trust relationship) and direct trust scopes, each with trust_all or an allowlist of Elasticsearch cluster ids. Owns only the scopes it declares; other scopes, account names and direct certificates are preserved.
 * Terraform type `elasticremote_deployment_trust`; import id: `<deployment id>/<ref id>/<kind>:<scope id>[,<kind>:<scope id>...] (kind: account, external or direct)`.
 */
export class DeploymentTrust extends ElasticRemoteResource {
  static readonly tfResourceType = 'elasticremote_deployment_trust';
  /** Snake_case input attributes and sensitive attributes, derived from the engine definition. */
  static readonly schema = schema;

  constructor(scope: Construct, id: string, props: DeploymentTrustProps) {
    super(scope, id, schema, props);
  }

  /**
   * deployment id/ref id/scopes (<kind>:<id>, comma separated): what import accepts.
   */
  get id(): string {
    return this.getStringAttribute('id');
  }

  /**
   * The Elasticsearch cluster id of this resource: what the other side puts in its allowlist.
   */
  get clusterId(): string {
    return this.getStringAttribute('cluster_id');
  }

  /**
   * Deployment ids given in allowlists, with the cluster id each was resolved to (resolve_deployment_ids).
   */
  get resolvedClusterIds(): Record<string, string> {
    return this.getStringMapAttribute('resolved_cluster_ids');
  }
}

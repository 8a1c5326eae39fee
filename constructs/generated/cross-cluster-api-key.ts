// Generated from the engine's resource definitions (src/resources, describeAttributes) by constructs/codegen.
// Do not edit: after changing a definition run `npm run build && node dist/constructs/codegen/main.js`.

import type { IResolvable, TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { ElasticRemoteResource, type ResourceSchema } from '../resource';

export interface CrossClusterApiKeyAccess {
  /**
   * Cross-cluster search access entries.
   */
  readonly search?: CrossClusterApiKeyAccessSearch[] | IResolvable;
  /**
   * Cross-cluster replication access entries.
   */
  readonly replication?: CrossClusterApiKeyAccessReplication[] | IResolvable;
}

export interface CrossClusterApiKeyAccessReplication {
  /**
   * Index names or patterns (wildcards, or /regular expressions/) the entry grants access to.
   */
  readonly names: string[];
  /**
   * Set to true when the patterns must also cover restricted (system) indices. Default false.
   */
  readonly allowRestrictedIndices?: boolean | IResolvable;
}

export interface CrossClusterApiKeyAccessSearch {
  /**
   * Index names or patterns (wildcards, or /regular expressions/) the entry grants access to.
   */
  readonly names: string[];
  /**
   * Document level security: a query (JSON text) the documents must match to be visible.
   */
  readonly query?: string;
  /**
   * Field level security: which fields are visible.
   */
  readonly fieldSecurity?: CrossClusterApiKeyAccessSearchFieldSecurity;
  /**
   * Set to true when the patterns must also cover restricted (system) indices. Default false.
   */
  readonly allowRestrictedIndices?: boolean | IResolvable;
}

export interface CrossClusterApiKeyAccessSearchFieldSecurity {
  /**
   * Fields visible (wildcards allowed).
   */
  readonly grant?: string[];
  /**
   * Fields hidden even when granted.
   */
  readonly except?: string[];
}

export interface CrossClusterApiKeyProps extends TerraformMetaArguments {
  /**
   * Name of the API key. Changing it replaces the key.
   */
  readonly name: string;
  /**
   * What the remote cluster may do with this key: search and/or replication access, each a list of index entries. Updated in place.
   */
  readonly access: CrossClusterApiKeyAccess;
  /**
   * How long the key is valid from its creation, in Elasticsearch time units (e.g. 90d). Omitted: never expires. Changing it replaces the key.
   */
  readonly expiration?: string;
  /**
   * String metadata stored with the key. Updated in place.
   */
  readonly metadata?: Record<string, string>;
  /**
   * Elasticsearch 9.3+: a regular expression the distinguished name of the remote cluster's signing certificate must match (strong identity verification). Updated in place.
   */
  readonly certificateIdentity?: string;
  /**
   * Declarative rotation: once the key is this old (Elasticsearch time units, e.g. 30d), the plan replaces it and says why. The age is judged by the cluster's clock (its HTTP Date header) where it sends one. Order the replacement create-before-destroy, so connections get the new key before the old one is invalidated. Changing it changes nothing in Elasticsearch.
   */
  readonly rotateAfter?: string;
  /**
   * How long before the key's expiration_time a plan warns, so a scheduled plan catches an expiry before the outage (default 14d). Changing it changes nothing in Elasticsearch.
   */
  readonly expiryWarning?: string;
}

const schema: ResourceSchema = {
  "terraformResourceType": "elasticremote_cross_cluster_api_key",
  "inputs": {
    "kind": "object",
    "attributes": {
      "name": { "kind": "scalar" },
      "access": {
        "kind": "object",
        "attributes": {
          "search": {
            "kind": "list",
            "element": {
              "kind": "object",
              "attributes": {
                "names": {
                  "kind": "list",
                  "element": { "kind": "scalar" }
                },
                "query": { "kind": "scalar" },
                "field_security": {
                  "kind": "object",
                  "attributes": {
                    "grant": {
                      "kind": "list",
                      "element": { "kind": "scalar" }
                    },
                    "except": {
                      "kind": "list",
                      "element": { "kind": "scalar" }
                    }
                  }
                },
                "allow_restricted_indices": { "kind": "scalar" }
              }
            }
          },
          "replication": {
            "kind": "list",
            "element": {
              "kind": "object",
              "attributes": {
                "names": {
                  "kind": "list",
                  "element": { "kind": "scalar" }
                },
                "allow_restricted_indices": { "kind": "scalar" }
              }
            }
          }
        }
      },
      "expiration": { "kind": "scalar" },
      "metadata": {
        "kind": "map",
        "element": { "kind": "scalar" }
      },
      "certificate_identity": { "kind": "scalar" },
      "rotate_after": { "kind": "scalar" },
      "expiry_warning": { "kind": "scalar" }
    }
  },
  "sensitiveAttributes": [
    "encoded"
  ]
};

/**
 * A cross-cluster API key on the remote cluster (POST /_security/cross_cluster/api_key) granting search and/or replication access; its encoded value is the credential a RemoteClusterConnection on the local cluster stores in its keystore. Access, metadata and certificate identity update in place; name and expiration replace the key. An imported key has no encoded output: Elasticsearch returns the secret only when a key is created.
 * Terraform type `elasticremote_cross_cluster_api_key`; import id: `<key id>`.
 */
export class CrossClusterApiKey extends ElasticRemoteResource {
  static readonly tfResourceType = 'elasticremote_cross_cluster_api_key';
  /** Snake_case input attributes and sensitive attributes, derived from the engine definition. */
  static readonly schema = schema;

  constructor(scope: Construct, id: string, props: CrossClusterApiKeyProps) {
    super(scope, id, schema, props);
  }

  /**
   * The API key id (not secret): the key's identity and the fingerprint connections show.
   */
  get id(): string {
    return this.getStringAttribute('id');
  }

  /**
   * The encoded key (base64 of id:api_key) to put in cluster.remote.<alias>.credentials, sealed with the secrets key (sealed:v1:…) so state never holds it in plain text. Not available after import: Elasticsearch returns a key's secret only when it is created.
   * Sensitive: a token only; an output that reads it is marked sensitive.
   */
  get encoded(): string {
    return this.getStringAttribute('encoded');
  }

  /**
   * When the key was created (ISO 8601).
   */
  get creationTime(): string {
    return this.getStringAttribute('creation_time');
  }

  /**
   * When the key expires (ISO 8601); absent when it never expires.
   */
  get expirationTime(): string {
    return this.getStringAttribute('expiration_time');
  }
}

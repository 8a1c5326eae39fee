// Generated from the engine's resource definitions (src/resources, describeAttributes) by constructs/codegen.
// Do not edit: after changing a definition run `npm run build && node dist/constructs/codegen/main.js`.

import type { IResolvable, TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { ElasticRemoteResource, type ResourceSchema } from '../resource';

export interface RemoteAccessRoleExpectedRemoteAccess {
  /**
   * The alias the configuration connects (e.g. the alias of a RemoteClusterConnection).
   */
  readonly alias: string;
  /**
   * The access of the cross-cluster API key that alias connects with (the access of a CrossClusterApiKey).
   */
  readonly access: RemoteAccessRoleExpectedRemoteAccessAccess;
}

export interface RemoteAccessRoleExpectedRemoteAccessAccess {
  /**
   * Cross-cluster search access entries.
   */
  readonly search?: RemoteAccessRoleExpectedRemoteAccessAccessSearch[] | IResolvable;
  /**
   * Cross-cluster replication access entries.
   */
  readonly replication?: RemoteAccessRoleExpectedRemoteAccessAccessReplication[] | IResolvable;
}

export interface RemoteAccessRoleExpectedRemoteAccessAccessReplication {
  /**
   * Index names or patterns (wildcards, or /regular expressions/) the entry grants access to.
   */
  readonly names: string[];
  /**
   * Set to true when the patterns must also cover restricted (system) indices. Default false.
   */
  readonly allowRestrictedIndices?: boolean | IResolvable;
}

export interface RemoteAccessRoleExpectedRemoteAccessAccessSearch {
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
  readonly fieldSecurity?: RemoteAccessRoleExpectedRemoteAccessAccessSearchFieldSecurity;
  /**
   * Set to true when the patterns must also cover restricted (system) indices. Default false.
   */
  readonly allowRestrictedIndices?: boolean | IResolvable;
}

export interface RemoteAccessRoleExpectedRemoteAccessAccessSearchFieldSecurity {
  /**
   * Fields visible (wildcards allowed).
   */
  readonly grant?: string[];
  /**
   * Fields hidden even when granted.
   */
  readonly except?: string[];
}

export interface RemoteAccessRoleIndices {
  /**
   * Index names or patterns (wildcards, or /regular expressions/) on the local cluster.
   */
  readonly names: string[];
  /**
   * Index privileges granted on those indices (e.g. read, read_cross_cluster, view_index_metadata; cross_cluster_replication and cross_cluster_replication_internal for replication).
   */
  readonly privileges: string[];
  /**
   * Field level security: which fields are visible.
   */
  readonly fieldSecurity?: RemoteAccessRoleIndicesFieldSecurity;
  /**
   * Document level security: a query (JSON text) the documents must match to be visible.
   */
  readonly query?: string;
  /**
   * Set to true when the patterns must also cover restricted (system) indices. Default false.
   */
  readonly allowRestrictedIndices?: boolean | IResolvable;
}

export interface RemoteAccessRoleIndicesFieldSecurity {
  /**
   * Fields visible (wildcards allowed).
   */
  readonly grant?: string[];
  /**
   * Fields hidden even when granted.
   */
  readonly except?: string[];
}

export interface RemoteAccessRoleRemoteCluster {
  /**
   * Remote cluster aliases (or wildcard patterns over aliases) the grant applies to: the alias of a RemoteClusterConnection.
   */
  readonly clusters: string[];
  /**
   * Cluster privileges on the remote cluster: monitor_enrich (ES|QL and enrich across clusters) and/or monitor_stats.
   */
  readonly privileges: string[];
}

export interface RemoteAccessRoleRemoteIndices {
  /**
   * Remote cluster aliases (or wildcard patterns over aliases) the grant applies to: the alias of a RemoteClusterConnection.
   */
  readonly clusters: string[];
  /**
   * Index names or patterns (wildcards, or /regular expressions/) on the remote cluster.
   */
  readonly names: string[];
  /**
   * Index privileges granted on those indices (e.g. read, read_cross_cluster, view_index_metadata; cross_cluster_replication and cross_cluster_replication_internal for replication).
   */
  readonly privileges: string[];
  /**
   * Field level security: which fields are visible.
   */
  readonly fieldSecurity?: RemoteAccessRoleRemoteIndicesFieldSecurity;
  /**
   * Document level security: a query (JSON text) the documents must match to be visible.
   */
  readonly query?: string;
  /**
   * Set to true when the patterns must also cover restricted (system) indices. Default false.
   */
  readonly allowRestrictedIndices?: boolean | IResolvable;
}

export interface RemoteAccessRoleRemoteIndicesFieldSecurity {
  /**
   * Fields visible (wildcards allowed).
   */
  readonly grant?: string[];
  /**
   * Fields hidden even when granted.
   */
  readonly except?: string[];
}

export interface RemoteAccessRoleProps extends TerraformMetaArguments {
  /**
   * Name of the role on the local cluster (what users' roles list). Changing it replaces the role.
   */
  readonly name: string;
  /**
   * What the role is for (Elasticsearch 8.15+). Updated in place.
   */
  readonly description?: string;
  /**
   * Index privileges on remote clusters, each for the given aliases and index patterns (cross-cluster search and replication). Updated in place.
   */
  readonly remoteIndices?: RemoteAccessRoleRemoteIndices[] | IResolvable;
  /**
   * Cluster privileges on remote clusters (monitor_enrich, monitor_stats). Updated in place.
   */
  readonly remoteCluster?: RemoteAccessRoleRemoteCluster[] | IResolvable;
  /**
   * Local cluster privileges (the role's cluster field). Cross-cluster search needs none; cross-cluster replication needs manage_ccr on the local cluster. Updated in place.
   */
  readonly clusterPrivileges?: string[];
  /**
   * Local index privileges. Cross-cluster search needs none; replication needs monitor, read, write and manage_follow_index on the follower indices. On the certificate model, the role of the same name on the remote cluster holds the index privileges here (the remote resolves the user's role names). Updated in place.
   */
  readonly indices?: RemoteAccessRoleIndices[] | IResolvable;
  /**
   * String metadata stored with the role. Updated in place.
   */
  readonly metadata?: Record<string, string>;
  /**
   * What the configuration connects, so plans can tell when a grant cannot work: for each alias, the access of its cross-cluster API key (fill by reference: alias = the connection's alias, access = the key's access). A grant naming indices the key does not allow, or aliases not listed here, warns at plan. Changing it changes nothing in Elasticsearch.
   */
  readonly expectedRemoteAccess?: RemoteAccessRoleExpectedRemoteAccess[] | IResolvable;
}

const schema: ResourceSchema = {
  "terraformResourceType": "elasticremote_remote_access_role",
  "inputs": {
    "kind": "object",
    "attributes": {
      "name": { "kind": "scalar" },
      "description": { "kind": "scalar" },
      "remote_indices": {
        "kind": "list",
        "element": {
          "kind": "object",
          "attributes": {
            "clusters": {
              "kind": "list",
              "element": { "kind": "scalar" }
            },
            "names": {
              "kind": "list",
              "element": { "kind": "scalar" }
            },
            "privileges": {
              "kind": "list",
              "element": { "kind": "scalar" }
            },
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
            "query": { "kind": "scalar" },
            "allow_restricted_indices": { "kind": "scalar" }
          }
        }
      },
      "remote_cluster": {
        "kind": "list",
        "element": {
          "kind": "object",
          "attributes": {
            "clusters": {
              "kind": "list",
              "element": { "kind": "scalar" }
            },
            "privileges": {
              "kind": "list",
              "element": { "kind": "scalar" }
            }
          }
        }
      },
      "cluster_privileges": {
        "kind": "list",
        "element": { "kind": "scalar" }
      },
      "indices": {
        "kind": "list",
        "element": {
          "kind": "object",
          "attributes": {
            "names": {
              "kind": "list",
              "element": { "kind": "scalar" }
            },
            "privileges": {
              "kind": "list",
              "element": { "kind": "scalar" }
            },
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
            "query": { "kind": "scalar" },
            "allow_restricted_indices": { "kind": "scalar" }
          }
        }
      },
      "metadata": {
        "kind": "map",
        "element": { "kind": "scalar" }
      },
      "expected_remote_access": {
        "kind": "list",
        "element": {
          "kind": "object",
          "attributes": {
            "alias": { "kind": "scalar" },
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
            }
          }
        }
      }
    }
  },
  "sensitiveAttributes": []
};

/**
 * A role on the local cluster (PUT /_security/role/{name}) with remote_indices and remote_cluster grants: what its users may search or replicate through remote cluster aliases, within what each alias's cross-cluster API key allows. With expected_remote_access (the aliases and key access the configuration connects), plans warn about grants that cannot work. Grants, description and metadata update in place; the name replaces the role. Import by role name.
 * Terraform type `elasticremote_remote_access_role`; import id: `<role name>`.
 */
export class RemoteAccessRole extends ElasticRemoteResource {
  static readonly tfResourceType = 'elasticremote_remote_access_role';
  /** Snake_case input attributes and sensitive attributes, derived from the engine definition. */
  static readonly schema = schema;

  constructor(scope: Construct, id: string, props: RemoteAccessRoleProps) {
    super(scope, id, schema, props);
  }

  /**
   * The role name (what import takes).
   */
  get id(): string {
    return this.getStringAttribute('id');
  }
}

// Generated from the engine's resource definitions (src/resources, describeAttributes) by constructs/codegen.
// Do not edit: after changing a definition run `npm run build && node dist/constructs/codegen/main.js`.

import type { IResolvable, TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { ElasticRemoteResource, type ResourceSchema } from '../resource';

export interface RemoteClusterSigningTrustProps extends TerraformMetaArguments {
  /**
   * cluster.remote.signing.certificate_authorities: CA certificates (PEM paths in the nodes' config directory) that issued the local clusters' signing certificates. On ECH, internal_tls_ca.crt is the regional CA of every deployment (local clusters of the same provider and region); another region's CA or your own must first be uploaded as a bundle, an operator step.
   */
  readonly certificateAuthorities?: string[];
  /**
   * cluster.remote.signing.truststore.path: a truststore of those CAs instead of certificate_authorities. Its password, cluster.remote.signing.truststore.secure_password, is a keystore secure setting: add it with elasticsearch-keystore on every node (ECH/ECE: the deployment keystore).
   */
  readonly truststorePath?: string;
  /**
   * cluster.remote.signing.truststore.type (needs truststore_path).
   */
  readonly truststoreType?: "jks" | "PKCS12";
  /**
   * cluster.remote.signing.truststore.algorithm (needs truststore_path).
   */
  readonly truststoreAlgorithm?: string;
  /**
   * cluster.remote.signing.diagnose.trust: log why a signature is not trusted (Elasticsearch default true).
   */
  readonly diagnoseTrust?: boolean | IResolvable;
}

const schema: ResourceSchema = {
  "terraformResourceType": "elasticremote_remote_cluster_signing_trust",
  "inputs": {
    "kind": "object",
    "attributes": {
      "certificate_authorities": {
        "kind": "list",
        "element": { "kind": "scalar" }
      },
      "truststore_path": { "kind": "scalar" },
      "truststore_type": { "kind": "scalar" },
      "truststore_algorithm": { "kind": "scalar" },
      "diagnose_trust": { "kind": "scalar" }
    }
  },
  "sensitiveAttributes": []
};

/**
 * Strong identity verification (Elasticsearch 9.3) on the remote cluster: the cluster.remote.signing.* settings (dynamic cluster settings, one set per cluster) with which it verifies the signatures of cross-cluster requests, i.e. the CAs of the local clusters' signing certificates. Pair it with a CrossClusterApiKey's certificate_identity and the local RemoteClusterConnection's signing_* attributes. The truststore password is a keystore secure setting: an operator step.
 * Terraform type `elasticremote_remote_cluster_signing_trust`; import id: `cluster.remote.signing`.
 */
export class RemoteClusterSigningTrust extends ElasticRemoteResource {
  static readonly tfResourceType = 'elasticremote_remote_cluster_signing_trust';
  /** Snake_case input attributes and sensitive attributes, derived from the engine definition. */
  static readonly schema = schema;

  constructor(scope: Construct, id: string, props: RemoteClusterSigningTrustProps) {
    super(scope, id, schema, props);
  }

  /**
   * Always cluster.remote.signing (one per cluster).
   */
  get id(): string {
    return this.getStringAttribute('id');
  }
}

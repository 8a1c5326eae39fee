// Generated from the engine's resource definitions (src/resources, describeAttributes) by constructs/codegen.
// Do not edit: after changing a definition run `npm run build && node dist/constructs/codegen/main.js`.

import type { IResolvable, TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { ElasticRemoteResource, type ResourceSchema } from '../resource';

export interface RemoteClusterConnectionRemoteCloud {
  /**
   * The remote deployment's id.
   */
  readonly deploymentId: string;
  /**
   * The ref id of the remote deployment's Elasticsearch resource.
   * @default "main-elasticsearch"
   */
  readonly refId?: string;
}

export interface RemoteClusterConnectionRemoteDeployment {
  /**
   * The remote deployment's id.
   */
  readonly deploymentId: string;
  /**
   * The ref id of the remote deployment's Elasticsearch resource.
   * @default "main-elasticsearch"
   */
  readonly refId?: string;
}

export interface RemoteClusterConnectionCloud {
  /**
   * The local deployment's id.
   */
  readonly deploymentId: string;
  /**
   * The ref id of the local deployment's Elasticsearch resource.
   * @default "main-elasticsearch"
   */
  readonly refId?: string;
}

export interface RemoteClusterConnectionProps extends TerraformMetaArguments {
  /**
   * The remote cluster alias (cluster.remote.<alias>.*), used in index expressions as <alias>:index. Changing it replaces the connection.
   */
  readonly alias: string;
  /**
   * Connection mode: proxy (all traffic through proxy_address) or sniff (discovers nodes from seeds). Elasticsearch's default is sniff.
   * @default "sniff"
   */
  readonly mode?: "sniff" | "proxy";
  /**
   * proxy mode: host:port of the remote cluster (port 9443 for the API-key model, 9300 for the certificate model).
   */
  readonly proxyAddress?: string;
  /**
   * proxy mode: the TLS server name sent to the proxy (SNI).
   */
  readonly serverName?: string;
  /**
   * proxy mode: sockets to open to the remote cluster (Elasticsearch default 18).
   */
  readonly proxySocketConnections?: number;
  /**
   * sniff mode: host:port seed nodes of the remote cluster.
   */
  readonly seeds?: string[];
  /**
   * sniff mode: gateway nodes to connect to (Elasticsearch default 3).
   */
  readonly nodeConnections?: number;
  /**
   * Skip this cluster in cross-cluster searches when it is unavailable (Elasticsearch default true since 8.15).
   */
  readonly skipUnavailable?: boolean | IResolvable;
  /**
   * cluster.remote.<alias>.transport.ping_schedule: keep-alive ping interval.
   */
  readonly transportPingSchedule?: string;
  /**
   * cluster.remote.<alias>.transport.compress.
   */
  readonly transportCompress?: "true" | "indexing_data" | "false";
  /**
   * API-key security model: the encoded cross-cluster API key (plain or sealed) for the keystore setting cluster.remote.<alias>.credentials. State keeps only the sealed value and the key id. With `cloud` it is written through the Cloud keystore API; on a self-managed cluster the keystore cannot be written through an API: an operator adds it (elasticsearch-keystore add, then reload), and the apply fails, naming that step, until every node's keystore is seen holding it (and, for a new key, changed since the previous one), so a key is never recorded as installed when it is not.
   * Sensitive: pass it from a `TerraformVariable` with `sensitive: true` or another resource's output, never a literal in code.
   */
  readonly credentials?: string;
  /**
   * Write-only form of credentials (OpenTofu/Terraform 1.11+): the encoded key is applied like credentials but never kept in plan or state, not even sealed (state keeps the key id). Needs credentials_wo_version; excludes credentials.
   * Sensitive: pass it from a `TerraformVariable` with `sensitive: true` or another resource's output, never a literal in code.
   */
  readonly credentialsWo?: string;
  /**
   * Required with credentials_wo: change it to apply credentials_wo again (a rotation); a new key id in credentials_wo is a rotation too.
   */
  readonly credentialsWoVersion?: string;
  /**
   * Self-managed clusters only: the id of the key an operator step put in every node's keystore, set by that step (e.g. a pipeline variable). Needed only where the tool cannot see the keystore change itself: clusters whose reload answer has no keystore details (before 9.x), or a connection imported or recorded by an older version.
   */
  readonly keystoreConfirmedKeyId?: string;
  /**
   * Strong identity verification (9.3): cluster.remote.<alias>.signing.certificate, the certificate the local cluster signs cross-cluster requests with (a dynamic cluster setting). ECH/ECE: node.crt is the transport certificate every deployment has; your own files must first be uploaded as a bundle (/app/config/<bundle>/...), an operator step. Needs signing_key.
   */
  readonly signingCertificate?: string;
  /**
   * cluster.remote.<alias>.signing.key: the private key of signing_certificate (e.g. node.key on ECH/ECE). Passphrases (cluster.remote.<alias>.signing.key.secure_passphrase, signing.keystore.secure_password, signing.keystore.secure_key_password) are keystore secure settings: add them with elasticsearch-keystore on every node (ECH/ECE: the deployment keystore), not here.
   */
  readonly signingKey?: string;
  /**
   * cluster.remote.<alias>.signing.keystore.path: a keystore holding the signing key and certificate, instead of signing_certificate / signing_key.
   */
  readonly signingKeystorePath?: string;
  /**
   * cluster.remote.<alias>.signing.keystore.type (needs signing_keystore_path).
   */
  readonly signingKeystoreType?: "jks" | "PKCS12";
  /**
   * cluster.remote.<alias>.signing.keystore.alias: which key entry of signing_keystore_path signs (needs signing_keystore_path).
   */
  readonly signingKeystoreAlias?: string;
  /**
   * The certificate_identity of the cross-cluster API key in credentials (the CrossClusterApiKey's certificate_identity): the remote cluster accepts requests only signed by a certificate whose DN matches it, so it needs signing settings here; a link that does not connect is diagnosed against the signing certificate's DN.
   */
  readonly certificateIdentity?: string;
  /**
   * The ECH/ECE deployment this cluster belongs to: credentials go to its keystore through the Cloud API. Omitted: a self-managed (or ECK) cluster. Changing it replaces the connection.
   */
  readonly cloud?: RemoteClusterConnectionCloud;
  /**
   * Certificate security model within one Cloud environment: the remote deployment, connected through the Cloud remote-clusters API (which writes the cluster settings itself). Needs `cloud`; excludes credentials and addresses. Changing it replaces the connection.
   */
  readonly remoteDeployment?: RemoteClusterConnectionRemoteDeployment;
  /**
   * API-key model: the remote cluster's ECH/ECE deployment, when the provider's Cloud API can read it (same organization or environment). Only read, to explain a link that does not connect: its traffic filter rule sets, and the rule that would let the local cluster in.
   */
  readonly remoteCloud?: RemoteClusterConnectionRemoteCloud;
  /**
   * After apply, wait until _remote/info reports the alias connected; fail with a diagnosis otherwise.
   * @default false
   */
  readonly waitForConnected?: boolean | IResolvable;
  /**
   * How long wait_for_connected waits.
   * @default "60s"
   */
  readonly waitTimeout?: string;
}

const schema: ResourceSchema = {
  "terraformResourceType": "elasticremote_remote_cluster_connection",
  "inputs": {
    "kind": "object",
    "attributes": {
      "alias": { "kind": "scalar" },
      "mode": { "kind": "scalar" },
      "proxy_address": { "kind": "scalar" },
      "server_name": { "kind": "scalar" },
      "proxy_socket_connections": { "kind": "scalar" },
      "seeds": {
        "kind": "list",
        "element": { "kind": "scalar" }
      },
      "node_connections": { "kind": "scalar" },
      "skip_unavailable": { "kind": "scalar" },
      "transport_ping_schedule": { "kind": "scalar" },
      "transport_compress": { "kind": "scalar" },
      "credentials": { "kind": "scalar" },
      "credentials_wo": { "kind": "scalar" },
      "credentials_wo_version": { "kind": "scalar" },
      "keystore_confirmed_key_id": { "kind": "scalar" },
      "signing_certificate": { "kind": "scalar" },
      "signing_key": { "kind": "scalar" },
      "signing_keystore_path": { "kind": "scalar" },
      "signing_keystore_type": { "kind": "scalar" },
      "signing_keystore_alias": { "kind": "scalar" },
      "certificate_identity": { "kind": "scalar" },
      "cloud": {
        "kind": "object",
        "attributes": {
          "deployment_id": { "kind": "scalar" },
          "ref_id": { "kind": "scalar" }
        }
      },
      "remote_deployment": {
        "kind": "object",
        "attributes": {
          "deployment_id": { "kind": "scalar" },
          "ref_id": { "kind": "scalar" }
        }
      },
      "remote_cloud": {
        "kind": "object",
        "attributes": {
          "deployment_id": { "kind": "scalar" },
          "ref_id": { "kind": "scalar" }
        }
      },
      "wait_for_connected": { "kind": "scalar" },
      "wait_timeout": { "kind": "scalar" }
    }
  },
  "sensitiveAttributes": [
    "credentials",
    "credentials_wo"
  ]
};

/**
 * A remote cluster alias on the local cluster (cluster.remote.<alias>.* persistent settings, proxy or sniff mode) for cross-cluster search and replication, with the API-key model's credentials in the keystore setting cluster.remote.<alias>.credentials (written through the Cloud keystore API on ECH/ECE; on self-managed clusters the keystore cannot be written through an API, so the resource checks the credentials are present), or the certificate model within one Cloud environment through the Cloud remote-clusters API. Owns only its alias's settings and keystore secret; can wait until _remote/info reports the alias connected and say why not.
 * Terraform type `elasticremote_remote_cluster_connection`; import id: `<alias> or <deployment id>/<ref id>/<alias>`.
 */
export class RemoteClusterConnection extends ElasticRemoteResource {
  static readonly tfResourceType = 'elasticremote_remote_cluster_connection';
  /** Snake_case input attributes and sensitive attributes, derived from the engine definition. */
  static readonly schema = schema;

  constructor(scope: Construct, id: string, props: RemoteClusterConnectionProps) {
    super(scope, id, schema, props);
  }

  /**
   * The alias.
   */
  get id(): string {
    return this.getStringAttribute('id');
  }

  /**
   * Id of the cross-cluster API key in the keystore (a fingerprint, not a secret): a new key shows as a rotation.
   */
  get credentialsKeyId(): string {
    return this.getStringAttribute('credentials_key_id');
  }

  /**
   * _remote/info reports credentials for this alias (cluster_credentials): the API-key model is in use.
   */
  get credentialsPresent(): IResolvable {
    return this.getBooleanAttribute('credentials_present');
  }

  /**
   * _remote/info connected, when last applied or read.
   */
  get connected(): IResolvable {
    return this.getBooleanAttribute('connected');
  }

  /**
   * Self-managed clusters: the latest modification time of the nodes' keystores when the current key was confirmed (ISO 8601). A rotation is confirmed once every node's keystore changed after it.
   */
  get keystoreLastModified(): string {
    return this.getStringAttribute('keystore_last_modified');
  }
}

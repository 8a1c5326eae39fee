# Cross-cluster search from a "local" cluster to a "remote" one (API-key security model):
# a cross-cluster API key on the remote cluster, and on the local cluster a proxy-mode connection
# whose credentials are that key's sealed encoded value (state never holds the key in plain text).
#
# Runs against the embedded emulator by default (see README.md) and against real clusters by
# setting the variables to real endpoints and keys.

terraform {
  # Ephemeral variables (the secret inputs in variables.tf) need OpenTofu 1.11 / Terraform 1.10 or later.
  required_version = ">= 1.10"
  required_providers {
    elasticremote = {
      source = "elastic-remote/elasticremote"
    }
  }
}

# One provider configuration per Elasticsearch cluster.
provider "elasticremote" {
  alias       = "remote"
  secrets_key = var.secrets_key
  elasticsearch {
    endpoint = var.remote_elasticsearch_endpoint
    # Cross-cluster API keys can only be created with user credentials (as in Elasticsearch).
    username = var.remote_elasticsearch_username
    password = var.remote_elasticsearch_password
    ca_cert  = var.remote_elasticsearch_ca_cert
  }
}

provider "elasticremote" {
  alias       = "local"
  secrets_key = var.secrets_key
  elasticsearch {
    endpoint = var.local_elasticsearch_endpoint
    api_key  = var.local_elasticsearch_api_key
    ca_cert  = var.local_elasticsearch_ca_cert
  }
  # Only for ECH/ECE deployments: the keystore secret goes through the Cloud API.
  cloud {
    endpoint = var.cloud_endpoint
    api_key  = var.cloud_api_key
  }
}

resource "elasticremote_cross_cluster_api_key" "search" {
  provider = elasticremote.remote
  name     = "${var.alias}-search"
  access = {
    search = [{ names = var.index_patterns }]
  }
  metadata = var.key_metadata
  # Once the key is this old, the plan replaces it (`! rotation due: ...`).
  rotate_after = var.key_rotate_after

  # Rotation without an outage: the new key is created, the connection below moves to it (keystore,
  # reload, connected), and only then is the old key invalidated. Without this, OpenTofu invalidates
  # the old key first and the link is down until the connection has the new one.
  lifecycle {
    create_before_destroy = true
  }
}

resource "elasticremote_remote_cluster_connection" "search" {
  provider         = elasticremote.local
  alias            = var.alias
  mode             = "proxy"
  proxy_address    = var.remote_cluster_address
  credentials      = elasticremote_cross_cluster_api_key.search.encoded
  skip_unavailable = true
  # ECH/ECE: the local deployment whose keystore receives the credentials. Self-managed: null, and
  # an operator adds cluster.remote.<alias>.credentials with elasticsearch-keystore before applying.
  cloud              = var.local_deployment_id == null ? null : { deployment_id = var.local_deployment_id }
  wait_for_connected = var.wait_for_connected
}

# Optional: a second link, certificate model, to an "archive" deployment of the same ECH organization
# or ECE environment. Trust must go both ways: each deployment's account trust scope lists the other's
# Elasticsearch cluster id (not its deployment id); then the Cloud remote-clusters API connects them.
resource "elasticremote_deployment_trust" "local_trusts_archive" {
  count         = var.archive == null ? 0 : 1
  provider      = elasticremote.local
  deployment_id = var.local_deployment_id
  accounts = [{
    account_id      = var.archive.account_id
    trust_all       = false
    trust_allowlist = [var.archive.cluster_id]
  }]
}

resource "elasticremote_deployment_trust" "archive_trusts_local" {
  count         = var.archive == null ? 0 : 1
  provider      = elasticremote.local
  deployment_id = var.archive.deployment_id
  accounts = [{
    account_id      = var.archive.account_id
    trust_all       = false
    trust_allowlist = [var.archive.local_cluster_id]
  }]
}

resource "elasticremote_remote_cluster_connection" "archive" {
  count             = var.archive == null ? 0 : 1
  provider          = elasticremote.local
  alias             = "archive"
  cloud             = { deployment_id = var.local_deployment_id }
  remote_deployment = { deployment_id = var.archive.deployment_id }
  skip_unavailable  = true
  depends_on        = [elasticremote_deployment_trust.local_trusts_archive, elasticremote_deployment_trust.archive_trusts_local]
}

# Seed 004 with ECK as the target: cross-cluster search from the ECK-managed "cluster-one" (namespace
# ns-local) to "cluster-two" (namespace ns-remote), API-key model. The ECK operator creates the
# cross-cluster API key and the keystore entry itself; this configuration declares
#   1. the parts of both Elasticsearch custom resources (data.elasticremote_eck_remote_cluster), to merge
#      into their kubernetes_manifest resources (below, commented: the kubernetes provider needs a cluster);
#   2. the role on cluster-one that lets users search through the alias, checked at plan against the
#      access of the key ECK creates (expected_remote_access comes from the same data source).

terraform {
  required_version = ">= 1.10"
  required_providers {
    elasticremote = {
      source = "elastic-remote/elasticremote"
    }
  }
}

variable "local_elasticsearch_endpoint" {
  description = "Elasticsearch URL of cluster-one (e.g. https://cluster-one-es-http.ns-local.svc:9200)."
  type        = string
}

variable "local_elasticsearch_api_key" {
  description = "API key (encoded) for cluster-one, with manage_security."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "local_elasticsearch_ca_cert" {
  description = "PEM CA of cluster-one's HTTP layer (ECK's <name>-es-http-certs-public secret); null: system CAs."
  type        = string
  default     = null
}

variable "secrets_key" {
  description = "Passphrase that seals secrets kept in state (at least 8 characters)."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "search_index_patterns" {
  description = "Indices of cluster-two the key ECK creates lets cluster-one search."
  type        = list(string)
  default     = ["kibana_sample_data_ecommerce"]
}

variable "role_index_patterns" {
  description = "Indices of cluster-two the role lets its users search through the alias."
  type        = list(string)
  default     = ["kibana_sample_data_ecommerce"]
}

provider "elasticremote" {
  secrets_key = var.secrets_key
  elasticsearch {
    endpoint = var.local_elasticsearch_endpoint
    api_key  = var.local_elasticsearch_api_key
    ca_cert  = var.local_elasticsearch_ca_cert
  }
}

# Renders both sides; makes no request.
data "elasticremote_eck_remote_cluster" "one_to_two" {
  local = { name = "cluster-one", namespace = "ns-local" }
  remote_clusters = [{
    alias             = "cluster-two"
    elasticsearch_ref = { name = "cluster-two", namespace = "ns-remote" }
    api_key_access = {
      search = { names = var.search_index_patterns }
    }
  }]
}

# With the kubernetes provider configured, each part merges into its Elasticsearch resource:
#
# resource "kubernetes_manifest" "cluster_one" {
#   manifest = {
#     apiVersion = "elasticsearch.k8s.elastic.co/v1"
#     kind       = "Elasticsearch"
#     metadata   = { name = "cluster-one", namespace = "ns-local" }
#     spec = merge({
#       version  = "9.3.0"
#       nodeSets = [{ name = "default", count = 3 }]
#     }, jsondecode(data.elasticremote_eck_remote_cluster.one_to_two.local_manifest_json).spec)
#   }
# }
#
# resource "kubernetes_manifest" "cluster_two" {
#   manifest = {
#     apiVersion = "elasticsearch.k8s.elastic.co/v1"
#     kind       = "Elasticsearch"
#     metadata   = { name = "cluster-two", namespace = "ns-remote" }
#     spec = merge({
#       version  = "9.3.0"
#       nodeSets = [{ name = "default", count = 3 }]
#     }, jsondecode(data.elasticremote_eck_remote_cluster.one_to_two.remote_servers[0].manifest_json).spec)
#   }
# }
#
# Without it, the same parts as a value a pipeline can hand to kubectl (yamldecode/jsondecode give objects):
resource "terraform_data" "eck_manifests" {
  input = {
    cluster_one = jsondecode(data.elasticremote_eck_remote_cluster.one_to_two.local_manifest_json)
    remotes     = { for r in data.elasticremote_eck_remote_cluster.one_to_two.remote_servers : "${r.namespace}/${r.name}" => jsondecode(r.manifest_json) }
  }
}

# "Configure roles and users": the role on cluster-one, checked against the key ECK creates.
resource "elasticremote_remote_access_role" "ecommerce_reader" {
  name        = "cluster-two-ecommerce-reader"
  description = "Searches cluster-two:kibana_sample_data_ecommerce from cluster-one"
  remote_indices = [{
    clusters   = ["cluster-two"]
    names      = var.role_index_patterns
    privileges = ["read", "read_cross_cluster", "view_index_metadata"]
  }]
  expected_remote_access = data.elasticremote_eck_remote_cluster.one_to_two.expected_remote_access
}

output "local_manifest_yaml" {
  description = "Merge into cluster-one's Elasticsearch manifest (spec.remoteClusters)."
  value       = data.elasticremote_eck_remote_cluster.one_to_two.local_manifest_yaml
}

output "remote_manifests_yaml" {
  description = "Merge into each remote's Elasticsearch manifest (spec.remoteClusterServer)."
  value       = { for r in data.elasticremote_eck_remote_cluster.one_to_two.remote_servers : "${r.namespace}/${r.name}" => r.manifest_yaml }
}

output "eck_manifests" {
  description = "Both parts as objects."
  value       = terraform_data.eck_manifests.output
}

output "role" {
  value = elasticremote_remote_access_role.ecommerce_reader.name
}

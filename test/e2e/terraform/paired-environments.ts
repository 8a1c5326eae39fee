/**
 * The stack two OpenTofu suites share: two emulated ECE environments paired from data sources only
 * (trust relationships both ways, external deployment trust both ways, a certificate-model link) and an
 * ECH API-key link whose address comes from elasticremote_deployment, with a check block on
 * elasticremote_remote_info. Providers and resources apart, so a suite can import the resources into a
 * configuration that has only the providers.
 */
import { startEmulator, type RunningEmulator } from '../../../src/emulator';

export const pairedProviders = `
terraform {
  required_providers {
    elasticremote = { source = "elastic-remote/elasticremote" }
  }
}
variable "ece1_url" { type = string }
variable "ece2_url" { type = string }
variable "ece1_api_key" {
  type      = string
  sensitive = true
}
variable "ece2_api_key" {
  type      = string
  sensitive = true
}
variable "ece1_search_deployment" { type = string }
variable "ece2_logs_deployment" { type = string }
variable "ece1_search_es_url" { type = string }
variable "ece1_search_es_api_key" {
  type      = string
  sensitive = true
}
variable "ech_url" { type = string }
variable "ech_api_key" {
  type      = string
  sensitive = true
}
variable "ech_local_deployment" { type = string }
variable "ech_remote_deployment" { type = string }
variable "ech_local_es_url" { type = string }
variable "ech_local_es_api_key" {
  type      = string
  sensitive = true
}
variable "ech_remote_es_url" { type = string }
variable "ech_remote_es_username" { type = string }
variable "ech_remote_es_password" {
  type      = string
  sensitive = true
}
variable "secrets_key" {
  type      = string
  sensitive = true
}

provider "elasticremote" {
  alias = "ece1"
  cloud {
    endpoint = var.ece1_url
    api_key  = var.ece1_api_key
  }
  elasticsearch {
    endpoint = var.ece1_search_es_url
    api_key  = var.ece1_search_es_api_key
  }
}
provider "elasticremote" {
  alias = "ece2"
  cloud {
    endpoint = var.ece2_url
    api_key  = var.ece2_api_key
  }
}

provider "elasticremote" {
  alias       = "ech_local"
  secrets_key = var.secrets_key
  cloud {
    endpoint = var.ech_url
    api_key  = var.ech_api_key
  }
  elasticsearch {
    endpoint = var.ech_local_es_url
    api_key  = var.ech_local_es_api_key
  }
}
provider "elasticremote" {
  alias       = "ech_remote"
  secrets_key = var.secrets_key
  cloud {
    endpoint = var.ech_url
    api_key  = var.ech_api_key
  }
  elasticsearch {
    endpoint = var.ech_remote_es_url
    username = var.ech_remote_es_username
    password = var.ech_remote_es_password
  }
}
`;

export const pairedResources = `# Seed 002: each environment's own trust parameters, read from it.
data "elasticremote_trust_parameters" "ece1" { provider = elasticremote.ece1 }
data "elasticremote_trust_parameters" "ece2" { provider = elasticremote.ece2 }

resource "elasticremote_trust_relationship" "ece1_trusts_ece2" {
  provider        = elasticremote.ece1
  name            = "ECE2"
  installation_id = data.elasticremote_trust_parameters.ece2.installation_id
  public_ca_cert  = data.elasticremote_trust_parameters.ece2.public_ca_cert
  account_ids     = data.elasticremote_trust_parameters.ece2.account_ids
}
resource "elasticremote_trust_relationship" "ece2_trusts_ece1" {
  provider        = elasticremote.ece2
  name            = "ECE1"
  installation_id = data.elasticremote_trust_parameters.ece1.installation_id
  public_ca_cert  = data.elasticremote_trust_parameters.ece1.public_ca_cert
  account_ids     = data.elasticremote_trust_parameters.ece1.account_ids
}

data "elasticremote_deployment" "search" {
  provider      = elasticremote.ece1
  deployment_id = var.ece1_search_deployment
}
data "elasticremote_deployment" "logs" {
  provider      = elasticremote.ece2
  deployment_id = var.ece2_logs_deployment
}

resource "elasticremote_deployment_trust" "search_trusts_logs" {
  provider      = elasticremote.ece1
  deployment_id = var.ece1_search_deployment
  external = [{
    trust_relationship_id = elasticremote_trust_relationship.ece1_trusts_ece2.id
    trust_allowlist       = [data.elasticremote_deployment.logs.cluster_id]
  }]
}
resource "elasticremote_deployment_trust" "logs_trusts_search" {
  provider      = elasticremote.ece2
  deployment_id = var.ece2_logs_deployment
  external = [{
    trust_relationship_id = elasticremote_trust_relationship.ece2_trusts_ece1.id
    trust_allowlist       = [data.elasticremote_deployment.search.cluster_id]
  }]
}

resource "elasticremote_remote_cluster_connection" "ece2_logs" {
  provider           = elasticremote.ece1
  alias              = "ece2-logs"
  mode               = "proxy"
  proxy_address      = data.elasticremote_deployment.logs.certificate_proxy_address
  server_name        = data.elasticremote_deployment.logs.server_name
  wait_for_connected = true
  depends_on         = [elasticremote_deployment_trust.search_trusts_logs, elasticremote_deployment_trust.logs_trusts_search]
}

# An ECH API-key link: the address and server name from the Cloud API.

data "elasticremote_deployment" "ech_remote" {
  provider      = elasticremote.ech_local
  deployment_id = var.ech_remote_deployment
}

resource "elasticremote_cross_cluster_api_key" "logs" {
  provider = elasticremote.ech_remote
  name     = "logs-search"
  access = {
    search = [{ names = ["logs-*"] }]
  }
}

resource "elasticremote_remote_cluster_connection" "ech_logs" {
  provider           = elasticremote.ech_local
  alias              = "ech-logs"
  mode               = "proxy"
  proxy_address      = data.elasticremote_deployment.ech_remote.api_key_proxy_address
  server_name        = data.elasticremote_deployment.ech_remote.server_name
  credentials        = elasticremote_cross_cluster_api_key.logs.encoded
  cloud              = { deployment_id = var.ech_local_deployment }
  wait_for_connected = true
}

# Read at every plan (after the connection when it changes); a data source nested in the check block
# would work too, but OpenTofu re-reads those at apply, so every -detailed-exitcode plan would exit 2.
data "elasticremote_remote_info" "ech_logs" {
  provider   = elasticremote.ech_local
  alias      = "ech-logs"
  depends_on = [elasticremote_remote_cluster_connection.ech_logs]
}

check "ech_logs_connected" {
  assert {
    condition     = data.elasticremote_remote_info.ech_logs.connected
    error_message = "alias ech-logs is not connected: \${join("; ", data.elasticremote_remote_info.ech_logs.diagnosis)}"
  }
}

output "ech_remote_cluster_id" { value = data.elasticremote_deployment.ech_remote.cluster_id }
output "ech_proxy_address" { value = data.elasticremote_deployment.ech_remote.api_key_proxy_address }
`;

export function startPairedEmulator(): Promise<RunningEmulator> {
  return startEmulator({
    clusters: [],
    cloud: {
      ece: [
        { name: 'ece1', deployments: [{ name: 'search' }] },
        { name: 'ece2', deployments: [{ name: 'logs' }] },
      ],
      ech: [{ name: 'acme', deployments: [{ name: 'web' }, { name: 'weblogs' }] }],
    },
  });
}

/** The stack's variables (as TF_VAR_*) for an emulator from startPairedEmulator. */
export function pairedVariables(emulator: RunningEmulator, secretsKey: string): Record<string, string> {
  const { ece, deployments } = emulator.cloud;
  const cluster = (deployment: { cluster: string }) => emulator.clusters[deployment.cluster];
  return {
    secrets_key: secretsKey,
    ece1_url: ece.ece1.url,
    ece2_url: ece.ece2.url,
    ece1_api_key: ece.ece1.apiKey,
    ece2_api_key: ece.ece2.apiKey,
    ece1_search_deployment: deployments.search.id,
    ece2_logs_deployment: deployments.logs.id,
    ece1_search_es_url: cluster(deployments.search).url,
    ece1_search_es_api_key: cluster(deployments.search).apiKey,
    ech_url: deployments.web.cloudUrl,
    ech_api_key: deployments.web.cloudApiKey,
    ech_local_deployment: deployments.web.id,
    ech_remote_deployment: deployments.weblogs.id,
    ech_local_es_url: cluster(deployments.web).url,
    ech_local_es_api_key: cluster(deployments.web).apiKey,
    ech_remote_es_url: cluster(deployments.weblogs).url,
    ech_remote_es_username: cluster(deployments.weblogs).username,
    ech_remote_es_password: cluster(deployments.weblogs).password,
  };
}

variable "secrets_key" {
  description = "Passphrase that seals encoded keys kept in state (at least 8 characters)."
  type        = string
  sensitive   = true
  # Kept out of saved plans and state (OpenTofu/Terraform 1.11+): only provider blocks read it.
  ephemeral   = true
}

variable "alias" {
  description = "Remote cluster alias on the local cluster (index expressions use <alias>:index)."
  type        = string
  default     = "eu-logs"
}

variable "index_patterns" {
  description = "Indices of the remote cluster the key lets the local cluster search."
  type        = list(string)
  default     = ["logs-*"]
}

variable "key_rotate_after" {
  description = "Age at which the plan rotates the cross-cluster API key (Elasticsearch time units); null: never."
  type        = string
  default     = "30d"
}

variable "key_metadata" {
  description = "String metadata stored with the cross-cluster API key."
  type        = map(string)
  default     = null
}

variable "remote_elasticsearch_endpoint" {
  description = "Elasticsearch URL of the remote cluster (where the key is created)."
  type        = string
}

variable "remote_elasticsearch_username" {
  type    = string
  default = null
}

variable "remote_elasticsearch_password" {
  type      = string
  default   = null
  sensitive = true
  # Kept out of saved plans and state (OpenTofu/Terraform 1.11+): only provider blocks read it.
  ephemeral = true
}

variable "remote_elasticsearch_ca_cert" {
  description = "PEM of a private CA of the remote cluster, if any."
  type        = string
  default     = null
}

variable "remote_cluster_address" {
  description = "host:port of the remote cluster's remote cluster server (port 9443 for the API-key model)."
  type        = string
}

variable "local_elasticsearch_endpoint" {
  description = "Elasticsearch URL of the local cluster (where the connection is made)."
  type        = string
}

variable "local_elasticsearch_api_key" {
  type      = string
  default   = null
  sensitive = true
  # Kept out of saved plans and state (OpenTofu/Terraform 1.11+): only provider blocks read it.
  ephemeral = true
}

variable "local_elasticsearch_ca_cert" {
  type    = string
  default = null
}

variable "local_deployment_id" {
  description = "ECH/ECE: id of the local deployment, so the credentials go to its keystore through the Cloud API. Null for self-managed clusters."
  type        = string
  default     = null
}

variable "cloud_endpoint" {
  description = "Elastic Cloud API (default https://api.elastic-cloud.com) or an ECE coordinator."
  type        = string
  default     = null
}

variable "cloud_api_key" {
  type      = string
  default   = null
  sensitive = true
  # Kept out of saved plans and state (OpenTofu/Terraform 1.11+): only provider blocks read it.
  ephemeral = true
}

variable "wait_for_connected" {
  description = "Wait after apply until _remote/info reports the alias connected (and say why not)."
  type        = bool
  default     = true
}

variable "archive" {
  description = "Optional certificate-model link to an archive deployment of the same organization/environment (needs local_deployment_id and the Cloud API): its deployment and cluster ids, the local deployment's cluster id, and the account id both belong to."
  type = object({
    deployment_id    = string
    cluster_id       = string
    local_cluster_id = string
    account_id       = string
  })
  default = null
}

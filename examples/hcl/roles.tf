# "Configure roles and users" (the last step of every procedure): on the local cluster, a role whose
# users search the remote cluster through the alias. The cross-cluster API key limits what the remote
# cluster serves; this role limits what its users may ask for; a search sees what both allow.
# expected_remote_access tells plans what the alias connects with, so a grant the key does not allow
# (or an alias nothing connects) warns at plan, naming the grant and the key's patterns.

variable "role_index_patterns" {
  description = "Index patterns of the remote cluster the role lets its users search through the alias."
  type        = list(string)
  default     = ["logs-*"]
}

resource "elasticremote_remote_access_role" "search" {
  provider    = elasticremote.local
  name        = "${var.alias}-reader"
  description = "Searches ${var.alias} across clusters"
  remote_indices = [{
    clusters   = [elasticremote_remote_cluster_connection.search.alias]
    names      = var.role_index_patterns
    privileges = ["read", "read_cross_cluster", "view_index_metadata"]
  }]
  remote_cluster = [{
    clusters   = [elasticremote_remote_cluster_connection.search.alias]
    privileges = ["monitor_enrich"]
  }]
  # Cross-cluster search needs no local privileges; replication would add cluster_privileges =
  # ["manage_ccr"] and indices on the follower indices.
  expected_remote_access = [{
    alias  = elasticremote_remote_cluster_connection.search.alias
    access = elasticremote_cross_cluster_api_key.search.access
  }]
}

# Give it to users with PUT /_security/user/<name> {"roles": ["<alias>-reader"]}; they then search
# <alias>:logs-* from the local cluster.
output "remote_access_role" {
  description = "The local role granting search through the alias."
  value       = elasticremote_remote_access_role.search.name
}

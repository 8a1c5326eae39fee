output "key_id" {
  description = "Id of the cross-cluster API key (not secret)."
  value       = elasticremote_cross_cluster_api_key.search.id
}

output "connected" {
  description = "_remote/info reported the alias connected after apply."
  value       = elasticremote_remote_cluster_connection.search.connected
}

output "credentials_key_id" {
  description = "Key id of the credentials in the local keystore: a fingerprint, never the key."
  value       = elasticremote_remote_cluster_connection.search.credentials_key_id
}

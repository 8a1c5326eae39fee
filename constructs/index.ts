/**
 * CDK for Terraform constructs for the `elasticremote` provider (providers/terraform): the provider,
 * the four resources (generated from the engine's definitions) and RemoteClusterLink, the composite
 * that connects a local cluster to a remote one.
 */
export * from './generated';
export { ElasticRemoteProvider, type ElasticRemoteProviderProps, type ElasticsearchConnectionProps, type CloudConnectionProps } from './provider';
export { ElasticRemoteResource, providerName, providerSource } from './resource';
export * from './remote-cluster-link';
export * from './environment-trust-pair';

/** How Terraform and OpenTofu name this provider: `elastic-remote/elasticremote` on either registry host. */
export const providerTypeName = 'elasticremote';
export const providerNamespace = 'elastic-remote';
export const providerHosts = ['registry.opentofu.org', 'registry.terraform.io'];
/** Full source addresses, e.g. `registry.opentofu.org/elastic-remote/elasticremote`. */
export const providerAddresses = providerHosts.map((host) => `${host}/${providerNamespace}/${providerTypeName}`);
export const executableName = `terraform-provider-${providerTypeName}`;

/**
 * The one naming rule between the engine's snake_case attribute names and the camelCase names of the
 * TypeScript front ends (CDKTF construct props, Pulumi inputs and outputs), so both name an attribute
 * alike. No imports: constructs load it at synth time without the resource definitions.
 */

/** `proxy_address` → `proxyAddress`. */
export function camelCase(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `proxyAddress` → `proxy_address`: the inverse of `camelCase` for engine names. */
export function snakeCase(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * A connection or credential setting is missing or wrong. The message names the setting and, where
 * there is one, the environment variable that supplies it; it never contains a secret value.
 */
export class ConfigurationError extends Error {
  constructor(
    message: string,
    /** The settings at fault, e.g. `elasticsearch.endpoint`. */
    readonly settings: string[] = [],
  ) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

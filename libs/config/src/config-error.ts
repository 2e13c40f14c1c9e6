/** A configuration value is missing, malformed or out of range. The message names the key and where it came from. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    message: string,
    /** Dotted path of the offending key, when one key is to blame. */
    readonly key?: string,
    /** Where the value came from: a flag, an environment variable, the file, or the default. */
    readonly source?: string,
  ) {
    super(message);
  }
}

/**
 * Names that suggest a credential. The same list Polaris uses for its
 * sensitive environment variable and ConfigMap checks, so that both tools
 * flag the same keys.
 */
const SECRET_NAME_PATTERNS = [
  /^AWS_SECRET_ACCESS_KEY$/i,
  /^GOOGLE_APPLICATION_CREDENTIALS$/i,
  /^AZURE_.+KEY$/i,
  /^OCI_CLI_KEY_CONTENT$/i,
  /password/i,
  /token/i,
  /bearer/i,
  /secret/i,
];

/** PEM private keys of any algorithm ("BEGIN RSA PRIVATE KEY", "BEGIN OPENSSH PRIVATE KEY"...). */
const PRIVATE_KEY_VALUE = /-BEGIN\s+.*PRIVATE KEY-/i;

export function looksLikeSecretName(name: string): boolean {
  return SECRET_NAME_PATTERNS.some(pattern => pattern.test(name));
}

/**
 * Names of settings that point at where a value lives rather than holding
 * it: the `_FILE` convention of the official database images
 * (`POSTGRES_PASSWORD_FILE`) and of many applications, and `_PATH`/`_DIR`
 * settings. Separators as env vars and config keys write them.
 */
const REFERENCE_NAME = /[_.-](file|filename|path|dir|directory)$/i;

/** A file system path: absolute, relative to the working directory, or to home. */
const PATH_VALUE = /^(\/|\.{1,2}\/|~\/)[^\s]*$/;

/**
 * Whether a setting named like a credential only points at a file holding
 * it (`DB_PASSWORD_FILE=/run/secrets/db-password`): the value is a path,
 * and what it names is mounted from a Secret, not written in the manifest.
 */
export function isFileReference(name: string, value: string): boolean {
  return REFERENCE_NAME.test(name) && PATH_VALUE.test(value.trim());
}

/**
 * Judges a value inside the collector. Values themselves never leave it:
 * facts carry key names and this verdict only.
 */
export function looksLikeSecretValue(value: string): boolean {
  return PRIVATE_KEY_VALUE.test(value);
}

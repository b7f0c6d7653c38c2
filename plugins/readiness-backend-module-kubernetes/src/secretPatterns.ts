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
 * Judges a value inside the collector. Values themselves never leave it:
 * facts carry key names and this verdict only.
 */
export function looksLikeSecretValue(value: string): boolean {
  return PRIVATE_KEY_VALUE.test(value);
}

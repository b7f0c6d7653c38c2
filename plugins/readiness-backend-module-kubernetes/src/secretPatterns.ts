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

/** Settings naming an endpoint: `OIDC_TOKEN_URL`, `token-endpoint`. */
const URL_NAME = /[_.-](url|uri|endpoint)$/i;

/** An http(s) URL with no user info and no query, so no credential in it. */
const PLAIN_URL = /^https?:\/\/[^\s@/?#]+(\/[^\s?#@]*)?$/i;

/** Settings naming a Secret object: `tls-secret-name`, `JWT_SECRET_REF`. */
const SECRET_OBJECT_NAME = /secret[_.-]?(name|ref)$/i;

/** A Kubernetes object name (DNS subdomain). */
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/**
 * Whether a setting named like a credential only says where the
 * credential is: a file mounted from a Secret
 * (`DB_PASSWORD_FILE=/run/secrets/db-password`), the endpoint that issues
 * tokens (`OIDC_TOKEN_URL=https://login.example.com/oauth2/token`), or the
 * Secret object holding it (`tls-secret-name: api-tls`). The value is
 * then a path, a plain URL or an object name, never the credential.
 */
export function isCredentialReference(name: string, value: string): boolean {
  const text = value.trim();
  return (
    (REFERENCE_NAME.test(name) && PATH_VALUE.test(text)) ||
    (URL_NAME.test(name) && PLAIN_URL.test(text)) ||
    (SECRET_OBJECT_NAME.test(name) && OBJECT_NAME.test(text))
  );
}

/** A `key: value` or `key=value` line of a YAML, properties, .env or JSON file. */
const SETTING_LINE =
  /^\s*(?:export\s+)?["']?([A-Za-z0-9_.\-]+)["']?\s*[:=]\s*(.*?)\s*,?\s*$/;

/**
 * Values that hold no credential: empty, a placeholder filled in at run
 * time (`${DB_PASSWORD}`, `{{ .Values.x }}`, `%(pw)s`, `<password>`), a
 * YAML null, a boolean, a number or a duration (`token-ttl: 3600`,
 * `secret-rotation: 24h`).
 */
const NO_CREDENTIAL_VALUE =
  /^(|~|null|true|false|yes|no|on|off|[|>][-+]?|-?\d+(\.\d+)?|\d+(ms|s|m|h|d)|\$\{[^}]*\}|\$\(?[A-Za-z_][A-Za-z0-9_]*\)?|\{\{.*\}\}|%\([^)]*\)s|<[^>]*>)$/i;

/**
 * The credential settings written inside a configuration file a
 * ConfigMap key holds (`application.properties` with
 * `spring.datasource.password=...`, a `config.yaml` with `password:`):
 * their key names, never their values. Placeholders and settings that
 * only say where the credential is are left out.
 */
export function credentialSettingsIn(text: string): string[] {
  if (!text.includes('\n')) return [];
  const found = new Set<string>();
  for (const line of text.split('\n')) {
    if (/^\s*(#|\/\/|;)/.test(line)) continue;
    const match = SETTING_LINE.exec(line);
    if (!match) continue;
    const [, key, raw] = match;
    const value = raw.replace(/^["']|["']$/g, '').trim();
    const last = key.split('.').pop() ?? key;
    if (!looksLikeSecretName(last)) continue;
    if (NO_CREDENTIAL_VALUE.test(value)) continue;
    if (isCredentialReference(key, value)) continue;
    found.add(key);
  }
  return [...found].sort();
}

/**
 * Judges a value inside the collector. Values themselves never leave it:
 * facts carry key names and this verdict only.
 */
export function looksLikeSecretValue(value: string): boolean {
  return PRIVATE_KEY_VALUE.test(value);
}

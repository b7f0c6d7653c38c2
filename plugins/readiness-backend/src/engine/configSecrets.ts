import { Config } from '@backstage/config';
import { JsonValue } from '@backstage/types';

// Keys whose values are credentials, whatever plugin declares them. The
// config schema's `@visibility secret` is not available to a plugin, so the
// names decide; a false positive only hides a harmless value.
const SECRET_KEY =
  /token|secret|password|passwd|credential|api[-_]?key|private[-_]?key|authorization|cadata|certdata|keydata/i;
// Query parameters that carry credentials inside URLs.
const SECRET_PARAM =
  /^(access_token|token|api_key|apikey|key|password|secret|sig|signature|auth)$/i;
const SHORTEST = 6;

function fromUrl(value: string, into: Set<string>) {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return;
  }
  try {
    const url = new URL(value);
    if (url.password) {
      into.add(decodeURIComponent(url.password));
    }
    url.searchParams.forEach((param, name) => {
      if (SECRET_PARAM.test(name)) {
        into.add(param);
      }
    });
  } catch {
    // Not a URL after all.
  }
}

function walk(
  value: JsonValue | undefined,
  secret: boolean,
  into: Set<string>,
) {
  if (typeof value === 'string') {
    if (secret) {
      into.add(value);
    }
    fromUrl(value, into);
  } else if (Array.isArray(value)) {
    value.forEach(item => walk(item, secret, into));
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      // Header values (e.g. a tenant id or an API key) may all be secrets.
      walk(inner, secret || SECRET_KEY.test(key) || key === 'headers', into);
    }
  }
}

/**
 * Credential values in the configuration, to be redacted wherever they
 * might be echoed: collector errors, evidence, log lines.
 */
export function collectConfigSecrets(config: Config): string[] {
  const found = new Set<string>();
  walk(config.getOptional(), false, found);
  return [...found]
    .filter(value => value.length >= SHORTEST)
    .sort((a, b) => b.length - a.length);
}

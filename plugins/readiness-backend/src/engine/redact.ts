// Collector errors are shown in the portal and logged. Clients of HTTP APIs
// sometimes echo credentials in messages (URLs with user info, headers,
// query tokens); strip anything that looks like one before it is stored.
const PATTERNS: Array<[RegExp, string]> = [
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+(:[^\s/@]*)?@/gi, '$1***@'],
  [
    /\b(authorization|x-api-key|private-token)(["']?\s*[:=]\s*["']?)(?:(?:bearer|basic|token)\s+)?[^\s"',;]+/gi,
    '$1$2***',
  ],
  [/\b(bearer|basic|token)\s+[A-Za-z0-9._~+/=-]{6,}/gi, '$1 ***'],
  [
    /([?&](?:access_token|token|api_key|apikey|key|password|secret)=)[^&\s]+/gi,
    '$1***',
  ],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, '***'],
];

/** Replaces every occurrence of the given secrets, and nothing else. */
export function redactKnownSecrets(
  text: string,
  knownSecrets: string[] = [],
): string {
  let result = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) {
      result = result.split(secret).join('***');
    }
  }
  return result;
}

/** Removes credentials from a message meant for people. */
export function redactSecrets(
  message: string,
  knownSecrets: string[] = [],
): string {
  let result = redactKnownSecrets(message, knownSecrets);
  for (const [pattern, replacement] of PATTERNS) {
    result = result.replace(pattern, replacement);
  }
  return result;
}

export interface ImageReference {
  repository: string;
  tag: string | null;
  digest: string | null;
  /** A digest, or a tag naming a version: the image cannot move under the workload. */
  pinned: boolean;
}

/**
 * Whether a tag names one build rather than a moving channel. Registries
 * let any tag move, but by convention a version (`1.27.0`, `16-alpine`,
 * `v2`), a date (`2024-05-01`, `RELEASE.2024-05-01T00-00-00Z`) or a commit
 * id (`sha-3f2a9c1`, `3f2a9c1d`) is published once, while `latest`,
 * `alpine`, `stable`, `slim`, `lts`, `mainline`, `edge` and the like are
 * retagged with every release. The tag is split on `-`, `_` and `+` (not
 * on dots, so `alpine3.19` stays a distribution name); it pins when one
 * part starts with a number, or is a hexadecimal commit id.
 */
export function tagPinsVersion(tag: string): boolean {
  return tag.split(/[-_+]/).some(
    part =>
      /^v?\d/i.test(part) ||
      // RELEASE.2024-05-01T..., build.20240501
      /^[a-z]+\.\d/i.test(part) ||
      (/^[0-9a-f]{7,40}$/i.test(part) && /\d/.test(part)),
  );
}

/**
 * Splits an image reference (`[registry[:port]/]path[:tag][@digest]`). The
 * tag is what follows the last colon after the last slash, so a registry
 * port (`localhost:5000/app`) is not mistaken for a tag.
 */
export function parseImage(reference: string): ImageReference {
  const trimmed = reference.trim();
  const at = trimmed.indexOf('@');
  const digest = at >= 0 ? trimmed.slice(at + 1) : null;
  const name = at >= 0 ? trimmed.slice(0, at) : trimmed;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const hasTag = colon > slash;
  const tag = hasTag ? name.slice(colon + 1) : null;
  const repository = hasTag ? name.slice(0, colon) : name;
  const validDigest =
    digest !== null && /^[a-z0-9]+:[a-f0-9]{32,}$/i.test(digest);
  return {
    repository,
    tag: tag || null,
    digest: validDigest ? digest : null,
    pinned: validDigest || (Boolean(tag) && tagPinsVersion(tag!)),
  };
}

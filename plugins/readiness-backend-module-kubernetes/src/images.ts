export interface ImageReference {
  repository: string;
  tag: string | null;
  digest: string | null;
  /** A digest, or a tag other than `latest`: the image cannot move under the workload. */
  pinned: boolean;
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
    pinned: validDigest || (Boolean(tag) && tag !== 'latest'),
  };
}

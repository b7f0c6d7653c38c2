import fs from 'node:fs';
import path from 'node:path';

const packageNames = new Map<string, string | undefined>();

/** The name in the nearest package.json at or above `dir`, with its directory. */
function owningPackage(dir: string): { name: string; dir: string } | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    if (!packageNames.has(current)) {
      let name: string | undefined;
      try {
        const manifest = JSON.parse(
          fs.readFileSync(path.join(current, 'package.json'), 'utf8'),
        );
        name = typeof manifest.name === 'string' ? manifest.name : undefined;
      } catch {
        name = undefined;
      }
      packageNames.set(current, name);
    }
    const name = packageNames.get(current);
    if (name) {
      return { name, dir: current };
    }
    if (path.dirname(current) === current) {
      return undefined;
    }
  }
}

/**
 * Where a check was declared, as clients may see it: the package and the
 * file inside it (`@scope/pack/checks/pack.yaml`), never a path of the
 * server's file system. Origins that are not files (app-config) pass
 * through; a file outside any package shows its name alone.
 */
export function publicOrigin(origin: string): string {
  if (!path.isAbsolute(origin)) {
    return origin;
  }
  const owner = owningPackage(path.dirname(origin));
  if (!owner) {
    return path.basename(origin);
  }
  return `${owner.name}/${path
    .relative(owner.dir, origin)
    .split(path.sep)
    .join('/')}`;
}

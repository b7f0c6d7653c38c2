export interface BaseImage {
  image: string;
  pinned: boolean;
}

export interface DockerfileAnalysis {
  stages: number;
  multiStage: boolean;
  /** The last USER of the final stage; absent when the stage sets none. */
  finalUser?: string;
  nonRoot: boolean;
  baseImages: BaseImage[];
  unpinnedBaseImages: string[];
}

/** Logical instructions: comments dropped, continuation lines joined. */
function instructions(text: string): Array<{ keyword: string; args: string }> {
  const escape = /^#\s*escape\s*=\s*`/im.test(text.slice(0, 200)) ? '`' : '\\';
  const joined: string[] = [];
  let current = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('#') || line === '') {
      continue;
    }
    if (line.endsWith(escape)) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    joined.push(current + line);
    current = '';
  }
  if (current) {
    joined.push(current);
  }
  return joined.map(line => {
    const [keyword, ...rest] = line.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
  });
}

function substitute(value: string, args: Map<string, string>): string {
  return value.replace(
    /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g,
    (whole, name) => args.get(name) ?? whole,
  );
}

/**
 * Pinned means reproducible: a digest, or an explicit tag other than
 * `latest`. A variable that cannot be resolved is not pinned.
 */
export function isPinned(image: string): boolean {
  if (image.includes('$')) {
    return false;
  }
  if (image.includes('@sha256:')) {
    return true;
  }
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  return colon >= 0 && lastSegment.slice(colon + 1) !== 'latest';
}

function isRoot(user: string): boolean {
  const name = user.split(':')[0].trim();
  return name === 'root' || name === '0' || name === '';
}

/** What the readiness checks need to know about a Dockerfile. */
export function analyzeDockerfile(text: string): DockerfileAnalysis {
  const globalArgs = new Map<string, string>();
  const stageNames = new Set<string>();
  const baseImages: BaseImage[] = [];
  let stages = 0;
  let finalUser: string | undefined;
  for (const { keyword, args } of instructions(text)) {
    if (keyword === 'ARG' && stages === 0) {
      const [name, value] = args.split('=');
      if (value !== undefined) {
        globalArgs.set(name.trim(), value.trim().replace(/^"|"$/g, ''));
      }
    } else if (keyword === 'FROM') {
      stages += 1;
      finalUser = undefined;
      const words = args.split(/\s+/).filter(w => !w.startsWith('--'));
      const image = substitute(words[0] ?? '', globalArgs);
      // An earlier stage or the empty image has nothing to pin.
      if (image !== 'scratch' && !stageNames.has(image.toLowerCase())) {
        baseImages.push({ image, pinned: isPinned(image) });
      }
      if (words[1]?.toUpperCase() === 'AS' && words[2]) {
        stageNames.add(words[2].toLowerCase());
      }
    } else if (keyword === 'USER') {
      finalUser = args.trim();
    }
  }
  return {
    stages,
    multiStage: stages > 1,
    ...(finalUser !== undefined && { finalUser }),
    nonRoot: finalUser !== undefined && !isRoot(finalUser),
    baseImages,
    unpinnedBaseImages: baseImages.filter(b => !b.pinned).map(b => b.image),
  };
}

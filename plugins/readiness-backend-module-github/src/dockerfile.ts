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
  /** Why the final stage runs as non-root without a USER, if it does. */
  nonRootBy?: string;
  /** A single stage that compiles: build tools stay in the image. */
  singleStageBuild: boolean;
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

/**
 * Base images that run as a non-root user by default, so a final stage
 * without USER is not root: distroless and Chainguard `nonroot` variants
 * (Chainguard's images other than `-dev` ones default to non-root), and
 * Bitnami's non-root containers.
 */
const NON_ROOT_IMAGE =
  /[:-]nonroot\b|^cgr\.dev\/chainguard\/[^:@]+(:(?![^@]*-dev\b)[^@]*)?(@.*)?$|^(docker\.io\/)?bitnami\//;

/** Commands that compile or bundle, as opposed to installing runtime deps. */
const BUILD_COMMAND =
  /\b(go\s+build|cargo\s+build|mvnw?\s|gradlew?\s|(npm|yarn|pnpm)\s+(run\s+)?build|dotnet\s+(publish|build)|make\b|gcc|g\+\+|tsc\b|webpack|poetry\s+build|pip\s+wheel)/;

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
  let finalImage = '';
  let builds = false;
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
      finalImage = image;
      // An earlier stage or the empty image has nothing to pin.
      if (image !== 'scratch' && !stageNames.has(image.toLowerCase())) {
        baseImages.push({ image, pinned: isPinned(image) });
      }
      if (words[1]?.toUpperCase() === 'AS' && words[2]) {
        stageNames.add(words[2].toLowerCase());
      }
    } else if (keyword === 'USER') {
      finalUser = args.trim();
    } else if (keyword === 'RUN' && BUILD_COMMAND.test(args)) {
      builds = true;
    }
  }
  const byImage =
    finalUser === undefined && NON_ROOT_IMAGE.test(finalImage)
      ? `base image ${finalImage}`
      : undefined;
  return {
    stages,
    multiStage: stages > 1,
    ...(finalUser !== undefined && { finalUser }),
    nonRoot:
      (finalUser !== undefined && !isRoot(finalUser)) || Boolean(byImage),
    ...(byImage && { nonRootBy: byImage }),
    singleStageBuild: stages === 1 && builds,
    baseImages,
    unpinnedBaseImages: baseImages.filter(b => !b.pinned).map(b => b.image),
  };
}

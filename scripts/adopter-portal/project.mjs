// Writes the second Backstage: a minimal backend and app in a folder outside
// the monorepo, depending on the packed tarballs the way an adopter's portal
// depends on published packages.
import fs from 'node:fs';
import path from 'node:path';

/** The entity whose scorecard the check reads. */
export const ENTITY = {
  kind: 'component',
  namespace: 'default',
  name: 'orders',
};

function write(file, content) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    typeof content === 'string'
      ? content
      : `${JSON.stringify(content, null, 2)}\n`,
  );
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * Writes the project. `plugins` carry their name, tarball and install target;
 * `steps` are what the READMEs say (the dependencies to add, the backend
 * features and the frontend import).
 */
export function writeProject({ dir, repo, plugins, steps, port, token }) {
  const rootManifest = readJson(path.join(repo, 'package.json'));
  const backendManifest = readJson(
    path.join(repo, 'packages/backend/package.json'),
  );
  const appManifest = readJson(path.join(repo, 'packages/app/package.json'));
  const range = (manifest, name) => {
    const found =
      manifest.dependencies?.[name] ?? manifest.devDependencies?.[name];
    if (!found)
      throw new Error(`${manifest.name} has no dependency on ${name}`);
    return found;
  };

  // Published packages resolve from the registry; ours are not published, so
  // every name points at its tarball, for direct and transitive dependents.
  const tarballs = Object.fromEntries(
    plugins.map(p => [p.name, `file:${path.relative(dir, p.tarball)}`]),
  );
  write(path.join(dir, 'package.json'), {
    name: 'adopter-portal',
    private: true,
    workspaces: ['packages/*'],
    resolutions: { ...rootManifest.resolutions, ...tarballs },
    packageManager: rootManifest.packageManager,
  });
  write(
    path.join(dir, '.yarnrc.yml'),
    [
      'nodeLinker: node-modules',
      'npmMinimalAgeGate: 30d',
      'npmPreapprovedPackages:',
      "  - '@backstage/*'",
      `yarnPath: ${path.join(repo, '.yarn/releases/yarn-4.13.0.cjs')}`,
      '',
    ].join('\n'),
  );
  // The monorepo's lockfile pins the same versions of Backstage it is tested
  // with; Yarn drops the entries this project does not use.
  fs.copyFileSync(path.join(repo, 'yarn.lock'), path.join(dir, 'yarn.lock'));

  const versionOf = name => `^${plugins.find(p => p.name === name).version}`;
  const ours = names => Object.fromEntries(names.map(n => [n, versionOf(n)]));

  write(path.join(dir, 'packages/backend/package.json'), {
    name: 'backend',
    version: '0.0.0',
    private: true,
    main: 'src/index.js',
    dependencies: {
      '@backstage/backend-defaults': range(
        backendManifest,
        '@backstage/backend-defaults',
      ),
      '@backstage/plugin-catalog-backend': range(
        backendManifest,
        '@backstage/plugin-catalog-backend',
      ),
      'better-sqlite3': range(backendManifest, 'better-sqlite3'),
      ...ours(steps.adds.backend),
    },
  });
  write(
    path.join(dir, 'packages/backend/src/index.js'),
    [
      "const { createBackend } = require('@backstage/backend-defaults');",
      '',
      'const backend = createBackend();',
      "backend.add(import('@backstage/plugin-catalog-backend'));",
      ...steps.backendFeatures.map(name => `backend.add(import('${name}'));`),
      'backend.start();',
      '',
    ].join('\n'),
  );

  write(path.join(dir, 'packages/app/package.json'), {
    name: 'app',
    version: '0.0.0',
    private: true,
    dependencies: {
      '@backstage/frontend-defaults': range(
        appManifest,
        '@backstage/frontend-defaults',
      ),
      react: range(appManifest, 'react'),
      'react-dom': range(appManifest, 'react-dom'),
      'react-router-dom': range(appManifest, 'react-router-dom'),
      ...ours(steps.adds.app),
    },
    devDependencies: {
      '@types/react': rootManifest.resolutions['@types/react'],
      '@types/react-dom': rootManifest.resolutions['@types/react-dom'],
      typescript: range(rootManifest, 'typescript'),
    },
  });
  const { line, binding } = steps.frontendImport;
  write(
    path.join(dir, 'packages/app/src/App.tsx'),
    [
      "import { createApp } from '@backstage/frontend-defaults';",
      line,
      '',
      `export default createApp({ features: [${binding}] });`,
      '',
    ].join('\n'),
  );
  // Type-checked the way a bundler resolves it: through the package's
  // `exports`, so a missing `/alpha` entry point fails here.
  write(path.join(dir, 'packages/app/tsconfig.json'), {
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'bundler',
      jsx: 'react-jsx',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
    },
    include: ['src'],
  });

  write(
    path.join(dir, 'catalog.yaml'),
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Group',
      'metadata:',
      '  name: shop',
      'spec:',
      '  type: team',
      '  children: []',
      '---',
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      `  name: ${ENTITY.name}`,
      '  description: Takes and tracks customer orders',
      'spec:',
      '  type: service',
      '  lifecycle: production',
      '  owner: group:default/shop',
      '',
    ].join('\n'),
  );
  write(
    path.join(dir, 'app-config.yaml'),
    [
      'app:',
      '  baseUrl: http://localhost:3000',
      'backend:',
      `  baseUrl: http://localhost:${port}`,
      '  listen:',
      `    port: ${port}`,
      '  database:',
      '    client: better-sqlite3',
      "    connection: ':memory:'",
      '  auth:',
      '    externalAccess:',
      '      - type: static',
      '        options:',
      `          token: ${token}`,
      '          subject: adopter-check',
      'catalog:',
      '  rules:',
      '    - allow: [Component, Group, User, System, API, Resource, Location]',
      '  locations:',
      '    - type: file',
      `      target: ${path.join(dir, 'catalog.yaml')}`,
      'readiness:',
      '  collectors:',
      '    catalog:',
      '      schedule:',
      '        frequency: { seconds: 10 }',
      '        timeout: { minutes: 1 }',
      '        initialDelay: { seconds: 2 }',
      '',
    ].join('\n'),
  );
}

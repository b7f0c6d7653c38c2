// Reads the installation steps an adopter follows from a plugin's README:
// the `yarn --cwd packages/<backend|app> add ...` commands, the
// `backend.add(import('...'))` lines of packages/backend/src/index.ts and the
// new-frontend-system import of packages/app/src/App.tsx. The second portal is
// built from these steps alone, so a step the README forgets fails the run.
import fs from 'node:fs';

const ADD_COMMAND = /yarn --cwd packages\/(backend|app) add ([^\n`]+)/g;
const BACKEND_ADD = /backend\.add\(\s*import\(\s*'([^']+)'\s*\),?\s*\)/g;
const ALPHA_IMPORT = /import\s+(\w+)\s+from\s+'([^']+\/alpha)';/;

/** The steps of one README, in the order the README gives them. */
export function readmeSteps(readmePath) {
  const text = fs.readFileSync(readmePath, 'utf8');
  const adds = { backend: [], app: [] };
  for (const [, target, names] of text.matchAll(ADD_COMMAND)) {
    adds[target].push(...names.trim().split(/\s+/));
  }
  const backendFeatures = [...text.matchAll(BACKEND_ADD)].map(m => m[1]);
  const alpha = text.match(ALPHA_IMPORT);
  return {
    adds,
    backendFeatures,
    frontendImport: alpha
      ? { binding: alpha[1], specifier: alpha[2], line: alpha[0] }
      : undefined,
  };
}

/**
 * Checks that a plugin's README tells an adopter everything the second portal
 * needed for that plugin, and returns the problems found (empty when none).
 */
export function readmeDefects(plugin, steps) {
  const problems = [];
  const where = `${plugin.dir}/README.md`;
  if (!steps.adds[plugin.target].includes(plugin.name)) {
    problems.push(
      `${where} does not say \`yarn --cwd packages/${plugin.target} add ${plugin.name}\``,
    );
  }
  if (
    plugin.target === 'backend' &&
    !steps.backendFeatures.includes(plugin.name)
  ) {
    problems.push(
      `${where} does not say \`backend.add(import('${plugin.name}'))\``,
    );
  }
  if (
    plugin.target === 'app' &&
    steps.frontendImport?.specifier !== `${plugin.name}/alpha`
  ) {
    problems.push(
      `${where} does not show the new frontend system's import from '${plugin.name}/alpha'`,
    );
  }
  return problems;
}

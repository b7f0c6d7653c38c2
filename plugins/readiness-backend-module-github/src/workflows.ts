import { parse } from 'yaml';
import {
  Capability,
  PRE_RELEASE_ENVIRONMENT,
  PRODUCTION_ENVIRONMENT,
  PULL_REQUEST_TRIGGERS,
  STAGING_ENVIRONMENT,
  STEP_RULES,
} from './workflowRules';

/** One workflow file as read from the default branch. */
export interface WorkflowFile {
  /** Path in the repository, e.g. `.github/workflows/ci.yml`. */
  path: string;
  /** The text, or why it was not read. */
  text?: string;
  skipped?: string;
}

/** What the workflows of a repository do; evidence is `path: label`. */
export type WorkflowAnalysis = Record<Capability, string[]> & {
  /** Workflows parsed. */
  read: string[];
  /** Workflows not parsed, with the reason. */
  skipped: string[];
  /** Workflows that run tests or lint on pull requests or merge queues. */
  pullRequestChecks: string[];
  /** Environments jobs deploy to (`environment:`). */
  environments: string[];
  /** Pre-release environments (staging, QA, ...) jobs deploy to. */
  preReleaseEnvironments: string[];
  /** Notifications sent by workflows that deploy. */
  deployNotifications: string[];
  /** `run:` scripts, kept for the coverage gates; not part of the fact. */
  scripts: Array<{ path: string; run: string }>;
};

const CAPABILITIES: Capability[] = [
  'lint',
  'tests',
  'e2eTests',
  'imageBuild',
  'imageScan',
  'imageSigning',
  'deploy',
  'performanceTests',
  'manifestValidation',
  'rollback',
  'notifications',
];

const isObject = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `on:` as a list of event names, whatever form it is written in. */
export function triggersOf(workflow: Record<string, any>): string[] {
  const on = workflow.on ?? workflow.true; // YAML 1.1 readers turn `on` into true
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.filter(t => typeof t === 'string');
  return isObject(on) ? Object.keys(on) : [];
}

/** `uses: docker/build-push-action@v6` -> `docker/build-push-action`. */
const actionOf = (uses: unknown) =>
  typeof uses === 'string' ? uses.replace(/@.*$/, '').trim() : undefined;

const unique = (values: string[]) => [...new Set(values)];

/** Extra context a workflow is read with. */
export interface WorkflowContext {
  /** Local composite actions by folder (`.github/actions/setup`), parsed. */
  actions?: Map<string, Record<string, any>>;
  /** Whether the repository's goreleaser configuration builds images. */
  goreleaserImages?: string;
}

/** `./.github/actions/setup/` -> `.github/actions/setup`. */
export const localPath = (uses: string) =>
  uses.replace(/^\.\//, '').replace(/\/+$/, '');

const EXPRESSION = /^\$\{\{\s*(.+?)\s*\}\}$/;

/**
 * The environment names a job's `environment:` can take. A literal is
 * itself; `${{ inputs.x }}` is what a caller passes or the input's
 * choices and default; `${{ matrix.x }}` is the matrix's values. Any
 * other expression names nothing we can know, so it names nothing.
 */
function environmentNames(
  job: Record<string, any>,
  workflow: Record<string, any>,
  callerWith: Record<string, unknown> | undefined,
): string[] {
  const raw = isObject(job.environment)
    ? job.environment.name
    : job.environment;
  if (typeof raw !== 'string' || !raw.trim()) return [];
  const expression = EXPRESSION.exec(raw.trim());
  if (!expression) return raw.includes('${{') ? [] : [raw.trim()];
  const [, inner] = expression;
  const input = /^(?:github\.event\.)?inputs\.([\w-]+)$/.exec(inner);
  if (input) {
    const passed = callerWith?.[input[1]];
    if (typeof passed === 'string' && !passed.includes('${{')) return [passed];
    const on = isObject(workflow.on) ? workflow.on : {};
    const declared = [on.workflow_dispatch, on.workflow_call]
      .map(t =>
        isObject(t) && isObject(t.inputs) ? t.inputs[input[1]] : undefined,
      )
      .filter(isObject);
    return declared.flatMap(d => [
      ...(Array.isArray(d.options)
        ? d.options.filter((o: unknown) => typeof o === 'string')
        : []),
      ...(typeof d.default === 'string' ? [d.default] : []),
    ]);
  }
  const matrix = /^matrix\.([\w-]+)$/.exec(inner);
  const values = matrix && job.strategy?.matrix?.[matrix[1]];
  return Array.isArray(values) ? values.filter(v => typeof v === 'string') : [];
}

/** Steps that set up a throwaway local cluster: what follows is a test. */
const LOCAL_CLUSTER_USES =
  /^(helm\/kind-action|engineerd\/setup-kind|medyagh\/setup-minikube|manusa\/actions-setup-minikube|AbsaOSS\/k3d-action|nolar\/setup-k3d-k3s|debianmaster\/actions-k3s|container-tools\/kind-action)$/;
const LOCAL_CLUSTER_RUN =
  /\b(kind\s+create\s+cluster|minikube\s+start|k3d\s+cluster\s+create|ctlptl\s+create)\b/;

/** Jobs that publish or sign, which environments also guard, not deploy. */
const PUBLISH_ONLY =
  /^(actions\/deploy-pages|actions\/upload-pages-artifact|peaceiris\/actions-gh-pages|JamesIves\/github-pages-deploy-action|pypa\/gh-action-pypi-publish|softprops\/action-gh-release|goreleaser\/goreleaser-action|sigstore\/cosign-installer|docker\/build-push-action|docker\/login-action|JS-DevTools\/npm-publish|changesets\/action|ncipollo\/release-action|release-drafter\/release-drafter)$/;
const PUBLISH_ENVIRONMENT =
  /^(github-pages|pages|docs?|pypi|test-?pypi|npm|npmjs|release|releases?|publish(ing)?|crates(-io)?|maven(-central)?|sonatype|registry|docker(hub)?|ghcr|sign(ing)?|homebrew|snap(craft)?|nuget|rubygems|gh-pages|copilot)$/i;

// Not `smoke`: smoke jobs are as often load or health probes as browsers.
const E2E_NAME =
  /(^|[-_ .:/])(e2e|end-?to-?end|end2end|acceptance)([-_ .:/]|$)/i;

const isSelfHosted = (runsOn: unknown) =>
  (typeof runsOn === 'string' && /self-hosted/.test(runsOn)) ||
  (Array.isArray(runsOn) && runsOn.includes('self-hosted')) ||
  (isObject(runsOn) && /self-hosted/.test(JSON.stringify(runsOn)));

/** Names of remote reusable workflows say what they do. */
const REMOTE_WORKFLOW: Array<[RegExp, Capability]> = [
  [/(^|[-_.])lint/i, 'lint'],
  [/(^|[-_.])(test|ci|check)s?([-_.]|$)/i, 'tests'],
  [/(^|[-_.])e2e/i, 'e2eTests'],
  [/(^|[-_.])(docker|image|container|build-push)/i, 'imageBuild'],
  [/(^|[-_.])deploy/i, 'deploy'],
];

interface Step {
  uses?: string;
  run?: string;
  via?: string;
}

/** A job's steps, with local composite actions expanded (two levels). */
function expandSteps(
  steps: Record<string, any>[],
  context: WorkflowContext,
  depth = 0,
): Step[] {
  return steps.flatMap(step => {
    const uses = typeof step.uses === 'string' ? step.uses : undefined;
    const run = typeof step.run === 'string' ? step.run : undefined;
    const own: Step = { uses, run };
    if (!uses?.startsWith('./') || depth > 1) return [own];
    const action = context.actions?.get(localPath(uses));
    const inner = action?.runs?.steps;
    if (!Array.isArray(inner)) return [own];
    return [
      own,
      ...expandSteps(inner.filter(isObject), context, depth + 1).map(s => ({
        ...s,
        via: s.via ?? localPath(uses),
      })),
    ];
  });
}

/** Finds capabilities in the jobs and steps of one parsed workflow. */
function scanWorkflow(
  path: string,
  workflow: Record<string, any>,
  out: WorkflowAnalysis,
  context: WorkflowContext,
  reusable: Map<string, Record<string, any>>,
  caller?: { path: string; with?: Record<string, unknown> },
) {
  const found = new Set<Capability>();
  const notes: string[] = [];
  const where = caller ? `${caller.path} -> ${path}` : path;
  const note = (capability: Capability, label: string) => {
    found.add(capability);
    out[capability].push(`${where}: ${label}`);
    if (capability === 'notifications') notes.push(`${where}: ${label}`);
  };
  const jobs = isObject(workflow.jobs) ? Object.entries(workflow.jobs) : [];
  const workflowIsE2e =
    E2E_NAME.test(path.replace(/^.*\//, '').replace(/\.ya?ml$/, '')) ||
    (typeof workflow.name === 'string' && E2E_NAME.test(workflow.name));
  for (const [jobId, job] of jobs) {
    if (!isObject(job)) continue;
    const jobName = typeof job.name === 'string' ? job.name : jobId;
    // A job may call a reusable workflow instead of running steps.
    if (typeof job.uses === 'string') {
      const called = job.uses.startsWith('./')
        ? localPath(job.uses)
        : undefined;
      const target = called && reusable.get(called);
      if (target && !caller) {
        scanWorkflow(called!, target, out, context, reusable, {
          path,
          with: isObject(job.with) ? job.with : undefined,
        }).forEach(c => found.add(c));
      } else if (!called) {
        const file = job.uses.replace(/@.*$/, '').replace(/^.*\//, '');
        for (const [pattern, capability] of REMOTE_WORKFLOW) {
          if (pattern.test(file))
            note(
              capability,
              `reusable workflow ${job.uses.replace(/@.*$/, '')}`,
            );
        }
      }
    }
    const steps = expandSteps(
      Array.isArray(job.steps) ? job.steps.filter(isObject) : [],
      context,
    );
    const localCluster = steps.some(
      s =>
        (s.uses && LOCAL_CLUSTER_USES.test(actionOf(s.uses)!)) ||
        (s.run && LOCAL_CLUSTER_RUN.test(s.run)),
    );
    const deploySteps: string[] = [];
    let publishes = false;
    for (const step of steps) {
      const action = actionOf(step.uses);
      const run = step.run;
      if (run) out.scripts.push({ path, run });
      if (action && PUBLISH_ONLY.test(action)) publishes = true;
      for (const rule of STEP_RULES) {
        if (
          !((action && rule.uses?.test(action)) || (run && rule.run?.test(run)))
        ) {
          continue;
        }
        const label = step.via ? `${rule.label} (in ${step.via})` : rule.label;
        if (rule.capability === 'deploy') {
          // Into a kind or minikube cluster the job made: a test.
          if (localCluster) {
            note(
              'e2eTests',
              `job \`${jobName}\` ${rule.label} into a local cluster`,
            );
            continue;
          }
          if (
            rule.label === 'docker compose up' &&
            !isSelfHosted(job['runs-on'])
          ) {
            continue;
          }
          deploySteps.push(label);
          continue;
        }
        note(rule.capability, label);
      }
      if (
        action === 'goreleaser/goreleaser-action' ||
        (run && /\bgoreleaser\s+release\b/.test(run))
      ) {
        if (context.goreleaserImages)
          note('imageBuild', `goreleaser ${context.goreleaserImages}`);
      }
    }
    if (
      (workflowIsE2e || E2E_NAME.test(jobId) || E2E_NAME.test(jobName)) &&
      steps.some(
        s =>
          s.run ||
          (s.uses &&
            !/^actions\/(checkout|setup-|cache|upload-artifact|download-artifact)/.test(
              s.uses,
            )),
      )
    ) {
      note('e2eTests', `job \`${jobName}\` (end-to-end by name)`);
    }
    const names = environmentNames(job, workflow, caller?.with);
    const envText = names.length
      ? ` against environment ${names.join(', ')}`
      : '';
    const deployEnvironments = names.filter(n => !PUBLISH_ENVIRONMENT.test(n));
    if (deploySteps.length > 0) {
      note(
        'deploy',
        `job \`${jobName}\` runs ${unique(deploySteps)
          .map(d => `\`${d}\``)
          .join(', ')}${envText}`,
      );
    } else if (
      deployEnvironments.length > 0 &&
      !publishes &&
      deployEnvironments.some(
        n => PRODUCTION_ENVIRONMENT.test(n) || PRE_RELEASE_ENVIRONMENT.test(n),
      )
    ) {
      note(
        'deploy',
        `job \`${jobName}\` deploys to environment ${deployEnvironments.join(
          ', ',
        )}`,
      );
    }
    if (
      deploySteps.length > 0 ||
      (deployEnvironments.length > 0 && !publishes)
    ) {
      out.environments.push(...deployEnvironments);
      out.preReleaseEnvironments.push(
        ...deployEnvironments.filter(n => STAGING_ENVIRONMENT.test(n)),
      );
    }
  }
  const triggers = triggersOf(workflow);
  const title = `${path} ${
    typeof workflow.name === 'string' ? workflow.name : ''
  }`;
  if (
    (triggers.includes('workflow_dispatch') ||
      triggers.includes('workflow_call')) &&
    /roll[\s-]?back/i.test(title)
  ) {
    note('rollback', 'manual rollback workflow');
  }
  if (
    !caller &&
    (found.has('tests') || found.has('lint')) &&
    triggers.some(t => PULL_REQUEST_TRIGGERS.includes(t))
  ) {
    out.pullRequestChecks.push(path);
  }
  if (found.has('deploy')) {
    out.deployNotifications.push(...notes);
  }
  return found;
}

/**
 * Reads what the workflows on the default branch do: lint, test, build,
 * scan and sign images, deploy (and where), roll back, notify. A workflow
 * that does not parse is listed as skipped, never guessed at.
 */
export function analyzeWorkflows(
  files: WorkflowFile[],
  context: WorkflowContext = {},
): WorkflowAnalysis {
  const out = {
    read: [],
    skipped: [],
    pullRequestChecks: [],
    environments: [],
    preReleaseEnvironments: [],
    deployNotifications: [],
    scripts: [],
    ...Object.fromEntries(CAPABILITIES.map(c => [c, []])),
  } as unknown as WorkflowAnalysis;
  const parsed: Array<[string, Record<string, any>]> = [];
  for (const file of files) {
    if (file.text === undefined) {
      out.skipped.push(`${file.path}: ${file.skipped ?? 'not read'}`);
      continue;
    }
    let workflow: unknown;
    try {
      workflow = parse(file.text, { maxAliasCount: 100 });
    } catch (error) {
      const reason = (error as Error).message.split('\n')[0];
      out.skipped.push(`${file.path}: invalid YAML (${reason})`);
      continue;
    }
    if (!isObject(workflow)) {
      out.skipped.push(`${file.path}: not a workflow (no mapping)`);
      continue;
    }
    out.read.push(file.path);
    parsed.push([file.path, workflow]);
  }
  const reusable = new Map(parsed);
  for (const [path, workflow] of parsed) {
    scanWorkflow(path, workflow, out, context, reusable);
  }
  for (const key of Object.keys(out) as Array<keyof WorkflowAnalysis>) {
    if (key !== 'scripts') {
      (out as any)[key] = unique(out[key] as string[]);
    }
  }
  return out;
}

import { parse } from 'yaml';
import {
  Capability,
  PRE_RELEASE_ENVIRONMENT,
  PULL_REQUEST_TRIGGERS,
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

const environmentOf = (job: Record<string, any>): string | undefined => {
  const env = job.environment;
  if (typeof env === 'string') return env;
  return isObject(env) && typeof env.name === 'string' ? env.name : undefined;
};

const unique = (values: string[]) => [...new Set(values)];

/** Finds capabilities in the jobs and steps of one parsed workflow. */
function scanWorkflow(
  path: string,
  workflow: Record<string, any>,
  out: WorkflowAnalysis,
) {
  const found = new Set<Capability>();
  const notes: string[] = [];
  const note = (capability: Capability, label: string) => {
    found.add(capability);
    out[capability].push(`${path}: ${label}`);
    if (capability === 'notifications') notes.push(`${path}: ${label}`);
  };
  const jobs = isObject(workflow.jobs) ? Object.values(workflow.jobs) : [];
  for (const job of jobs.filter(isObject)) {
    const environment = environmentOf(job);
    if (environment) {
      out.environments.push(environment);
      note('deploy', `job deploys to environment ${environment}`);
      if (PRE_RELEASE_ENVIRONMENT.test(environment)) {
        out.preReleaseEnvironments.push(environment);
      }
    }
    // A job may call a reusable workflow instead of running steps.
    const steps = [
      ...(Array.isArray(job.steps) ? job.steps.filter(isObject) : []),
      ...(typeof job.uses === 'string' ? [{ uses: job.uses }] : []),
    ];
    for (const step of steps) {
      const action = actionOf(step.uses);
      const run = typeof step.run === 'string' ? step.run : undefined;
      if (run) out.scripts.push({ path, run });
      for (const rule of STEP_RULES) {
        if (
          (action && rule.uses?.test(action)) ||
          (run && rule.run?.test(run))
        ) {
          note(rule.capability, rule.label);
        }
      }
    }
  }
  const triggers = triggersOf(workflow);
  const title = `${path} ${
    typeof workflow.name === 'string' ? workflow.name : ''
  }`;
  if (triggers.includes('workflow_dispatch') && /roll[\s-]?back/i.test(title)) {
    note('rollback', 'manual rollback workflow');
  }
  if (
    (found.has('tests') || found.has('lint')) &&
    triggers.some(t => PULL_REQUEST_TRIGGERS.includes(t))
  ) {
    out.pullRequestChecks.push(path);
  }
  if (found.has('deploy')) {
    out.deployNotifications.push(...notes);
  }
}

/**
 * Reads what the workflows on the default branch do: lint, test, build,
 * scan and sign images, deploy (and where), roll back, notify. A workflow
 * that does not parse is listed as skipped, never guessed at.
 */
export function analyzeWorkflows(files: WorkflowFile[]): WorkflowAnalysis {
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
    scanWorkflow(file.path, workflow, out);
  }
  for (const key of Object.keys(out) as Array<keyof WorkflowAnalysis>) {
    if (key !== 'scripts') {
      (out as any)[key] = unique(out[key] as string[]);
    }
  }
  return out;
}

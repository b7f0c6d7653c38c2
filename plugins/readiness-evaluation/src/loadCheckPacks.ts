import { Config } from '@backstage/config';
import {
  ReadinessCheck,
  ReadinessScorecard,
} from '@readiness/backstage-plugin-readiness-common';
import fs from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { ZodError } from 'zod/v3';
import { CheckPackError } from './CheckPackError';
import { CheckRegistry, CompiledCheck } from './CheckRegistry';
import { compileExpression, referencedFacts } from './celExpressions';
import {
  AttestationType,
  CheckDefinition,
  checkOverrideSchema,
  checkPackSchema,
  checkSchema,
} from './packSchema';

const APP_CONFIG = 'app-config (readiness.checks)';

interface SourcedCheck extends CheckDefinition {
  origin: string;
}

function describeZodError(error: ZodError): string {
  return error.issues
    .map(issue => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Parses one YAML pack file; a file may hold several documents. */
/**
 * A check pack given by its text rather than read from its path (a pack
 * being previewed before it is deployed); `path` names it in errors and
 * origins.
 */
export interface CheckPackSource {
  path: string;
  text: string;
}

async function readPackFile(source: string | CheckPackSource) {
  const file = typeof source === 'string' ? source : source.path;
  let text: string;
  try {
    text =
      typeof source === 'string'
        ? await fs.readFile(source, 'utf8')
        : source.text;
  } catch (error) {
    throw new CheckPackError(file, undefined, `cannot be read (${error})`);
  }
  const scorecards: Array<ReadinessScorecard & { origin: string }> = [];
  const attestations: Array<AttestationType & { origin: string }> = [];
  const checks: SourcedCheck[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      throw new CheckPackError(file, undefined, doc.errors[0].message);
    }
    const raw = doc.toJS();
    if (raw === null || raw === undefined) {
      continue;
    }
    const parsed = checkPackSchema.safeParse(raw);
    if (!parsed.success) {
      const index = parsed.error.issues[0]?.path[1];
      const checkId =
        parsed.error.issues[0]?.path[0] === 'checks' &&
        typeof index === 'number'
          ? raw.checks?.[index]?.id
          : undefined;
      throw new CheckPackError(file, checkId, describeZodError(parsed.error));
    }
    scorecards.push(
      ...parsed.data.scorecards.map(s => ({ ...s, origin: file })),
    );
    attestations.push(
      ...parsed.data.attestations.map(a => ({ ...a, origin: file })),
    );
    checks.push(...parsed.data.checks.map(c => ({ ...c, origin: file })));
  }
  return { scorecards, attestations, checks };
}

/** Applies `readiness.checks.<id>`: overrides of pack checks, or new checks. */
function applyConfig(checks: SourcedCheck[], config: Config): SourcedCheck[] {
  const section = config.getOptionalConfig('readiness.checks');
  if (!section) {
    return checks;
  }
  const byId = new Map(checks.map(c => [c.id, c]));
  const added: SourcedCheck[] = [];
  const disabled = new Set<string>();
  for (const id of section.keys()) {
    const raw = section.get(id);
    const existing = byId.get(id);
    if (existing) {
      const parsed = checkOverrideSchema.safeParse(raw);
      if (!parsed.success) {
        throw new CheckPackError(
          APP_CONFIG,
          id,
          describeZodError(parsed.error),
        );
      }
      const { enabled, params, weight, level } = parsed.data;
      if (enabled === false) {
        disabled.add(id);
      }
      byId.set(id, {
        ...existing,
        params: params ? { ...existing.params, ...params } : existing.params,
        weight: weight ?? existing.weight,
        level: level ?? existing.level,
      });
    } else {
      const parsed = checkSchema.safeParse({ ...(raw as object), id });
      if (!parsed.success) {
        throw new CheckPackError(
          APP_CONFIG,
          id,
          `is not a check of any pack, and not a complete new check: ${describeZodError(
            parsed.error,
          )}`,
        );
      }
      added.push({ ...parsed.data, origin: APP_CONFIG });
    }
  }
  return [...byId.values(), ...added].filter(c => !disabled.has(c.id));
}

function compileCheck(
  check: SourcedCheck,
  scorecards: Map<string, ReadinessScorecard>,
  knownFacts: Set<string>,
): CompiledCheck {
  const fail = (reason: string) =>
    new CheckPackError(check.origin, check.id, reason);

  const scorecard = scorecards.get(check.scorecard);
  if (!scorecard) {
    throw fail(`scorecard '${check.scorecard}' does not exist`);
  }
  if (!scorecard.levels.some(l => l.id === check.level)) {
    throw fail(
      `level '${check.level}' does not exist in scorecard '${
        scorecard.id
      }' (levels: ${scorecard.levels.map(l => l.id).join(', ')})`,
    );
  }
  for (const fact of check.facts) {
    if (!knownFacts.has(fact)) {
      throw fail(
        `reads unknown fact '${fact}'; no installed collector provides it`,
      );
    }
  }
  for (const fact of referencedFacts(
    `${check.expression} ${check.message ?? ''}`,
  )) {
    if (!check.facts.includes(fact)) {
      throw fail(
        `expression reads fact '${fact}' which is not listed in 'facts'`,
      );
    }
  }

  let evaluate;
  let explain;
  try {
    evaluate = compileExpression(check.expression);
  } catch (error) {
    throw fail(`expression does not compile: ${(error as Error).message}`);
  }
  try {
    explain = check.message ? compileExpression(check.message) : undefined;
  } catch (error) {
    throw fail(`message does not compile: ${(error as Error).message}`);
  }

  const declared: ReadinessCheck = { ...check };
  return { ...declared, evaluate, explain };
}

/**
 * Reads, validates and compiles every check pack, then applies app-config.
 * Any problem throws a {@link CheckPackError} naming the file and check.
 */
export async function loadCheckPacks(options: {
  files: Array<string | CheckPackSource>;
  config: Config;
  knownFacts: Set<string>;
}): Promise<CheckRegistry> {
  const scorecards = new Map<string, ReadinessScorecard & { origin: string }>();
  const checks: SourcedCheck[] = [];
  const checkOrigins = new Map<string, string>();
  const attestations = new Map<string, AttestationType & { origin: string }>();

  for (const source of options.files) {
    const file = typeof source === 'string' ? source : source.path;
    const pack = await readPackFile(source);
    for (const attestation of pack.attestations) {
      const existing = attestations.get(attestation.id);
      if (existing) {
        throw new CheckPackError(
          file,
          undefined,
          `attestation type '${attestation.id}' is already defined in ${existing.origin}`,
        );
      }
      attestations.set(attestation.id, attestation);
    }
    for (const scorecard of pack.scorecards) {
      const existing = scorecards.get(scorecard.id);
      if (existing) {
        throw new CheckPackError(
          file,
          undefined,
          `scorecard '${scorecard.id}' is already defined in ${existing.origin}`,
        );
      }
      scorecards.set(scorecard.id, scorecard);
    }
    for (const check of pack.checks) {
      const existing = checkOrigins.get(check.id);
      if (existing) {
        throw new CheckPackError(
          file,
          check.id,
          `duplicate check id, already defined in ${existing}`,
        );
      }
      checkOrigins.set(check.id, file);
      checks.push(check);
    }
  }

  // Attestation types declared by packs are facts that checks may read.
  const knownFacts = new Set([
    ...options.knownFacts,
    ...[...attestations.keys()].map(id => `attestation.${id}`),
  ]);
  const configured = applyConfig(checks, options.config);
  const compiled = configured.map(c => compileCheck(c, scorecards, knownFacts));
  const publicScorecards = [...scorecards.values()].map(
    ({ origin: _origin, ...scorecard }) => scorecard,
  );
  return new CheckRegistry(
    publicScorecards,
    compiled,
    [...attestations.values()].map(({ origin: _origin, ...type }) => type),
  );
}

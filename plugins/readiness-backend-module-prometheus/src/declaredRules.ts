import {
  ReadinessCollectorError,
  ReadinessFactSource,
} from '@readiness/backstage-plugin-readiness-node';
import { DeclaredFileReader } from './declaredFiles';
import { EntityTarget } from './entityMapping';
import { PrometheusRuleGroup } from './PrometheusClient';
import { DeclaredRuleFile, RuleFileError, ruleGroupsOf } from './ruleFiles';
import { MatchedRule, RuleIndex } from './rules';

/** The declared rules of one entity, ready to become its rule facts. */
export interface DeclaredRuleSet {
  matched: MatchedRule[];
  /** The files and folders the rules were read from, as evidence names them. */
  declaredIn: string[];
  source: ReadinessFactSource;
}

type Read =
  | { ok: true; files: DeclaredRuleFile[] }
  | { ok: false; message: string };

type Parsed =
  | { ok: true; groups: PrometheusRuleGroup[] }
  | { ok: false; message: string };

const MAX_SHOWN = 3;

/**
 * One cycle of declared rules: every location is read once, every file
 * parsed once and every rule set indexed once, however many entities name
 * them (a team's rule folder is often named by all its services).
 */
export class DeclaredRulesCycle {
  private readonly reads = new Map<string, Promise<Read>>();
  private readonly parsed = new Map<DeclaredRuleFile, Parsed>();
  private readonly indexes = new Map<string, RuleIndex>();

  constructor(
    private readonly reader: DeclaredFileReader,
    private readonly signal?: AbortSignal,
  ) {}

  private read(
    location: string,
    target: EntityTarget,
    from: 'rules' | 'manifests',
  ): Promise<Read> {
    let key: string;
    try {
      key = `${from} ${this.reader.key(location, target.entity)}`;
    } catch (error) {
      return Promise.resolve({
        ok: false,
        message: (error as Error).message,
      });
    }
    let read = this.reads.get(key);
    if (!read) {
      read = this.reader.read(location, target.entity, from, this.signal).then(
        files => ({ ok: true as const, files }),
        error => {
          if (this.signal?.aborted) throw error;
          return { ok: false as const, message: (error as Error).message };
        },
      );
      this.reads.set(key, read);
    }
    return read;
  }

  private groupsOf(file: DeclaredRuleFile): Parsed {
    let parsed = this.parsed.get(file);
    if (!parsed) {
      try {
        parsed = { ok: true, groups: ruleGroupsOf(file) };
      } catch (error) {
        // The error's target names the file already.
        parsed = {
          ok: false,
          message:
            error instanceof RuleFileError
              ? error.problem
              : (error as Error).message,
        };
      }
      this.parsed.set(file, parsed);
    }
    return parsed;
  }

  /**
   * The declared rules of an entity, or undefined when it declares none:
   * no `readiness.io/prometheus-rules`, and no PrometheusRule among its
   * Kubernetes manifests (those may hold only workloads, and say nothing
   * about rules kept elsewhere). When a file cannot be read or parsed, the
   * error names it and the entity gets no rule facts: judging part of its
   * rules would make the missing ones look absent.
   */
  async rulesOf(
    target: EntityTarget,
    label: string,
    errors: ReadinessCollectorError[],
  ): Promise<DeclaredRuleSet | undefined> {
    const wanted = [
      ...target.ruleFiles.map(l => ({ location: l, from: 'rules' as const })),
      ...target.manifests.map(l => ({
        location: l,
        from: 'manifests' as const,
      })),
    ];
    const files: DeclaredRuleFile[] = [];
    const groups: PrometheusRuleGroup[] = [];
    const declaredIn: string[] = [];
    let failed = false;
    for (const { location, from } of wanted) {
      const shown = this.reader.describe(location, target.entity);
      const read = await this.read(location, target, from);
      if (!read.ok) {
        errors.push({
          target: `prometheus ${from} ${shown}`,
          message: read.message,
          entityRefs: [target.entityRef],
        });
        failed = true;
        continue;
      }
      // A rule location is evidence whatever it holds (an empty rule
      // folder says the service has no rules); a manifest only when it
      // holds PrometheusRules.
      if (from === 'rules') declaredIn.push(shown);
      for (const file of read.files) {
        const parsed = this.groupsOf(file);
        if (!parsed.ok) {
          errors.push({
            target: `prometheus ${from} ${file.shown}`,
            message: parsed.message,
            entityRefs: [target.entityRef],
          });
          failed = true;
          continue;
        }
        files.push(file);
        groups.push(...parsed.groups);
        if (from === 'manifests' && parsed.groups.length > 0) {
          declaredIn.push(file.shown);
        }
      }
    }
    if (failed) return undefined;
    if (target.ruleFiles.length === 0 && groups.length === 0) return undefined;

    const key = JSON.stringify([label, files.map(f => f.shown)]);
    let index = this.indexes.get(key);
    if (!index) {
      index = new RuleIndex(undefined, label, groups);
      this.indexes.set(key, index);
    }
    const unique = [...new Set(declaredIn)];
    const link = files.find(
      f => f.link && groups.some(g => g.file === f.shown),
    )?.link;
    return {
      matched: index.matchDeclared(target),
      declaredIn: unique,
      source: {
        target: `declared rules ${unique.slice(0, MAX_SHOWN).join(', ')}${
          unique.length > MAX_SHOWN
            ? ` and ${unique.length - MAX_SHOWN} more`
            : ''
        }`,
        ...(link ? { link } : {}),
        origin: 'declared',
      },
    };
  }
}

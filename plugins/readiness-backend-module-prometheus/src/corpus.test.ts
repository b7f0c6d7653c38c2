import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { PrometheusRule, PrometheusRuleGroup } from './PrometheusClient';
import { ruleGroupsOf } from './ruleFiles';
import { RuleIndex } from './rules';
import { SIGNALS } from './ruleSignals';

/**
 * Judges the rule index on the corpus in `__corpus__`: rule files in the
 * shapes SLO generators, monitoring mixins, community collections,
 * proxies, meshes and vmalert users write, each rule with its expected
 * entities, signals and SLO verdict in `expectations.tsv`. Prints
 * precision and recall per signal, and holds them to the targets.
 */
const CORPUS = path.join(__dirname, '__corpus__');

interface Expected {
  file: string;
  rule: string;
  entities: string[];
  signals: string[] | undefined;
  slo: boolean;
}

const catalog = parse(
  fs.readFileSync(path.join(CORPUS, 'entities.yaml'), 'utf8'),
) as {
  mappingLabel: string;
  entities: Array<{ name: string; namespace?: string }>;
};
const allEntities = catalog.entities.map(e => e.name).sort();

function list(cell: string): string[] {
  if (cell === '-') return [];
  if (cell === '*') return allEntities;
  return cell
    .split(',')
    .map(v => v.trim())
    .filter(Boolean)
    .sort();
}

const expectations: Expected[] = fs
  .readFileSync(path.join(CORPUS, 'expectations.tsv'), 'utf8')
  .split('\n')
  .filter(line => line.trim() && !line.startsWith('#'))
  .slice(1)
  .map(line => {
    const [file, rule, entities, signals, slo] = line.split('\t');
    return {
      file,
      rule,
      entities: list(entities),
      signals: signals === '' ? undefined : list(signals),
      slo: slo.trim() === 'yes',
    };
  });

/**
 * The rules of a file as `/api/v1/rules` would return them, read by the
 * parser of declared rule files (so the corpus exercises it too).
 */
function load(file: string): PrometheusRuleGroup[] {
  return ruleGroupsOf({
    shown: file,
    from: 'rules',
    text: fs.readFileSync(path.join(CORPUS, 'rules', file), 'utf8'),
  });
}

interface Judged {
  expected: Expected;
  entities: string[];
  signals: string[];
  slo: boolean;
  alerting: boolean;
  reasons: string[];
}

function judge(): Judged[] {
  const files = fs.readdirSync(path.join(CORPUS, 'rules')).sort();
  const judged: Judged[] = [];
  for (const file of files) {
    const groups = load(file);
    const index = new RuleIndex('corpus', catalog.mappingLabel, groups);
    const entitiesOf = new Map<PrometheusRule, Set<string>>();
    const items = new Map<PrometheusRule, ReturnType<RuleIndex['match']>[0]>();
    for (const entity of catalog.entities) {
      for (const m of index.match({
        labelValue: entity.name,
        namespace: entity.namespace,
        alertNames: [],
        recordingRuleNames: [],
      })) {
        const set = entitiesOf.get(m.rule) ?? new Set<string>();
        set.add(entity.name);
        entitiesOf.set(m.rule, set);
        items.set(m.rule, m);
      }
    }
    const all = index.indexed();
    for (const item of all) {
      const expected = expectations.find(
        e => e.file === file && e.rule === item.rule.name,
      );
      if (!expected) {
        throw new Error(`${file}: rule ${item.rule.name} has no expectation`);
      }
      judged.push({
        expected,
        entities: [...(entitiesOf.get(item.rule) ?? [])].sort(),
        signals: item.signals,
        slo: !!item.slo,
        alerting: item.rule.type === 'alerting',
        reasons: [
          ...item.findings.map(f => `${f.signal}: ${f.reason}`),
          ...(items.has(item.rule)
            ? [`entity: ${items.get(item.rule)!.matchReason}`]
            : []),
        ],
      });
    }
  }
  return judged;
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

describe('the rule corpus', () => {
  const judged = judge();
  const alerts = judged.filter(j => j.alerting);

  it('has an expectation for every rule and a rule for every expectation', () => {
    for (const e of expectations) {
      expect(
        judged.some(j => j.expected === e) ? `${e.file} ${e.rule}` : undefined,
      ).toBe(`${e.file} ${e.rule}`);
    }
    for (const j of alerts) {
      expect(j.expected.signals).toBeDefined();
    }
  });

  it('classifies the signals of alerts', () => {
    const lines: string[] = [];
    const figures: Record<string, { precision: number; recall: number }> = {};
    for (const signal of SIGNALS) {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      for (const j of alerts) {
        const want = j.expected.signals!.includes(signal);
        const got = j.signals.includes(signal);
        if (want && got) tp++;
        else if (got) fp++;
        else if (want) fn++;
      }
      figures[signal] = {
        precision: ratio(tp, tp + fp),
        recall: ratio(tp, tp + fn),
      };
      lines.push(
        `${signal.padEnd(13)} precision ${pct(
          figures[signal].precision,
        ).padStart(6)}  recall ${pct(figures[signal].recall).padStart(
          6,
        )}  (tp ${tp}, fp ${fp}, fn ${fn})`,
      );
    }
    const wrong = alerts.filter(
      j =>
        j.signals.join(',') !==
        [...j.expected.signals!].sort(bySignal).join(','),
    );
    const exact = 1 - wrong.length / alerts.length;
    lines.push(
      `alerts classified exactly right: ${alerts.length - wrong.length}/${
        alerts.length
      } (${pct(exact)})`,
      ...wrong.map(
        j =>
          `  wrong: ${j.expected.file} ${j.expected.rule}: got [${
            j.signals
          }] want [${j.expected.signals}] (${j.reasons.join('; ')})`,
      ),
    );
    // eslint-disable-next-line no-console
    console.log(lines.join('\n'));
    expect(exact).toBeGreaterThanOrEqual(0.95);
    for (const signal of ['errors', 'latency'] as const) {
      expect(figures[signal].recall).toBeGreaterThanOrEqual(0.9);
      expect(figures[signal].precision).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('matches rules to their entities', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const wrong: string[] = [];
    for (const j of judged) {
      const want = j.expected.entities;
      tp += j.entities.filter(e => want.includes(e)).length;
      fp += j.entities.filter(e => !want.includes(e)).length;
      fn += want.filter(e => !j.entities.includes(e)).length;
      if (j.entities.join(',') !== want.join(',')) {
        wrong.push(
          `  wrong: ${j.expected.file} ${j.expected.rule}: got [${j.entities}] want [${want}]`,
        );
      }
    }
    const exact = 1 - wrong.length / judged.length;
    // eslint-disable-next-line no-console
    console.log(
      [
        `entity pairs  precision ${pct(ratio(tp, tp + fp))}  recall ${pct(
          ratio(tp, tp + fn),
        )}  (tp ${tp}, fp ${fp}, fn ${fn})`,
        `rules matched exactly right: ${judged.length - wrong.length}/${
          judged.length
        } (${pct(exact)})`,
        ...wrong,
      ].join('\n'),
    );
    expect(ratio(tp, tp + fp)).toBeGreaterThanOrEqual(0.95);
    expect(ratio(tp, tp + fn)).toBeGreaterThanOrEqual(0.9);
  });

  it('matches every alert of an SLO generator to its entity', () => {
    const generated = alerts.filter(j =>
      /^(sloth|pyrra|slo-generator)-/.test(j.expected.file),
    );
    const unmatched = generated.filter(
      j => j.entities.join(',') !== j.expected.entities.join(','),
    );
    // eslint-disable-next-line no-console
    console.log(
      `SLO-generator alerts matched to their entity: ${
        generated.length - unmatched.length
      }/${generated.length}`,
    );
    expect(generated.length).toBeGreaterThan(0);
    expect(unmatched.map(j => `${j.expected.file} ${j.expected.rule}`)).toEqual(
      [],
    );
  });

  it('recognises SLO rules', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const j of judged) {
      if (j.slo && j.expected.slo) tp++;
      else if (j.slo) fp++;
      else if (j.expected.slo) fn++;
    }
    // eslint-disable-next-line no-console
    console.log(
      `SLO rules     precision ${pct(ratio(tp, tp + fp))}  recall ${pct(
        ratio(tp, tp + fn),
      )}  (tp ${tp}, fp ${fp}, fn ${fn})`,
    );
    expect(ratio(tp, tp + fp)).toBeGreaterThanOrEqual(0.95);
    expect(ratio(tp, tp + fn)).toBeGreaterThanOrEqual(0.9);
  });
});

function bySignal(a: string, b: string) {
  return SIGNALS.indexOf(a as never) - SIGNALS.indexOf(b as never);
}

/* eslint-disable no-console */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { PrometheusRule, PrometheusRuleGroup } from '../src/PrometheusClient';
import { RuleIndex } from '../src/rules';

/**
 * What indexing a large rule set costs: the corpus rule files copied
 * `copies` times with the service names renamed per copy (so Sloth and
 * Pyrra write thousands of definitions under one recording-rule name, as
 * on a server with hundreds of SLOs), indexed once, then every entity
 * matched. Prints the rule count, the build and match times and the heap.
 *
 *   yarn bench:rules [copies]
 */
const CORPUS = path.join(__dirname, '../src/__corpus__/rules');
const SERVICES = /checkout|search|payments|catalog|frontend/g;

interface RuleFile {
  groups: Array<{
    name: string;
    rules: Array<{
      alert?: string;
      record?: string;
      expr: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    }>;
  }>;
}

function fleetOfRules(copies: number): PrometheusRuleGroup[] {
  const files = fs
    .readdirSync(CORPUS)
    .map(f => parse(fs.readFileSync(path.join(CORPUS, f), 'utf8')) as RuleFile);
  const groups: PrometheusRuleGroup[] = [];
  for (let i = 0; i < copies; i++) {
    const rename = (text: string) => text.replace(SERVICES, s => `${s}${i}`);
    for (const group of files.flatMap(f => f.groups)) {
      groups.push({
        name: rename(group.name),
        rules: group.rules.map(
          r =>
            ({
              type: r.alert ? 'alerting' : 'recording',
              name: rename((r.alert ?? r.record)!),
              query: rename(r.expr),
              labels: Object.fromEntries(
                Object.entries(r.labels ?? {}).map(([k, v]) => [
                  k,
                  rename(String(v)),
                ]),
              ),
              annotations: r.annotations ?? {},
              health: 'ok',
            } as PrometheusRule),
        ),
      });
    }
  }
  return groups;
}

const copies = Number(process.argv[2] ?? 20);
const groups = fleetOfRules(copies);
const rules = groups.reduce((n, g) => n + (g.rules?.length ?? 0), 0);
const elapsed = (since: bigint) =>
  Math.round(Number(process.hrtime.bigint() - since) / 1e6);

let start = process.hrtime.bigint();
const index = new RuleIndex('bench', 'service', groups);
const buildMs = elapsed(start);

start = process.hrtime.bigint();
let matched = 0;
for (let i = 0; i < copies; i++) {
  for (const service of ['checkout', 'search', 'payments', 'catalog']) {
    matched += index.match({
      labelValue: `${service}${i}`,
      namespace: 'shop',
      alertNames: [],
      recordingRuleNames: [],
    }).length;
  }
}
const matchMs = elapsed(start);

console.log(
  JSON.stringify({
    rules,
    entities: copies * 4,
    buildMs,
    buildMsPerThousandRules: Math.round((buildMs / rules) * 1000),
    matchMs,
    matchedRulePairs: matched,
    heapMB: Math.round(process.memoryUsage().heapUsed / 1e6),
  }),
);

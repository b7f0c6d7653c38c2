/**
 * Our own corpus: services written in the styles real projects ship (Helm
 * output, kustomize builds, plain multi-document files, operator custom
 * resources beside workloads), judged through the declared-manifest path
 * exactly as the collector judges an entity's `readiness.io/kubernetes-manifests`.
 * `__corpus__/expected.yaml` holds, for every service and every check,
 * the state Kubernetes semantics and the check's documented meaning call
 * for. The test measures how far Readiness is from it: the precision and
 * recall of `fail`, with every mismatch printed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { component } from './__testUtils__/entities';
import { evaluateChecks } from './__testUtils__/evaluate';
import { testSettings } from './__testUtils__/settings';
import { KubernetesCollector } from './collector';

const CORPUS = path.join(__dirname, '__corpus__');
const PACK = path.resolve(__dirname, '../checks/kubernetes.yaml');
const REPOSITORY = path.resolve(__dirname, '../../..');

/** Floors: raise them when the figures improve, never lower them. */
const MIN_FAIL_PRECISION = 0.98;
const MIN_FAIL_RECALL = 1;

type State = 'pass' | 'fail' | 'unknown';

interface Expected {
  liveOnly: string[];
  services: Record<
    string,
    {
      about: string;
      fail: Record<string, string>;
      unknown: Record<string, string>;
      pass: string[];
    }
  >;
}

const expected: Expected = parse(
  fs.readFileSync(path.join(CORPUS, 'expected.yaml'), 'utf8'),
);
const checkIds: string[] = parse(fs.readFileSync(PACK, 'utf8')).checks.map(
  (c: { id: string }) => c.id,
);
const short = (id: string) => id.replace(/^kubernetes-/, '');

/** The expected state of every check for one service. */
function expectations(service: string): Map<string, State> {
  const table = expected.services[service];
  const states = new Map<string, State>();
  const put = (id: string, state: State) => {
    if (states.has(id)) throw new Error(`${service} / ${id} expected twice`);
    states.set(id, state);
  };
  expected.liveOnly.forEach(id => put(id, 'unknown'));
  Object.keys(table.fail ?? {}).forEach(id => put(id, 'fail'));
  Object.keys(table.unknown ?? {}).forEach(id => put(id, 'unknown'));
  (table.pass ?? []).forEach(id => put(id, 'pass'));
  return states;
}

const services = fs
  .readdirSync(CORPUS, { withFileTypes: true })
  .filter(d => d.isDirectory())
  .map(d => d.name)
  .sort();

function manifestsOf(service: string): string[] {
  return fs
    .readdirSync(path.join(CORPUS, service))
    .filter(f => /\.ya?ml$/.test(f))
    .sort()
    .map(f => `file:${path.join(CORPUS, service, f)}`);
}

describe('corpus', () => {
  it('expects a state of every check for every service, and nothing else', () => {
    expect(services.length).toBeGreaterThanOrEqual(12);
    expect(Object.keys(expected.services).sort()).toEqual(services);
    for (const service of services) {
      const states = expectations(service);
      expect([service, [...states.keys()].sort()]).toEqual([
        service,
        checkIds.map(short).sort(),
      ]);
    }
    // Every check of the pack is expected to fail somewhere or pass
    // somewhere, not only left unknown.
    const decided = new Set(
      services.flatMap(s =>
        [...expectations(s)].filter(([, v]) => v !== 'unknown').map(([k]) => k),
      ),
    );
    const liveOnly = new Set(expected.liveOnly);
    expect(
      checkIds.map(short).filter(id => !liveOnly.has(id) && !decided.has(id)),
    ).toEqual([]);
  });

  it('fails what the table expects, and little else', async () => {
    const collector = new KubernetesCollector({
      settings: testSettings([], { manifestRoots: [CORPUS] }),
    });
    const entities = services.map(service =>
      component(service, {
        'backstage.io/kubernetes-id': service,
        'readiness.io/kubernetes-manifests': manifestsOf(service).join(','),
      }),
    );
    const result = await collector.collect({
      entities,
      logger: { info: () => {} } as any,
    });
    expect(result.errors).toEqual([]);

    const counts: Record<string, Record<string, number>> = {};
    const mismatches: string[] = [];
    const evidence: string[] = [];
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    for (const entity of entities) {
      const service = entity.metadata.name;
      const ref = `component:default/${service}`;
      const facts = result.facts.filter(f => f.entityRef === ref);
      expect(facts.every(f => f.source?.origin === 'declared')).toBe(true);
      evidence.push(JSON.stringify(facts));
      const outcomes = await evaluateChecks(collector, entity, facts);
      const states = expectations(service);
      for (const id of checkIds) {
        const got = outcomes.get(id)?.state ?? 'missing';
        const want = states.get(short(id))!;
        evidence.push(outcomes.get(id)?.message ?? '');
        counts[want] ??= {};
        counts[want][got] = (counts[want][got] ?? 0) + 1;
        if (got === 'fail' && want === 'fail') truePositives += 1;
        if (got === 'fail' && want !== 'fail') falsePositives += 1;
        if (got !== 'fail' && want === 'fail') falseNegatives += 1;
        if (got !== want) {
          mismatches.push(
            `${service} / ${short(id)}: expected ${want}, got ${got}`,
          );
        }
      }
    }
    const precision =
      truePositives / Math.max(truePositives + falsePositives, 1);
    const recall = truePositives / Math.max(truePositives + falseNegatives, 1);
    const total = services.length * checkIds.length;
    // eslint-disable-next-line no-console
    console.log(
      [
        `corpus: ${services.length} services, ${total} expectations`,
        ...(['pass', 'fail', 'unknown'] as const).map(
          want =>
            `  expected ${want}: ${Object.values(counts[want] ?? {}).reduce(
              (a, b) => a + b,
              0,
            )} (got ${Object.entries(counts[want] ?? {})
              .map(([got, n]) => `${got} ${n}`)
              .join(', ')})`,
        ),
        `  fail: precision ${precision.toFixed(3)} (${truePositives}/${
          truePositives + falsePositives
        }), recall ${recall.toFixed(3)} (${truePositives}/${
          truePositives + falseNegatives
        })`,
        `  mismatches: ${mismatches.length}`,
        ...mismatches.map(m => `    ${m}`),
      ].join('\n'),
    );
    expect(precision).toBeGreaterThanOrEqual(MIN_FAIL_PRECISION);
    expect(recall).toBeGreaterThanOrEqual(MIN_FAIL_RECALL);

    // Evidence names manifests relative to their root, never by a path of
    // the server's file system.
    const leaks = evidence.filter(
      text =>
        text.includes(CORPUS) ||
        text.includes(REPOSITORY) ||
        /file:\/|(^|[\s"'(])\/(work|home|tmp|Users|var\/folders)\//.test(text),
    );
    expect(leaks).toEqual([]);
  });
});

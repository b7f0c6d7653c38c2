import { isRuleInput } from './contentsReader';
import { contentsOfListing } from './listedContents';
import { objectiveStatements, operationsDocsFact } from './operationsDocs';
import { sectionsOf } from './headings';

/** A repository listed as the contents reader lists it: texts of rule inputs. */
const repository = (files: Record<string, string>) =>
  contentsOfListing(
    Object.entries(files).map(([path, text]) =>
      isRuleInput(path) ? { path, text: { text } } : { path },
    ),
  );

const GO_SERVICE = {
  'go.mod': 'module github.com/acme/orders\n',
  'main.go': 'package main\n',
  'internal/store/store.go': 'package store\n',
  'CHANGELOG.md':
    '# Changelog\n\n## Rollback of the v2 schema\n\nReverted the orders table change after the incident in March.\n',
};

const RUNBOOK = `# Orders runbook

Pages go to the orders rotation.

## Rolling back a release

\`\`\`sh
# Rollback: pick the last good revision first
helm history orders -n orders
helm rollback orders <revision> -n orders --wait
\`\`\`

## Disaster recovery

Restore the latest snapshot into a new instance and switch the secret.

| Service | RTO | RPO |
| --- | --- | --- |
| orders | 2h | 5 min |

## Escalation

`;

describe('operations documentation', () => {
  it('finds the sections that document each procedure', () => {
    const fact = operationsDocsFact(
      repository({ ...GO_SERVICE, 'docs/runbooks/orders.md': RUNBOOK }),
    );
    expect(fact).toEqual({
      // The changelog records history, not procedures: not read.
      documents: ['docs/runbooks/orders.md'],
      notRead: [],
      complete: true,
      rollback: ['docs/runbooks/orders.md:5 Rolling back a release'],
      recovery: ['docs/runbooks/orders.md:13 Disaster recovery'],
      backup: [],
      // The heading is there, with nothing below it.
      incidentResponse: [],
      postmortem: [],
      dataRetention: [],
      personalData: [],
      secretRotation: [],
      recoveryTimeObjective: [
        'docs/runbooks/orders.md:19: | orders | 2h | 5 min |',
      ],
      recoveryPointObjective: [
        'docs/runbooks/orders.md:19: | orders | 2h | 5 min |',
      ],
    });
  });

  it('does not take a changelog entry or a comment in a code block for a procedure', () => {
    const fact = operationsDocsFact(
      repository({
        ...GO_SERVICE,
        'README.md':
          '# Orders\n\n```sh\n# Rollback\nhelm rollback orders\n```\n\nRun `make dev` to start the service with its database.\n',
      }),
    );
    expect(fact.documents).toEqual(['README.md']);
    expect(fact.rollback).toEqual([]);
    expect(fact.complete).toBe(true);
  });

  it('does not take past incidents or a process recovering from a crash for a procedure', () => {
    const fact = operationsDocsFact(
      repository({
        ...GO_SERVICE,
        'docs/operations.md':
          '# Operations\n\n## Past incidents\n\n2024-03-02: the orders table filled the disk for an hour.\n\n## Crash loop recovery\n\nThe supervisor restarts the worker with an exponential backoff.\n',
      }),
    );
    expect(fact).toMatchObject({
      complete: true,
      incidentResponse: [],
      recovery: [],
    });
  });

  it('finds post-incident reviews, data retention and personal data', () => {
    const fact = operationsDocsFact(
      repository({
        ...GO_SERVICE,
        'docs/compliance.md':
          '# Compliance\n\n## Personal data (PII)\n\nOrders hold the buyer name and address; both are masked in logs.\n\n## Data retention\n\nOrders are kept seven years for tax law, then deleted by the nightly purge job.\n',
        'docs/incidents.md':
          '# Incidents\n\n## Postmortems\n\nEvery SEV1 and SEV2 gets a blameless review within five working days.\n',
      }),
    );
    expect(fact).toMatchObject({
      personalData: ['docs/compliance.md:3 Personal data (PII)'],
      dataRetention: ['docs/compliance.md:7 Data retention'],
      postmortem: ['docs/incidents.md:3 Postmortems'],
    });
  });

  it('reads reStructuredText and setext headings, and bold step titles', () => {
    expect(
      sectionsOf(
        'docs/ops.rst',
        'Operations\n==========\n\nRestoring from backup\n---------------------\n\nRun ``pg_restore`` against the newest dump in the bucket.\n',
      ).map(s => s.heading),
    ).toEqual(['Operations', 'Restoring from backup']);
    expect(
      sectionsOf(
        'RUNBOOK.md',
        'Runbook\n=======\n\n**Rotating the API keys:**\nCreate the new key in the vault, deploy, then revoke the old key.\n',
      ).map(s => s.heading),
    ).toEqual(['Runbook', 'Rotating the API keys']);
  });

  it('finds secret rotation and backups in a folder of a monorepo and in the shared docs', () => {
    const contents = repository({
      'README.md': '# Shop platform\n',
      'docs/operations/backups.md':
        '# Backups\n\nEvery database of the platform is snapshotted nightly and kept 30 days.\n',
      'services/cart/go.mod': 'module cart\n',
      'services/cart/OPERATIONS.md':
        '# Cart operations\n\n## Secret rotation\n\nThe Redis password rotates monthly: add the new one to the vault, roll the pods, remove the old one.\n',
      'services/cart/notes.md':
        '# Notes\n\n## Rollback\n\nNot a document the rule reads beside the code: only operations files are.\n',
      'services/payments/RUNBOOK.md':
        '# Payments\n\n## Rollback\n\nAnother component: never counted for cart.\n',
    });
    const fact = operationsDocsFact(contents, 'services/cart');
    expect(fact.documents).toEqual([
      'services/cart/OPERATIONS.md',
      'docs/operations/backups.md',
      'README.md',
    ]);
    expect(fact.secretRotation).toEqual([
      'services/cart/OPERATIONS.md:3 Secret rotation',
    ]);
    expect(fact.backup).toEqual(['docs/operations/backups.md:1 Backups']);
    expect(fact.rollback).toEqual([]);
  });

  it('concludes nothing from a tree read only in part', () => {
    const deep = {
      'README.md': '# Payments\n',
      'src/main/java/com/acme/Payments.java': 'class Payments {}\n',
    };
    const fact = operationsDocsFact(repository(deep));
    expect(fact.complete).toBe(false);
    expect(fact.documents).toEqual(['README.md']);
  });

  it('concludes nothing when a document was not read, and says why', () => {
    const contents = contentsOfListing([
      { path: 'go.mod' },
      { path: 'README.md', text: { text: '# Orders\n' } },
      {
        path: 'docs/runbook.md',
        text: { skipped: 'too large (90000 bytes, at most 65536 parsed)' },
      },
    ]);
    const fact = operationsDocsFact(contents);
    expect(fact.complete).toBe(false);
    expect(fact.notRead).toEqual([
      'docs/runbook.md: too large (90000 bytes, at most 65536 parsed)',
    ]);
  });

  it('states a repository without documents as complete, so the checks fail', () => {
    const fact = operationsDocsFact(repository(GO_SERVICE));
    expect(fact).toMatchObject({ documents: [], complete: true, rollback: [] });
  });

  it('wants a duration for a recovery objective', () => {
    const rto = /\bRTO\b|\brecovery[\s-]time[\s-]objective\b/i;
    expect(
      objectiveStatements('RTO: to be agreed with finance\n', rto),
    ).toEqual([]);
    expect(
      objectiveStatements('- Recovery time objective: 30 minutes\n', rto),
    ).toEqual(['1: - Recovery time objective: 30 minutes']);
  });
});

import { Entity } from '@backstage/catalog-model';
import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { HOST } from './fleet';
import { FakeRepo } from './githubEmulator';

/**
 * Repository snapshots written in the styles real projects use (trees and
 * file texts, and what GitHub's API would answer about them), with the
 * catalog entities that live in them.
 */
export interface CorpusRepository {
  file: string;
  style: string;
  repo: FakeRepo;
  entities: Entity[];
}

interface SnapshotEntity {
  name: string;
  type: string;
  /** Folder of the source location; absent: the repository. */
  location?: string;
  /** catalog-info.yaml the entity was registered from. */
  registeredFrom?: string;
}

const CORPUS = path.join(__dirname, '..', '__corpus__');
const DIR = path.join(CORPUS, 'repos');

function entityOf(owner: string, name: string, e: SnapshotEntity): Entity {
  const base = `https://${HOST}/${owner}/${name}`;
  const annotations: Record<string, string> = {
    'github.com/project-slug': `${owner}/${name}`,
    'backstage.io/managed-by-origin-location': `url:${base}/blob/main/catalog-info.yaml`,
  };
  if (e.location !== undefined) {
    annotations['backstage.io/source-location'] = `url:${base}/tree/main/${
      e.location
    }${e.location ? '/' : ''}`;
  }
  if (e.registeredFrom) {
    annotations[
      'backstage.io/managed-by-location'
    ] = `url:${base}/blob/main/${e.registeredFrom}`;
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: e.name, namespace: 'default', annotations },
    spec: {
      type: e.type,
      owner: 'group:default/team',
      lifecycle: 'production',
    },
  };
}

export function loadCorpus(): CorpusRepository[] {
  return fs
    .readdirSync(DIR)
    .filter(f => f.endsWith('.yaml'))
    .sort()
    .map(file => {
      const doc = parse(fs.readFileSync(path.join(DIR, file), 'utf8'));
      const [owner, name] = String(doc.repository).split('/');
      const files: Record<string, string> = {};
      for (const [p, text] of Object.entries(doc.files ?? {})) {
        files[p] = String(text ?? '');
      }
      return {
        file,
        style: doc.style,
        repo: { owner, name, files, ...(doc.github ?? {}) },
        entities: (doc.entities as SnapshotEntity[]).map(e =>
          entityOf(owner, name, e),
        ),
      };
    });
}

export interface Expectation {
  entity: string;
  check: string;
  /** `pass`, `fail`, `unknown`, or `n/a` (the check does not apply). */
  expected: string;
}

export function loadExpectations(): Expectation[] {
  const [header, ...lines] = fs
    .readFileSync(path.join(CORPUS, 'expectations.tsv'), 'utf8')
    .split('\n')
    .filter(l => l.trim() && !l.startsWith('#'));
  const columns = header.split('\t');
  return lines.map(line => {
    const cells = line.split('\t');
    const row = Object.fromEntries(columns.map((c, i) => [c, cells[i]]));
    return row as unknown as Expectation;
  });
}

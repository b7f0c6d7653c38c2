import { ConfigReader } from '@backstage/config';
import { NotModifiedError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { component } from './__testUtils__/entities';
import { DeclaredManifestReader } from './declaredManifests';
import { declaredObjectSet, parseManifestDocuments } from './manifestObjects';

const MANIFEST = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: api }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers: [{ name: api, image: "api:1.0" }]
`;

describe('DeclaredManifestReader', () => {
  let dir: string;
  let root: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-manifests-'));
    root = path.join(dir, 'manifests');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'api.yaml'), MANIFEST);
    fs.writeFileSync(path.join(dir, 'outside.yaml'), MANIFEST);
    fs.symlinkSync(
      path.join(dir, 'outside.yaml'),
      path.join(root, 'link.yaml'),
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const entityAt = (location: string, manifests: string) =>
    component('api', {
      'backstage.io/managed-by-location': location,
      'readiness.io/kubernetes-manifests': manifests,
    });

  it('reads files below a manifest root, relative to the entity file', async () => {
    const reader = new DeclaredManifestReader({ manifestRoots: [root] });
    const entity = entityAt(
      `file:${path.join(dir, 'catalog-info.yaml')}`,
      './manifests/api.yaml',
    );
    const file = await reader.read('./manifests/api.yaml', entity);
    // Evidence names the file relative to its root: no server path, and
    // no link without a source location to point at.
    expect(file.shown).toBe('api.yaml');
    expect(file.link).toBeUndefined();
    expect(file.documents.map(d => d.kind)).toEqual(['Deployment']);
    const linked = await reader.read('./manifests/api.yaml', {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          ...entity.metadata.annotations,
          'backstage.io/source-location':
            'url:https://github.com/acme/api/tree/main/',
        },
      },
    });
    expect(linked.link).toBe(
      'https://github.com/acme/api/tree/main/manifests/api.yaml',
    );
    await expect(
      reader.read(`file:${path.join(root, 'api.yaml')}`, entity),
    ).resolves.toBeDefined();
  });

  it('refuses files outside the roots, also through a symlink', async () => {
    const reader = new DeclaredManifestReader({ manifestRoots: [root] });
    const entity = entityAt(`file:${path.join(dir, 'catalog-info.yaml')}`, '');
    await expect(reader.read('./outside.yaml', entity)).rejects.toThrow(
      /is not below a folder listed in readiness.kubernetes.manifestRoots/,
    );
    await expect(
      reader.read(`file:${path.join(root, 'link.yaml')}`, entity),
    ).rejects.toThrow(/is not below a folder listed/);
    await expect(reader.read('file:/etc/passwd', entity)).rejects.toThrow(
      /is not below/,
    );
    await expect(reader.read('file:relative.yaml', entity)).rejects.toThrow(
      /must be absolute/,
    );
  });

  it('reads URLs through the UrlReader, relative to the entity URL, with ETags', async () => {
    const calls: Array<{ url: string; etag?: string }> = [];
    const urlReader = {
      readUrl: async (url: string, options?: { etag?: string }) => {
        calls.push({ url, etag: options?.etag });
        if (options?.etag === 'v1') throw new NotModifiedError('unchanged');
        return { buffer: async () => Buffer.from(MANIFEST), etag: 'v1' };
      },
    } as any;
    const reader = new DeclaredManifestReader({
      urlReader,
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
      manifestRoots: [],
    });
    const entity = entityAt(
      'url:https://github.com/acme/api/blob/main/catalog-info.yaml',
      'deploy/rendered.yaml',
    );
    // Resolved as the catalog resolves relative targets (the GitHub
    // integration points at the tree, which its reader follows).
    const first = await reader.read('deploy/rendered.yaml', entity);
    const second = await reader.read('deploy/rendered.yaml', entity);
    expect(calls).toEqual([
      {
        url: 'https://github.com/acme/api/tree/main/deploy/rendered.yaml',
        etag: undefined,
      },
      {
        url: 'https://github.com/acme/api/tree/main/deploy/rendered.yaml',
        etag: 'v1',
      },
    ]);
    expect(second.documents).toEqual(first.documents);
  });

  it('needs a location to resolve relative paths against', () => {
    const reader = new DeclaredManifestReader({ manifestRoots: [root] });
    expect(() => reader.resolve('api.yaml', component('api'))).toThrow(
      /needs the entity's backstage.io\/managed-by-location annotation/,
    );
  });
});

describe('manifest documents', () => {
  it('reports YAML errors by position, never by content', () => {
    expect(() =>
      parseManifestDocuments(
        'apiVersion: v1\nkind: ConfigMap\ndata:\n  password: "hunter2\n  x: [\n',
      ),
    ).toThrow(/^invalid YAML at line \d+ \(\w+\)$/);
    expect(() =>
      parseManifestDocuments('data:\n  password: "hunter2\n'),
    ).toThrow(/^invalid YAML at line \d+ \(\w+\)$/);
  });

  it('expands Lists, and ignores kinds of other API groups', () => {
    const documents = parseManifestDocuments(`
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata: { name: api }
    spec: { selector: { app: api } }
  - apiVersion: serving.knative.dev/v1
    kind: Service
    metadata: { name: knative }
---
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata: { name: legacy, namespace: other }
spec: { minAvailable: 1, selector: {} }
---
# an empty document
`);
    const set = declaredObjectSet(documents, {
      target: 'manifests x',
      defaultNamespace: 'shop',
    });
    expect(
      set.services.map(s => [s.metadata?.namespace, s.metadata?.name]),
    ).toEqual([['shop', 'api']]);
    // policy/v1beta1: an empty selector selects no pod.
    expect(set.disruptionBudgets[0].spec?.selector).toBeUndefined();
    expect(set.disruptionBudgets[0].metadata?.namespace).toBe('other');
  });
});

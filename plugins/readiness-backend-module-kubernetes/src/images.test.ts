import { parseImage } from './images';

describe('parseImage', () => {
  it.each([
    ['nginx', null, null, false],
    ['nginx:latest', 'latest', null, false],
    ['nginx:1.27.0', '1.27.0', null, true],
    ['localhost:5000/team/app', null, null, false],
    ['localhost:5000/team/app:2.1', '2.1', null, true],
    [
      `ghcr.io/org/app@sha256:${'a'.repeat(64)}`,
      null,
      `sha256:${'a'.repeat(64)}`,
      true,
    ],
    [
      `app:latest@sha256:${'b'.repeat(64)}`,
      'latest',
      `sha256:${'b'.repeat(64)}`,
      true,
    ],
    ['app@sha256:short', null, null, false],
    ['redis:alpine', 'alpine', null, false],
    ['nginx:stable-alpine3.19', 'stable-alpine3.19', null, false],
    ['nginx:mainline', 'mainline', null, false],
    ['node:lts-slim', 'lts-slim', null, false],
    ['debian:bookworm-slim', 'bookworm-slim', null, false],
    ['postgres:16-alpine', '16-alpine', null, true],
    ['redis:7', '7', null, true],
    ['bitnami/redis:7.2.4-debian-12-r9', '7.2.4-debian-12-r9', null, true],
    ['ghcr.io/org/app:v2', 'v2', null, true],
    ['ghcr.io/org/app:sha-3f2a9c1', 'sha-3f2a9c1', null, true],
    ['ghcr.io/org/app:3f2a9c1d', '3f2a9c1d', null, true],
    ['ghcr.io/org/app:main-3f2a9c1', 'main-3f2a9c1', null, true],
    ['ghcr.io/org/app:main', 'main', null, false],
    ['ghcr.io/org/app:deadbeef', 'deadbeef', null, false],
    ['ubuntu:20240501', '20240501', null, true],
    [
      'minio/minio:RELEASE.2024-05-01T01-11-10Z',
      'RELEASE.2024-05-01T01-11-10Z',
      null,
      true,
    ],
  ])('%s', (reference, tag, digest, pinned) => {
    expect(parseImage(reference)).toMatchObject({ tag, digest, pinned });
  });
});

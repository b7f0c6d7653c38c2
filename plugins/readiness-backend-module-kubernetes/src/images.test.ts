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
  ])('%s', (reference, tag, digest, pinned) => {
    expect(parseImage(reference)).toMatchObject({ tag, digest, pinned });
  });
});

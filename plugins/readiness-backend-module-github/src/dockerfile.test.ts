import { analyzeDockerfile, isPinned } from './dockerfile';

describe('analyzeDockerfile', () => {
  it('follows stages, continuation lines and the final USER', () => {
    const result = analyzeDockerfile(
      [
        '# syntax=docker/dockerfile:1',
        'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
        'RUN go build \\',
        '    -o /app .',
        'USER root',
        'FROM build AS test',
        'FROM scratch',
        'COPY --from=build /app /app',
        'USER nobody',
      ].join('\n'),
    );
    expect(result).toEqual({
      stages: 3,
      multiStage: true,
      finalUser: 'nobody',
      nonRoot: true,
      baseImages: [{ image: 'golang:1.22', pinned: true }],
      unpinnedBaseImages: [],
    });
  });

  it('treats a final stage without USER, or USER 0, as root', () => {
    expect(
      analyzeDockerfile('FROM node:20\nUSER node\nFROM node:20').nonRoot,
    ).toBe(false);
    expect(analyzeDockerfile('FROM node:20\nUSER 0:0').nonRoot).toBe(false);
  });

  it.each([
    ['node', false],
    ['node:latest', false],
    ['registry:5000/team/app', false],
    ['registry:5000/team/app:1.2', true],
    ['alpine@sha256:0123', true],
    ['${BASE}', false],
  ])('%s pinned: %s', (image, pinned) => {
    expect(isPinned(image)).toBe(pinned);
  });
});

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
      singleStageBuild: false,
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

  it('knows base images that are non-root by default', () => {
    const distroless = analyzeDockerfile(
      'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app',
    );
    expect(distroless).toMatchObject({
      nonRoot: true,
      nonRootBy: 'base image gcr.io/distroless/static-debian12:nonroot',
    });
    expect(
      analyzeDockerfile('FROM cgr.dev/chainguard/static:latest').nonRoot,
    ).toBe(true);
    expect(
      analyzeDockerfile('FROM cgr.dev/chainguard/go:latest-dev').nonRoot,
    ).toBe(false);
    // An explicit USER root wins over the image's default.
    expect(
      analyzeDockerfile('FROM gcr.io/distroless/base:nonroot\nUSER root')
        .nonRoot,
    ).toBe(false);
  });

  it('flags a single stage that compiles, not one that copies a built binary', () => {
    expect(
      analyzeDockerfile('FROM golang:1.22\nCOPY . .\nRUN go build -o /app .')
        .singleStageBuild,
    ).toBe(true);
    // goreleaser and ko style: the binary is built outside the image.
    expect(
      analyzeDockerfile(
        'FROM alpine:3.20\nCOPY mycli /usr/bin/mycli\nUSER 65532',
      ).singleStageBuild,
    ).toBe(false);
    // Installing runtime dependencies is not a build.
    expect(
      analyzeDockerfile(
        'FROM python:3.12-slim\nRUN pip install -r requirements.txt',
      ).singleStageBuild,
    ).toBe(false);
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

import {
  ReadinessApiClient,
  ReadinessPackPreview,
} from '@readiness/backstage-plugin-readiness-common';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface PreviewCommandOptions {
  packs: string[];
  url: string;
  token?: string;
  maxChanges?: string;
  format: 'text' | 'json' | 'markdown';
}

type PackPreview = ReadinessPackPreview;

const owner = (ref: string | null) => ref ?? '(no owner)';
const level = (id?: string) => id ?? 'not rated';

function asText(preview: PackPreview, markdown: boolean): string {
  const { added, removed, changed } = preview.checks;
  const lines = [
    `${preview.entities} entities evaluated; checks: ${changed.length} changed, ${added.length} added, ${removed.length} removed`,
  ];
  const moved = preview.scorecards.filter(s => s.raised + s.lowered > 0);
  if (moved.length === 0) {
    lines.push('No entity changes level.');
    return `${lines.join('\n')}\n`;
  }
  for (const s of moved) {
    lines.push(
      `${s.scorecardId}: ${s.lowered} lowered, ${s.raised} raised, ${s.unchanged} unchanged`,
    );
  }
  if (markdown) {
    lines.push('', '| Team | Scorecard | Entities | Lowered | Raised |');
    lines.push('| --- | --- | ---: | ---: | ---: |');
    for (const t of preview.teams) {
      lines.push(
        `| ${owner(t.owner)} | ${t.scorecardId} | ${t.entities} | ${
          t.lowered
        } | ${t.raised} |`,
      );
    }
  } else {
    lines.push('Per team:');
    for (const t of preview.teams) {
      lines.push(
        `  ${owner(t.owner)} (${t.scorecardId}): ${t.lowered} of ${
          t.entities
        } lowered, ${t.raised} raised`,
      );
    }
  }
  lines.push(markdown ? '' : 'Entities:');
  for (const c of preview.changes) {
    const item = `${c.entityRef} (${c.scorecardId}): ${level(c.from)} → ${level(
      c.to,
    )}`;
    lines.push(markdown ? `- ${item}` : `  ${item}`);
  }
  if (preview.changesTruncated) lines.push('  ... and more');
  return `${lines.join('\n')}\n`;
}

/**
 * `readiness preview --packs <files>`: asks a running backend what the
 * changed packs would do to the levels of every entity it stores. The
 * backend evaluates (its `POST /preview` route, with its own permission);
 * the CLI reads the files and prints the answer.
 */
export async function previewCommand(
  options: PreviewCommandOptions,
  write: (text: string) => void,
): Promise<number> {
  const packs = await Promise.all(
    options.packs.map(async file => ({
      // As given, so a longer path can tell apart packs of the same name.
      file: path.normalize(file).split(path.sep).join('/').replace(/^\.\//, ''),
      content: await fs.readFile(file, 'utf8').catch(error => {
        throw new Error(`cannot read pack ${file}: ${error.message}`);
      }),
    })),
  );
  const base = `${options.url.replace(/\/+$/, '')}/api/readiness`;
  // The client generated from the backend's OpenAPI contract.
  const client = new ReadinessApiClient({
    discoveryApi: { getBaseUrl: async () => base },
  });
  const response = await client
    .previewPacks(
      {
        body: {
          packs,
          ...(options.maxChanges
            ? { maxChanges: Number(options.maxChanges) }
            : {}),
        },
      },
      { token: options.token },
    )
    .catch(error => {
      throw new Error(`cannot reach ${base}: ${error.message}`);
    });
  const body = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message = (body as any)?.error?.message ?? response.statusText;
    throw new Error(`${base}/preview answered ${response.status}: ${message}`);
  }
  write(
    options.format === 'json'
      ? `${JSON.stringify(body, null, 2)}\n`
      : asText(body as PackPreview, options.format === 'markdown'),
  );
  return 0;
}

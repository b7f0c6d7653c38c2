import { MachineInfo } from './machine';

/** One table of the report. */
export interface Section {
  title: string;
  columns: string[];
  rows: Array<Array<string | number>>;
  notes?: string[];
}

const format = (cell: string | number) =>
  typeof cell === 'number'
    ? cell.toLocaleString('en-US', { maximumFractionDigits: cell < 10 ? 2 : 1 })
    : cell;

export function renderSection(section: Section): string {
  const lines = [
    `### ${section.title}`,
    '',
    `| ${section.columns.join(' | ')} |`,
    `| ${section.columns.map(() => '---').join(' | ')} |`,
    ...section.rows.map(row => `| ${row.map(format).join(' | ')} |`),
  ];
  if (section.notes?.length) {
    lines.push('', ...section.notes);
  }
  return lines.join('\n');
}

export function renderMachine(machine: MachineInfo): string {
  return [
    `- CPU: ${machine.cpu}, ${machine.cores} cores`,
    `- Memory: ${machine.memoryGiB} GiB`,
    `- OS: ${machine.os}`,
    `- Node.js: ${machine.node}`,
    ...(machine.postgres ? [`- PostgreSQL: ${machine.postgres}`] : []),
    ...(machine.sqlite ? [`- SQLite: ${machine.sqlite}`] : []),
  ].join('\n');
}

/** The markdown document `--write` produces. */
export function renderDocument(options: {
  machine: MachineInfo;
  command: string;
  startedAt: Date;
  durationSeconds: number;
  sections: Section[];
}): string {
  return `# Benchmarks

Figures printed by \`yarn bench\` (package \`@internal/readiness-bench\`, see
its README for what each phase does and how). This file is written by the
runner itself; run the command below to refresh it.

## Machine

${renderMachine(options.machine)}

## Command

\`\`\`sh
${options.command}
\`\`\`

Run on ${options.startedAt.toISOString()}, ${Math.round(
    options.durationSeconds,
  )} s in total.

## Results

${options.sections.map(renderSection).join('\n\n')}
`;
}

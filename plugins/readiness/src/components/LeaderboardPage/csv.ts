import { DisplayRow } from './groupRows';

const quote = (value: unknown) => {
  const text = value === undefined || value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Leaderboard rows as CSV, one header line then one line per row. */
export function toCsv(rows: DisplayRow[]): string {
  const header = [
    'rank',
    'ref',
    'title',
    'entities',
    'level',
    'score',
    'change',
    'failing',
    'unknown',
    'exempt',
  ];
  const lines = rows.map(r =>
    [
      r.rank,
      r.key,
      r.title,
      r.entityCount,
      r.level,
      r.score,
      r.change,
      r.failing,
      r.unknown,
      r.exempt,
    ]
      .map(quote)
      .join(','),
  );
  return [header.join(','), ...lines].join('\n');
}

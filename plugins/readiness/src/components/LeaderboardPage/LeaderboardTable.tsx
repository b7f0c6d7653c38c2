import { Link, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Button } from '@material-ui/core';
import {
  ReadinessLeaderboardQuery,
  ReadinessLeaderboardRow,
} from '@readiness/backstage-plugin-readiness-common';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { useCallback, useEffect, useRef } from 'react';
import { readinessApiRef } from '../../api';
import { fetchEntityTitles, LevelBadge, rollupStanding } from '../shared';
import { toCsv } from './csv';
import { entityRoute } from './routes';

const GROUP_TITLES = { entity: 'Service', owner: 'Team', system: 'System' };

const ORDER_FIELDS: Record<string, ReadinessLeaderboardQuery['orderBy']> = {
  title: 'name',
  score: 'score',
  level: 'level',
  change: 'change',
  failing: 'failing',
};

/**
 * One page of the leaderboard at a time: paging, sorting and filters are
 * sent to the backend, which reads precomputed rollups.
 */
export const LeaderboardTable = ({
  query,
  title,
}: {
  query: ReadinessLeaderboardQuery;
  title: string;
}) => {
  const api = useApi(readinessApiRef);
  const catalogApi = useApi(catalogApiRef);
  const tableRef = useRef<any>();
  const scorecardRef = useRef<any>();

  // Teams and systems are keyed by ref; their titles come from the catalog,
  // one batched request per page of rows.
  const withTitles = useCallback(
    async (rows: ReadinessLeaderboardRow[]) => {
      if ((query.groupBy ?? 'entity') === 'entity') return rows;
      const titles = await fetchEntityTitles(
        catalogApi,
        rows.map(r => r.key),
      );
      return rows.map(r => ({ ...r, title: titles.get(r.key) ?? r.title }));
    },
    [catalogApi, query.groupBy],
  );

  // Filters change the query object on every render; reload on content.
  const queryKey = JSON.stringify(query);
  useEffect(() => {
    tableRef.current?.onQueryChange?.();
  }, [queryKey]);

  const exportCsv = useCallback(async () => {
    // Page by page, so even the export never asks for every row at once.
    const rows: ReadinessLeaderboardRow[] = [];
    for (let page = 1; ; page++) {
      const result = await api.getLeaderboard({
        ...query,
        page,
        pageSize: 500,
      });
      rows.push(...(await withTitles(result.items)));
      if (rows.length >= result.total || result.items.length === 0) break;
    }
    const url = URL.createObjectURL(
      new Blob([toCsv(rows)], { type: 'text/csv' }),
    );
    const a = document.createElement('a');
    a.href = url;
    a.download = `readiness-${query.groupBy ?? 'entity'}.csv`;
    a.click();
    URL.revokeObjectURL(url);
  }, [api, query, withTitles]);

  const columns: TableColumn<ReadinessLeaderboardRow>[] = [
    { title: 'Rank', field: 'rank', sorting: false, width: '60px' },
    {
      title: GROUP_TITLES[query.groupBy ?? 'entity'],
      field: 'title',
      render: row => (
        <Link
          to={entityRoute(
            row.key,
            query.groupBy === 'owner' ? 'readiness-gaps' : 'readiness',
          )}
        >
          {row.title}
        </Link>
      ),
    },
    ...(query.groupBy !== 'entity'
      ? [
          {
            title: 'Entities',
            field: 'entityCount',
            sorting: false,
          } as TableColumn<ReadinessLeaderboardRow>,
        ]
      : []),
    {
      title: 'Level',
      field: 'level',
      render: row => {
        const standing = rollupStanding(row.entity, row.level);
        return (
          <LevelBadge
            scorecard={scorecardRef.current}
            level={standing.level}
            rated={standing.rated}
          />
        );
      },
    },
    {
      title: 'Score',
      field: 'score',
      render: row => (rollupStanding(row.entity).rated ? `${row.score}%` : '—'),
    },
    {
      title: 'Change (30 d)',
      field: 'change',
      render: row =>
        row.change === undefined
          ? '—'
          : `${row.change > 0 ? '+' : ''}${row.change}`,
    },
    { title: 'Failing', field: 'failing' },
    { title: 'Exempt', field: 'exempt', sorting: false },
  ];

  return (
    <Table<ReadinessLeaderboardRow>
      tableRef={tableRef}
      title={title}
      columns={columns}
      options={{
        search: false,
        paging: true,
        pageSize: 25,
        pageSizeOptions: [25, 50, 100],
        sorting: true,
      }}
      actions={[
        {
          icon: () => (
            <Button size="small" variant="outlined">
              Export CSV
            </Button>
          ),
          tooltip: 'Export every row matching the filters as CSV',
          isFreeAction: true,
          onClick: () => exportCsv(),
        },
      ]}
      data={async tableQuery => {
        const orderBy = tableQuery.orderBy?.field
          ? ORDER_FIELDS[String(tableQuery.orderBy.field)]
          : undefined;
        const result = await api.getLeaderboard({
          ...query,
          page: tableQuery.page + 1,
          pageSize: tableQuery.pageSize,
          orderBy: orderBy ?? query.orderBy,
          order: orderBy
            ? (tableQuery.orderDirection as 'asc' | 'desc') || 'desc'
            : query.order,
        });
        scorecardRef.current = result.scorecard;
        return {
          data: await withTitles(result.items),
          page: result.page - 1,
          totalCount: result.total,
        };
      }}
    />
  );
};

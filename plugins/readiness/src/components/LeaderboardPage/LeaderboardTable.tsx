import { Link, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Button } from '@material-ui/core';
import {
  ReadinessLeaderboardQuery,
  ReadinessScorecard,
} from '@readiness/backstage-plugin-readiness-common';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { useCallback, useEffect, useRef } from 'react';
import { readinessApiRef } from '../../api';
import { fetchEntityTitles, LevelBadge, rollupStanding } from '../shared';
import { toCsv } from './csv';
import { arrangeGroupRows, DisplayRow, fetchGroupRows } from './groupRows';
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
 * The leaderboard table. Services are paged, sorted and filtered by the
 * backend, one page at a time. Teams and systems are few: they are read
 * whole (in pages of at most 100), titled from the catalog in one batched
 * request, and the entities without a team or system come last, unranked.
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
  const scorecardRef = useRef<ReadinessScorecard>();
  const groupBy = query.groupBy ?? 'entity';

  // Team and system rows by sort order, so paging through them reads once.
  const groupCache = useRef(new Map<string, Promise<DisplayRow[]>>());
  const groupRows = useCallback(
    (sorted: ReadinessLeaderboardQuery) => {
      const key = JSON.stringify(sorted);
      let rows = groupCache.current.get(key);
      if (!rows) {
        rows = (async () => {
          const { scorecard, items } = await fetchGroupRows(api, sorted);
          scorecardRef.current = scorecard;
          const titles = await fetchEntityTitles(
            catalogApi,
            items.map(r => r.key),
          );
          return arrangeGroupRows(items, titles, {
            groupBy: groupBy === 'system' ? 'system' : 'owner',
            byName:
              sorted.orderBy === 'name' ? sorted.order ?? 'asc' : undefined,
          });
        })();
        rows.catch(() => groupCache.current.delete(key));
        groupCache.current.set(key, rows);
      }
      return rows;
    },
    [api, catalogApi, groupBy],
  );

  // Filters change the query object on every render; reload on content.
  const queryKey = JSON.stringify(query);
  useEffect(() => {
    groupCache.current = new Map();
    tableRef.current?.onQueryChange?.();
  }, [queryKey]);

  const exportCsv = useCallback(async () => {
    let rows: DisplayRow[];
    if (groupBy === 'entity') {
      // Page by page, so even the export never asks for every row at once.
      rows = [];
      for (let page = 1; ; page++) {
        const result = await api.getLeaderboard({
          ...query,
          page,
          pageSize: 500,
        });
        rows.push(...result.items);
        if (rows.length >= result.total || result.items.length === 0) break;
      }
    } else {
      rows = await groupRows(query);
    }
    const url = URL.createObjectURL(
      new Blob([toCsv(rows)], { type: 'text/csv' }),
    );
    const a = document.createElement('a');
    a.href = url;
    a.download = `readiness-${groupBy}.csv`;
    a.click();
    URL.revokeObjectURL(url);
  }, [api, query, groupBy, groupRows]);

  const columns: TableColumn<DisplayRow>[] = [
    {
      title: 'Rank',
      field: 'rank',
      sorting: false,
      width: '60px',
      render: row => row.rank ?? '—',
    },
    {
      title: GROUP_TITLES[groupBy],
      field: 'title',
      render: row =>
        row.ungrouped ? (
          <em>{row.title}</em>
        ) : (
          <Link
            to={entityRoute(
              row.key,
              groupBy === 'owner' ? 'readiness-gaps' : 'readiness',
            )}
          >
            {row.title}
          </Link>
        ),
    },
    ...(groupBy !== 'entity'
      ? [
          {
            title: 'Entities',
            field: 'entityCount',
            sorting: false,
          } as TableColumn<DisplayRow>,
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
    <Table<DisplayRow>
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
        const sorted: ReadinessLeaderboardQuery = {
          ...query,
          orderBy: orderBy ?? query.orderBy,
          order: orderBy
            ? (tableQuery.orderDirection as 'asc' | 'desc') || 'desc'
            : query.order,
        };
        if (groupBy !== 'entity') {
          const rows = await groupRows(sorted);
          const start = tableQuery.page * tableQuery.pageSize;
          return {
            data: rows.slice(start, start + tableQuery.pageSize),
            page: tableQuery.page,
            totalCount: rows.length,
          };
        }
        const result = await api.getLeaderboard({
          ...sorted,
          page: tableQuery.page + 1,
          pageSize: tableQuery.pageSize,
        });
        scorecardRef.current = result.scorecard;
        return {
          data: result.items,
          page: result.page - 1,
          totalCount: result.total,
        };
      }}
    />
  );
};

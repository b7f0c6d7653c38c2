import {
  Progress,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef, ReadinessCollectorInfo } from '../../api';
import { FactNames } from './FactNames';

const columns: TableColumn<ReadinessCollectorInfo>[] = [
  { title: 'Collector', field: 'title' },
  { title: 'Id', field: 'id' },
  {
    title: 'Facts',
    render: row => <FactNames collector={row} />,
  },
  {
    title: 'Refresh on demand',
    render: row => (row.supportsRefresh ? 'yes' : 'no'),
  },
  {
    title: 'Last run',
    render: row =>
      row.lastRun
        ? `${row.lastRun.startedAt
            .slice(0, 16)
            .replace('T', ' ')} UTC, ${Math.round(
            row.lastRun.durationMs,
          )} ms, ${row.lastRun.factsWritten} facts (${
            row.lastRun.factsChanged
          } changed)`
        : 'not yet',
  },
  { title: 'Stale facts', render: row => String(row.staleFacts ?? 0) },
  {
    title: 'Errors',
    render: row =>
      row.lastRun?.errors.length
        ? row.lastRun.errors.map(e => `${e.target}: ${e.message}`).join('; ')
        : 'none',
  },
];

/** The fact sources installed in this portal. */
export const CollectorsTable = () => {
  const readinessApi = useApi(readinessApiRef);
  const { value, loading, error } = useAsync(
    () => readinessApi.listCollectors(),
    [readinessApi],
  );

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return (
      <WarningPanel
        severity="error"
        title="Could not load the readiness collectors"
        message={error.message}
      />
    );
  }
  return (
    <Table
      title="Fact collectors"
      options={{ search: false, paging: false }}
      columns={columns}
      data={value ?? []}
      emptyContent={<div>No collectors are installed.</div>}
    />
  );
};

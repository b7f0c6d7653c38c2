import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Typography } from '@material-ui/core';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../api';
import { ErrorState } from '../shared';

const DAY = 24 * 60 * 60 * 1000;

/** Score and level of the last 90 days, one point per day with a change. */
export const TrendChart = ({
  entityRef,
  scorecardId,
}: {
  entityRef: string;
  scorecardId: string;
}) => {
  const api = useApi(readinessApiRef);
  const { value, loading, error } = useAsync(
    () =>
      api.getEntityHistory(entityRef, {
        from: new Date(Date.now() - 90 * DAY).toISOString(),
      }),
    [api, entityRef],
  );
  if (loading) return <Progress />;
  if (error)
    return <ErrorState title="Readiness could not be loaded" error={error} />;
  const points = (value?.points ?? []).filter(
    p => p.scorecardId === scorecardId,
  );
  if (points.length === 0) {
    return <Typography variant="body2">No history yet.</Typography>;
  }
  return (
    <div aria-label="score trend" style={{ width: '100%', height: 200 }}>
      <ResponsiveContainer>
        <LineChart
          data={points}
          margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" />
          <YAxis yAxisId="score" domain={[0, 100]} />
          <YAxis yAxisId="level" orientation="right" allowDecimals={false} />
          <Tooltip />
          <Line
            yAxisId="score"
            type="stepAfter"
            dataKey="score"
            name="Score %"
            stroke="#1976d2"
          />
          <Line
            yAxisId="level"
            type="stepAfter"
            dataKey="levelIndex"
            name="Level"
            stroke="#f9a825"
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
};

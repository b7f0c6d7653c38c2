import { Typography } from '@material-ui/core';
import { ReadinessCampaignDetail } from '@readiness/backstage-plugin-readiness-common';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/**
 * The burn-up: entities at target against entities covered, one point per
 * day written by the backend, with the goal as a line. While a campaign
 * runs, today's point is the current figure, so the line ends at now.
 */
export const BurnUpChart = ({
  campaign,
}: {
  campaign: ReadinessCampaignDetail;
}) => {
  const points = campaign.history.map(p => ({ ...p }));
  if (campaign.status === 'active') {
    const today = new Date().toISOString().slice(0, 10);
    const current = { day: today, ...campaign.progress };
    if (points.at(-1)?.day === today) {
      points[points.length - 1] = current;
    } else {
      points.push(current);
    }
  }
  if (points.length === 0) {
    return (
      <Typography variant="body2">
        No progress recorded yet: the first point is written once the campaign
        has started.
      </Typography>
    );
  }
  const total = Math.max(...points.map(p => p.total));
  return (
    <div aria-label="campaign burn-up" style={{ width: '100%', height: 260 }}>
      <ResponsiveContainer>
        <LineChart
          data={points}
          margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" />
          <YAxis allowDecimals={false} domain={[0, total]} />
          <Tooltip />
          <Legend />
          <ReferenceLine
            y={(total * campaign.goalPercent) / 100}
            stroke="#9e9e9e"
            strokeDasharray="4 4"
            label={`goal ${campaign.goalPercent}%`}
          />
          <Line
            type="stepAfter"
            dataKey="atTarget"
            name="At target"
            stroke="#2e7d32"
          />
          <Line
            type="stepAfter"
            dataKey="total"
            name="Covered"
            stroke="#1976d2"
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
};

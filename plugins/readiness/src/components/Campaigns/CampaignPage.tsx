import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Grid,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../api';
import { ErrorState } from '../shared';
import { BurnUpChart } from './BurnUpChart';
import { CampaignEntities } from './CampaignEntities';
import { CampaignProgressBar, CampaignStatus } from './CampaignProgress';
import { useTargetNames } from './useTargetNames';
import { deadlineText, figuresText, targetText } from './campaignText';

/** One campaign: what it asks, its burn-up, each team, each entity. */
export const CampaignDetail = ({ id }: { id: string }) => {
  const api = useApi(readinessApiRef);
  const names = useTargetNames();
  const { value, loading, error } = useAsync(
    () => api.getCampaign(id),
    [api, id],
  );
  if (loading) return <Progress />;
  if (error || !value) {
    return (
      <ErrorState
        title="The campaign could not be loaded"
        error={error ?? new Error(`No campaign ${id}`)}
      />
    );
  }
  const ended = value.status === 'met' || value.status === 'missed';
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title={value.title}
          subheader={targetText(value.target, names)}
        >
          {value.description && (
            <Typography paragraph>{value.description}</Typography>
          )}
          <Typography variant="body2" gutterBottom>
            <CampaignStatus status={value.status} /> Run by{' '}
            <EntityRefLink entityRef={value.owner} /> · from{' '}
            {value.startsAt.slice(0, 10)} to {deadlineText(value)}
            {value.source === 'config' ? ' · defined in app-config' : ''}
          </Typography>
          <CampaignProgressBar
            figures={value.progress}
            goalPercent={value.goalPercent}
          />
          {ended && (
            <Typography variant="body2">
              Ended {value.status} on {value.finalizedAt?.slice(0, 10)} with{' '}
              {figuresText(value.progress)}.
            </Typography>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={7}>
        <InfoCard title="Burn-up">
          <BurnUpChart campaign={value} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={5}>
        <InfoCard title="By team">
          <Table size="small" aria-label="progress by team">
            <TableHead>
              <TableRow>
                <TableCell>Team</TableCell>
                <TableCell align="right">At target</TableCell>
                <TableCell align="right">Share</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {[...value.byOwner]
                .sort((a, b) => a.percent - b.percent)
                .map(row => (
                  <TableRow key={row.owner ?? ''}>
                    <TableCell>
                      {row.owner ? (
                        <EntityRefLink entityRef={row.owner} />
                      ) : (
                        'No owner'
                      )}
                    </TableCell>
                    <TableCell align="right">
                      {row.atTarget} of {row.total}
                    </TableCell>
                    <TableCell align="right">{row.percent}%</TableCell>
                  </TableRow>
                ))}
            </TableBody>
          </Table>
        </InfoCard>
      </Grid>
      {!ended && (
        <Grid item xs={12}>
          <InfoCard title="Entities">
            <CampaignEntities id={value.id} />
          </InfoCard>
        </Grid>
      )}
    </Grid>
  );
};

import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
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
import { CampaignProgressBar, CampaignStatus } from './CampaignProgress';
import { useTargetNames } from './useTargetNames';
import { deadlineText, targetText } from './campaignText';
import { useCampaignLink } from './useCampaignLink';

/**
 * Campaigns with their target, deadline and progress. With an owner, the
 * figures are that team's: how many of its entities are at target.
 */
export const CampaignList = ({ owner }: { owner?: string }) => {
  const api = useApi(readinessApiRef);
  const link = useCampaignLink();
  const names = useTargetNames();
  const { value, loading, error } = useAsync(
    () => api.listCampaigns(owner ? { owner } : {}),
    [api, owner],
  );
  if (loading) return <Progress />;
  if (error) {
    return <ErrorState title="Campaigns could not be loaded" error={error} />;
  }
  if (!value || value.length === 0) {
    return (
      <Typography variant="body2">
        {owner
          ? 'No campaign covers the entities of this team.'
          : 'No campaigns yet. Define them in app-config under readiness.campaigns or through the API.'}
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="campaigns">
      <TableHead>
        <TableRow>
          <TableCell>Campaign</TableCell>
          <TableCell>Target</TableCell>
          <TableCell>Deadline</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>{owner ? "This team's progress" : 'Progress'}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {value.map(campaign => (
          <TableRow key={campaign.id}>
            <TableCell>
              {link ? (
                <Link to={link(campaign.id)}>{campaign.title}</Link>
              ) : (
                campaign.title
              )}
            </TableCell>
            <TableCell>{targetText(campaign.target, names)}</TableCell>
            <TableCell>{deadlineText(campaign)}</TableCell>
            <TableCell>
              <CampaignStatus status={campaign.status} />
            </TableCell>
            <TableCell>
              <CampaignProgressBar
                figures={campaign.progress}
                goalPercent={campaign.goalPercent}
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

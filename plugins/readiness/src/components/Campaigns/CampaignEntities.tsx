import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { ReadinessCampaignLack } from '@readiness/backstage-plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../api';
import { ErrorState } from '../shared';

/** "Probes defined (fail), Alerts routed (unknown)". */
export const lackText = (lacking: ReadinessCampaignLack[]) =>
  lacking.map(l => `${l.title} (${l.state})`).join(', ');

/** The covered entities, those not at target first, with what they lack. */
export const CampaignEntities = ({ id }: { id: string }) => {
  const api = useApi(readinessApiRef);
  const { value, loading, error } = useAsync(
    () => api.getCampaignEntities(id),
    [api, id],
  );
  if (loading) return <Progress />;
  if (error) {
    return <ErrorState title="Entities could not be loaded" error={error} />;
  }
  if (!value || value.length === 0) {
    return <Typography variant="body2">No entities covered.</Typography>;
  }
  return (
    <Table size="small" aria-label="covered entities">
      <TableHead>
        <TableRow>
          <TableCell>Entity</TableCell>
          <TableCell>Owner</TableCell>
          <TableCell>Still lacks</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {value.map(entity => (
          <TableRow key={entity.entityRef}>
            <TableCell>
              <EntityRefLink entityRef={entity.entityRef} />
            </TableCell>
            <TableCell>
              {entity.owner ? <EntityRefLink entityRef={entity.owner} /> : '—'}
            </TableCell>
            <TableCell>
              {entity.atTarget ? 'At target' : lackText(entity.lacking)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

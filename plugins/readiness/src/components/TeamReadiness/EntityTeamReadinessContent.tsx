import { Content, InfoCard, Link, Progress } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  FormControlLabel,
  Grid,
  List,
  ListItem,
  ListItemText,
  Switch,
  Typography,
} from '@material-ui/core';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../api';
import { entityRoute } from '../LeaderboardPage/routes';
import { levelTitle, StateChip, ErrorState, useEntityTitles } from '../shared';
import { CheapestPath } from './CheapestPath';
import { Heatmap } from './Heatmap';
import { GapsPager } from './GapsPager';

/** The gap view of a team, for tech leads. */
export const EntityTeamReadinessContent = () => {
  const { entity } = useEntity();
  const owner = stringifyEntityRef(entity);
  const api = useApi(readinessApiRef);
  // A group's view counts its descendant groups unless asked for its own.
  const [directOnly, setDirectOnly] = useState(false);
  const [offset, setOffset] = useState(0);
  const {
    value: gaps,
    loading,
    error,
  } = useAsync(
    () => api.getGaps(owner, { directOnly, offset }),
    [api, owner, directOnly, offset],
  );
  // People named in exemptions and attestations, by their catalog names.
  const people = useEntityTitles(
    [
      ...(gaps?.exemptionsExpiring.map(e => e.createdBy) ?? []),
      ...(gaps?.attestationsDue.flatMap(a =>
        a.attestedBy ? [a.attestedBy] : [],
      ) ?? []),
    ].filter(ref => ref.includes(':')),
  );

  if (loading && !gaps) return <Progress />;
  if (error)
    return <ErrorState title="Readiness could not be loaded" error={error} />;
  if (!gaps || gaps.entities.length === 0) {
    return (
      <Content>
        <Typography>
          This team owns no entities with readiness checks.
        </Typography>
      </Content>
    );
  }
  const titleOf = new Map(gaps.entities.map(e => [e.entityRef, e.title]));
  const subTeams = (gaps.groups ?? []).filter(g => g.ref !== owner);
  const scope = (
    <FormControlLabel
      control={
        <Switch
          checked={!directOnly}
          onChange={(_e, checked) => {
            setDirectOnly(!checked);
            setOffset(0);
          }}
          color="primary"
          inputProps={{ 'aria-label': 'count sub-teams' }}
        />
      }
      label={
        directOnly
          ? 'This team only'
          : `With its sub-teams${
              subTeams.length
                ? ` (${subTeams.map(g => g.title).join(', ')})`
                : ''
            }`
      }
    />
  );
  const checkTitle = new Map(gaps.checks.map(c => [c.id, c.title]));
  const person = (ref: string) => people.get(ref) ?? ref;

  return (
    <Content>
      <Grid container spacing={3}>
        {(subTeams.length > 0 || directOnly) && (
          <Grid item xs={12}>
            {scope}
          </Grid>
        )}
        <Grid item xs={12} md={7}>
          <CheapestPath gaps={gaps} />
        </Grid>
        <Grid item xs={12} md={5}>
          <InfoCard title="Closest to their next level">
            <List dense aria-label="closest to next level">
              {gaps.closestToNextLevel
                .filter(c => c.checksToFix.length > 0)
                .slice(0, 10)
                .map(c => (
                  <ListItem
                    key={c.entityRef}
                    disableGutters
                    alignItems="flex-start"
                  >
                    <ListItemText
                      primary={
                        <>
                          <Link to={entityRoute(c.entityRef)}>{c.title}</Link>
                          {` → ${levelTitle(
                            gaps.scorecard,
                            c.nextLevel,
                          )}: fix ${c.checksToFix.length}`}
                        </>
                      }
                      secondary={c.checksToFix.map(f => f.title).join(' · ')}
                    />
                  </ListItem>
                ))}
            </List>
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <InfoCard
            title={`${gaps.scorecard.title}: where the team falls short`}
          >
            <Heatmap gaps={gaps} />
            <GapsPager gaps={gaps} onOffset={setOffset} />
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard title="Exemptions expiring within 30 days">
            {gaps.exemptionsExpiring.length === 0 && (
              <Typography>None.</Typography>
            )}
            <List dense>
              {gaps.exemptionsExpiring.map(e => (
                <ListItem key={e.id} disableGutters>
                  <StateChip state="exempt" />
                  <ListItemText
                    style={{ marginLeft: 8 }}
                    primary={`${titleOf.get(e.entityRef) ?? e.entityRef}: ${
                      checkTitle.get(e.checkId) ?? e.checkId
                    }`}
                    secondary={`until ${e.expiresAt.slice(0, 10)} — ${
                      e.reason
                    } (${person(e.createdBy)})`}
                  />
                </ListItem>
              ))}
            </List>
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard title="Attestations due or expired">
            {gaps.attestationsDue.length === 0 && (
              <Typography>None due in the next 30 days.</Typography>
            )}
            <List dense>
              {gaps.attestationsDue.map(a => (
                <ListItem key={`${a.entityRef}-${a.type}`} disableGutters>
                  <ListItemText
                    primary={`${titleOf.get(a.entityRef) ?? a.entityRef}: ${
                      a.type
                    }`}
                    secondary={`${
                      a.expired ? 'expired' : 'expires'
                    } ${a.expiresAt.slice(0, 10)}${
                      a.attestedBy ? `, last by ${person(a.attestedBy)}` : ''
                    }`}
                  />
                </ListItem>
              ))}
            </List>
          </InfoCard>
        </Grid>
      </Grid>
    </Content>
  );
};

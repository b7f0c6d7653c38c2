import { Content, InfoCard, Progress } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { usePermission } from '@backstage/plugin-permission-react';
import { Box, Button, Grid, Typography } from '@material-ui/core';
import {
  READINESS_RESULT_STATES,
  readinessAttestationCreatePermission,
  readinessExemptionManagePermission,
  readinessRefreshPermission,
  ReadinessEntityScorecard,
} from '@readiness/backstage-plugin-readiness-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../api';
import {
  ago,
  cardStanding,
  LevelBadge,
  levelTitle,
  oldestObservation,
  Standing,
  useEntityScorecard,
  ErrorState,
} from '../shared';
import { AttestationDialog } from './AttestationDialog';
import { BlockingChecks } from './BlockingChecks';
import { CheckList } from './CheckList';
import { ExemptionDialog } from './ExemptionDialog';
import { TrendChart } from './TrendChart';
import { UnknownCauses } from './UnknownCauses';

type Card = ReadinessEntityScorecard['scorecards'][number];
type Item = Card['checks'][number];

function summary(card: Card, standing: Standing): string {
  if (!standing.rated) return 'Not rated: no check of any level applies to it';
  if (!card.nextLevel) return 'Highest level reached';
  const n = card.blocking.length;
  return `${standing.vacuous ? 'No level yet. ' : ''}Next: ${levelTitle(
    card.scorecard,
    card.nextLevel,
  )}, blocked by ${n} ${n === 1 ? 'check' : 'checks'}`;
}

/** The Readiness tab of an entity: every check, why, and what to do. */
export const EntityReadinessContent = () => {
  const { entityRef, value, loading, error, retry } = useEntityScorecard();
  const api = useApi(readinessApiRef);
  const alertApi = useApi(alertApiRef);
  // Decided for this entity, so a policy's conditions (owner, kind,
  // annotation) hide the actions exactly where the backend would refuse.
  const canExempt = usePermission({
    permission: readinessExemptionManagePermission,
    resourceRef: entityRef,
  }).allowed;
  const canAttest = usePermission({
    permission: readinessAttestationCreatePermission,
    resourceRef: entityRef,
  }).allowed;
  const canRefresh = usePermission({
    permission: readinessRefreshPermission,
    resourceRef: entityRef,
  }).allowed;
  const [exempting, setExempting] = useState<Item | undefined>();
  const [attesting, setAttesting] = useState(false);
  const [refreshing, setRefreshing] = useState(false);
  // Installed collectors tell "Prometheus not configured" from "no value
  // yet"; without them (an older backend, a denied read) unknowns are
  // still grouped, only less precisely.
  const { value: collectors } = useAsync(async () => {
    try {
      return await api.listCollectors();
    } catch {
      return undefined;
    }
  }, [api]);

  if (loading && !value) return <Progress />;
  if (error && (error as ResponseError).statusCode === 404) {
    return (
      <Content>
        <Typography>
          No readiness data for this entity yet. Scorecards appear after the
          next collection.
        </Typography>
      </Content>
    );
  }
  if (error)
    return <ErrorState title="Readiness could not be loaded" error={error} />;
  if (!value || value.scorecards.length === 0) {
    return (
      <Content>
        <Typography>No readiness checks apply to this entity.</Typography>
      </Content>
    );
  }

  const actions = (item: Item) => (
    <>
      {canExempt && item.result.state !== 'pass' && !item.exemption && (
        <Button size="small" onClick={() => setExempting(item)}>
          Exempt…
        </Button>
      )}
      {canExempt && item.exemption && (
        <Button
          size="small"
          onClick={async () => {
            await api.revokeExemption(item.exemption!.id);
            retry();
          }}
        >
          Revoke exemption
        </Button>
      )}
    </>
  );

  const refresh = async () => {
    setRefreshing(true);
    try {
      await api.refreshEntity(entityRef);
      retry();
    } catch (e) {
      alertApi.post({
        message: `Refresh failed: ${(e as Error).message}`,
        severity: 'error',
      });
    } finally {
      setRefreshing(false);
    }
  };

  return (
    <Content>
      <Box display="flex" justifyContent="flex-end" mb={2} style={{ gap: 8 }}>
        <Typography
          variant="body2"
          color="textSecondary"
          style={{ alignSelf: 'center' }}
        >
          Data observed {ago(oldestObservation(value.facts))}
        </Typography>
        {canAttest && (
          <Button variant="outlined" onClick={() => setAttesting(true)}>
            Record attestation
          </Button>
        )}
        {canRefresh && (
          <Button
            variant="outlined"
            color="primary"
            disabled={refreshing}
            onClick={refresh}
          >
            {refreshing ? 'Refreshing…' : 'Refresh now'}
          </Button>
        )}
      </Box>
      {value.scorecards.map(card => {
        const standing = cardStanding(card);
        const rated = standing.rated;
        const blocking = new Set(card.blocking);
        return (
          <Grid container spacing={3} key={card.scorecardId}>
            <Grid item xs={12} md={4}>
              <InfoCard title={card.scorecard?.title ?? card.scorecardId}>
                <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                  <LevelBadge
                    scorecard={card.scorecard}
                    level={standing.level}
                    rated={rated}
                  />
                  <Typography variant="h4" component="span" aria-label="score">
                    {rated ? `${card.score}%` : '—'}
                  </Typography>
                </Box>
                <Typography variant="body2">
                  {summary(card, standing)}
                </Typography>
                <Typography variant="body2" color="textSecondary">
                  {READINESS_RESULT_STATES.map(
                    s => `${card.counts[s]} ${s}`,
                  ).join(' · ')}
                </Typography>
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={8}>
              <InfoCard title="Score and level, last 90 days">
                <TrendChart
                  entityRef={entityRef}
                  scorecardId={card.scorecardId}
                />
              </InfoCard>
            </Grid>
            {rated && (
              <Grid item xs={12} md={card.counts.unknown > 0 ? 8 : 12}>
                <BlockingChecks card={card} actions={actions} />
              </Grid>
            )}
            {card.counts.unknown > 0 && (
              <Grid item xs={12} md={4}>
                <UnknownCauses items={card.checks} collectors={collectors} />
              </Grid>
            )}
            {rated && (
              <Grid item xs={12}>
                <Typography variant="h5" gutterBottom>
                  {card.blocking.length > 0 ? 'Other checks' : 'All checks'}
                </Typography>
                <CheckList
                  card={card}
                  items={card.checks.filter(i => !blocking.has(i.check.id))}
                  actions={actions}
                />
              </Grid>
            )}
          </Grid>
        );
      })}
      {exempting && (
        <ExemptionDialog
          open
          entityRef={entityRef}
          checkId={exempting.check.id}
          checkTitle={exempting.check.title}
          onClose={changed => {
            setExempting(undefined);
            if (changed) retry();
          }}
        />
      )}
      <AttestationDialog
        open={attesting}
        entityRef={entityRef}
        onClose={changed => {
          setAttesting(false);
          if (changed) retry();
        }}
      />
    </Content>
  );
};

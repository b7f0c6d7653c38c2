import { Content, InfoCard, Progress } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Button,
  Grid,
  Typography,
} from '@material-ui/core';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import {
  READINESS_RESULT_STATES,
  readinessAttestationCreatePermission,
  readinessExemptionManagePermission,
  readinessRefreshPermission,
  ReadinessEntityScorecard,
} from '@readiness/backstage-plugin-readiness-common';
import { useState } from 'react';
import { readinessApiRef } from '../../api';
import {
  ago,
  LevelBadge,
  levelTitle,
  oldestObservation,
  StateChip,
  useEntityScorecard,
  ErrorState,
} from '../shared';
import { AttestationDialog } from './AttestationDialog';
import { CheckDetails } from './CheckDetails';
import { ExemptionDialog } from './ExemptionDialog';
import { TrendChart } from './TrendChart';

type Card = ReadinessEntityScorecard['scorecards'][number];
type Item = Card['checks'][number];

const stateOrder = (item: Item) =>
  READINESS_RESULT_STATES.indexOf(item.result.state);

function byCategory(items: Item[]): Array<[string, Item[]]> {
  const groups = new Map<string, Item[]>();
  for (const item of items) {
    groups.set(item.check.category, [
      ...(groups.get(item.check.category) ?? []),
      item,
    ]);
  }
  return [...groups.entries()]
    .map(
      ([category, list]) =>
        [
          category,
          list.sort(
            (a, b) =>
              stateOrder(a) - stateOrder(b) || b.check.weight - a.check.weight,
          ),
        ] as [string, Item[]],
    )
    .sort(([a], [b]) => a.localeCompare(b));
}

/** The Readiness tab of an entity: every check, why, and what to do. */
export const EntityReadinessContent = () => {
  const { entityRef, value, loading, error, retry } = useEntityScorecard();
  const api = useApi(readinessApiRef);
  const alertApi = useApi(alertApiRef);
  const canExempt = usePermission({
    permission: readinessExemptionManagePermission,
  }).allowed;
  const canAttest = usePermission({
    permission: readinessAttestationCreatePermission,
  }).allowed;
  const canRefresh = usePermission({
    permission: readinessRefreshPermission,
  }).allowed;
  const [exempting, setExempting] = useState<Item | undefined>();
  const [attesting, setAttesting] = useState(false);
  const [refreshing, setRefreshing] = useState(false);

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
      {value.scorecards.map(card => (
        <Grid container spacing={3} key={card.scorecardId}>
          <Grid item xs={12} md={4}>
            <InfoCard title={card.scorecard?.title ?? card.scorecardId}>
              <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                <LevelBadge scorecard={card.scorecard} level={card.level} />
                <Typography variant="h4" component="span" aria-label="score">
                  {card.score}%
                </Typography>
              </Box>
              <Typography variant="body2">
                {card.nextLevel
                  ? `Next: ${levelTitle(
                      card.scorecard,
                      card.nextLevel,
                    )}, blocked by ${card.blocking.length} ${
                      card.blocking.length === 1 ? 'check' : 'checks'
                    }`
                  : 'Highest level reached'}
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
          <Grid item xs={12}>
            {byCategory(card.checks).map(([category, items]) => (
              <Box mb={2} key={category}>
                <Typography variant="h6">{category}</Typography>
                {items.map(item => (
                  <Accordion
                    key={item.check.id}
                    TransitionProps={{ unmountOnExit: true }}
                  >
                    <AccordionSummary expandIcon={<ExpandMoreIcon />}>
                      <Box
                        display="flex"
                        alignItems="center"
                        width="100%"
                        style={{ gap: 12 }}
                      >
                        <StateChip state={item.result.state} />
                        <Box flexGrow={1}>
                          <Typography>{item.check.title}</Typography>
                          {item.result.message && (
                            <Typography variant="body2" color="textSecondary">
                              {item.result.message}
                            </Typography>
                          )}
                        </Box>
                        <Typography variant="caption" color="textSecondary">
                          {levelTitle(card.scorecard, item.check.level)} ·
                          weight {item.check.weight}
                          {item.result.state === 'fail' &&
                            ` · failing since ${item.result.since.slice(
                              0,
                              10,
                            )}`}
                        </Typography>
                      </Box>
                    </AccordionSummary>
                    <AccordionDetails>
                      <Box width="100%">
                        <CheckDetails item={item} />
                        {canExempt &&
                          item.result.state !== 'pass' &&
                          !item.exemption && (
                            <Button
                              size="small"
                              onClick={() => setExempting(item)}
                            >
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
                      </Box>
                    </AccordionDetails>
                  </Accordion>
                ))}
              </Box>
            ))}
          </Grid>
        </Grid>
      ))}
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

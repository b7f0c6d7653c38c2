import { Link, MarkdownContent } from '@backstage/core-components';
import { Box, Typography } from '@material-ui/core';
import { ReadinessEntityScorecard } from '@readiness/backstage-plugin-readiness-common';
import { ago } from '../shared';

type Item = ReadinessEntityScorecard['scorecards'][number]['checks'][number];

function short(value: unknown): string {
  const text = JSON.stringify(value);
  return text && text.length > 300 ? `${text.slice(0, 300)}…` : text ?? '';
}

/** The facts a result read: value, source, when, and a deep link. */
export const EvidenceList = ({ item }: { item: Item }) => (
  <Box component="ul" mt={0} aria-label={`evidence of ${item.check.id}`}>
    {item.result.evidence.map(e => (
      <li key={e.fact}>
        <Typography variant="body2" component="span">
          <code>{e.fact}</code>
          {e.missing && ' — no value collected yet'}
          {!e.missing && (
            <>
              {' = '}
              <code>{short(e.value)}</code>
              {` (observed ${ago(e.observedAt)}`}
              {e.source?.target && ` from ${e.source.target}`}
              {e.source?.origin && `, ${e.source.origin}`}
              {e.stale && ', stale'})
              {e.source?.link && (
                <>
                  {' '}
                  <Link to={e.source.link}>open</Link>
                </>
              )}
            </>
          )}
        </Typography>
      </li>
    ))}
  </Box>
);

/** Why a check has its state: the facts it read, and how to fix it. */
export const CheckDetails = ({ item }: { item: Item }) => {
  const { check, exemption } = item;
  return (
    <Box width="100%">
      {check.description && (
        <Typography variant="body2" paragraph>
          {check.description}
        </Typography>
      )}
      {exemption && (
        <Typography variant="body2" paragraph>
          Exempted by {exemption.createdBy} until{' '}
          {exemption.expiresAt.slice(0, 10)}: {exemption.reason}
        </Typography>
      )}
      <Typography variant="subtitle2">Evidence</Typography>
      <EvidenceList item={item} />
      {check.remediation && (
        <>
          <Typography variant="subtitle2">How to fix</Typography>
          <MarkdownContent content={check.remediation} />
        </>
      )}
      {check.links && check.links.length > 0 && (
        <Typography variant="body2">
          {check.links.map(l => (
            <Box component="span" mr={2} key={l.url}>
              <Link to={l.url}>{l.title}</Link>
            </Box>
          ))}
        </Typography>
      )}
      {check.covers && check.covers.length > 0 && (
        <Typography variant="caption" color="textSecondary" component="p">
          Covers checklist lines: {check.covers.join(', ')}
        </Typography>
      )}
    </Box>
  );
};

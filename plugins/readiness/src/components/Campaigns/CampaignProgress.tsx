import { Box, Chip, LinearProgress, Typography } from '@material-ui/core';
import { ReadinessCampaign } from '@readiness/backstage-plugin-readiness-common';
import { figuresText, STATUS_LABEL } from './campaignText';

const STATUS_COLOR = {
  upcoming: 'default',
  active: 'default',
  met: 'primary',
  missed: 'secondary',
} as const;

/** Met and missed stand out; the rest is neutral. */
export const CampaignStatus = ({
  status,
}: {
  status: ReadinessCampaign['status'];
}) => (
  <Chip
    size="small"
    label={STATUS_LABEL[status]}
    color={STATUS_COLOR[status]}
  />
);

/** A bar of the share at target, with the figures in words beside it. */
export const CampaignProgressBar = ({
  figures,
  goalPercent,
}: {
  figures: ReadinessCampaign['progress'];
  goalPercent?: number;
}) => (
  <Box display="flex" alignItems="center" minWidth={220}>
    <Box flexGrow={1} mr={1} minWidth={80}>
      <LinearProgress
        variant="determinate"
        value={figures.percent}
        aria-label={`${figures.percent}% at target`}
      />
    </Box>
    <Typography variant="body2" color="textSecondary" noWrap>
      {figuresText(figures)}
      {goalPercent !== undefined && goalPercent < 100
        ? ` · goal ${goalPercent}%`
        : ''}
    </Typography>
  </Box>
);

import { ReadinessGaps } from '@readiness/backstage-plugin-readiness-common';
import { Box, Button, Typography } from '@material-ui/core';

/**
 * The heatmap shows one page of a team's entities (the least ready
 * first); counts above it cover the whole team. Shown only when the team
 * has more entities than a page.
 */
export const GapsPager = ({
  gaps,
  onOffset,
}: {
  gaps: ReadinessGaps;
  onOffset: (offset: number) => void;
}) => {
  const offset = gaps.offset ?? 0;
  const total = gaps.total ?? gaps.entities.length;
  const limit = gaps.limit ?? gaps.entities.length;
  if (total <= gaps.entities.length && offset === 0) return null;
  return (
    <Box display="flex" alignItems="center" mt={1} style={{ gap: 8 }}>
      <Typography variant="body2">
        {`Services ${offset + 1}–${
          offset + gaps.entities.length
        } of ${total}, least ready first`}
      </Typography>
      <Button
        size="small"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - limit))}
      >
        Previous
      </Button>
      <Button
        size="small"
        disabled={gaps.nextOffset === undefined}
        onClick={() =>
          gaps.nextOffset !== undefined && onOffset(gaps.nextOffset)
        }
      >
        Next
      </Button>
    </Box>
  );
};

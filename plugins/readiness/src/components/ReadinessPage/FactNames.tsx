import { Box, Button, Tooltip, Typography } from '@material-ui/core';
import { useState } from 'react';
import { ReadinessCollectorInfo } from '../../api';

/**
 * A collector's facts as a count, with the names on demand: a collector can
 * declare dozens, and all of them in one cell drowned the table.
 */
export const FactNames = ({
  collector,
}: {
  collector: ReadinessCollectorInfo;
}) => {
  const [open, setOpen] = useState(false);
  const { facts } = collector;
  if (facts.length === 0) return <>none declared</>;
  return (
    <Box>
      <Button
        size="small"
        variant="text"
        aria-expanded={open}
        aria-label={`${open ? 'hide' : 'show'} the ${facts.length} facts of ${
          collector.title
        }`}
        onClick={() => setOpen(!open)}
      >
        {facts.length} {facts.length === 1 ? 'fact' : 'facts'}
      </Button>
      {open && (
        <Box
          component="ul"
          m={0}
          pl={2}
          aria-label={`facts of ${collector.title}`}
        >
          {facts.map(f => (
            <li key={f.name}>
              <Tooltip title={f.description ?? ''}>
                <Typography variant="body2" component="code">
                  {f.name}
                </Typography>
              </Tooltip>
            </li>
          ))}
        </Box>
      )}
    </Box>
  );
};

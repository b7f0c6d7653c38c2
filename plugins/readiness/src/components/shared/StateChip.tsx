import { Chip } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import BlockIcon from '@material-ui/icons/Block';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import HelpIcon from '@material-ui/icons/Help';
import PauseCircleIcon from '@material-ui/icons/PauseCircleFilled';
import { ReadinessResultState } from '@readiness/backstage-plugin-readiness-common';

// Each state has its own icon and word, so it reads without colour.
const STATES: Record<
  ReadinessResultState,
  { label: string; icon: JSX.Element; color: string }
> = {
  pass: { label: 'Pass', icon: <CheckCircleIcon />, color: '#2e7d32' },
  fail: { label: 'Fail', icon: <BlockIcon />, color: '#c62828' },
  unknown: { label: 'Unknown', icon: <HelpIcon />, color: '#6d6d6d' },
  exempt: { label: 'Exempt', icon: <PauseCircleIcon />, color: '#6a1b9a' },
  error: { label: 'Error', icon: <ErrorIcon />, color: '#e65100' },
};

const useStyles = makeStyles({
  chip: (props: { color: string }) => ({
    color: props.color,
    borderColor: props.color,
    '& svg': { color: props.color },
  }),
});

/** A result state as icon, word and colour. */
export const StateChip = ({ state }: { state: ReadinessResultState }) => {
  const meta = STATES[state];
  const classes = useStyles({ color: meta.color });
  return (
    <Chip
      size="small"
      variant="outlined"
      className={classes.chip}
      icon={meta.icon}
      label={meta.label}
      aria-label={`state ${meta.label}`}
    />
  );
};

export const stateColor = (state: ReadinessResultState) => STATES[state].color;
export const stateLabel = (state: ReadinessResultState) => STATES[state].label;

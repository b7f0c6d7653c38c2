import { useApi, alertApiRef } from '@backstage/core-plugin-api';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
} from '@material-ui/core';
import { useState } from 'react';
import { readinessApiRef } from '../../api';

const DAY = 24 * 60 * 60 * 1000;

/** Waive one check for this entity, with a reason and an expiry. */
export const ExemptionDialog = (props: {
  entityRef: string;
  checkId: string;
  checkTitle: string;
  open: boolean;
  onClose: (changed: boolean) => void;
}) => {
  const api = useApi(readinessApiRef);
  const alertApi = useApi(alertApiRef);
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState(
    new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10),
  );
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    try {
      await api.createExemption(props.entityRef, {
        checkId: props.checkId,
        reason,
        expiresAt: new Date(`${until}T23:59:59Z`).toISOString(),
      });
      alertApi.post({
        message: `Exempted ${props.checkTitle}`,
        severity: 'success',
        display: 'transient',
      });
      props.onClose(true);
    } catch (error) {
      alertApi.post({
        message: `Could not exempt: ${(error as Error).message}`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={props.open} onClose={() => props.onClose(false)} fullWidth>
      <DialogTitle>Exempt “{props.checkTitle}”</DialogTitle>
      <DialogContent>
        <TextField
          id="exemption-reason"
          label="Reason"
          helperText="Why this check does not apply or cannot pass yet (at least 10 characters)"
          fullWidth
          multiline
          required
          value={reason}
          onChange={e => setReason(e.target.value)}
          margin="normal"
        />
        <TextField
          id="exemption-expires"
          label="Expires on"
          type="date"
          required
          value={until}
          onChange={e => setUntil(e.target.value)}
          InputLabelProps={{ shrink: true }}
          margin="normal"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={() => props.onClose(false)}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy || reason.trim().length < 10 || !until}
          onClick={submit}
        >
          Exempt
        </Button>
      </DialogActions>
    </Dialog>
  );
};

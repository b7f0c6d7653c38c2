import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  TextField,
} from '@material-ui/core';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../api';

/** Record a manual fact (DR drill, load test, sign-off) with its evidence. */
export const AttestationDialog = (props: {
  entityRef: string;
  open: boolean;
  onClose: (changed: boolean) => void;
}) => {
  const api = useApi(readinessApiRef);
  const alertApi = useApi(alertApiRef);
  const types = useAsync(() => api.getAttestationTypes(), [api]);
  const [type, setType] = useState('');
  const [evidenceUrl, setEvidenceUrl] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    try {
      await api.recordAttestation(props.entityRef, {
        type,
        evidenceUrl,
        note: note || undefined,
      });
      alertApi.post({
        message: 'Attestation recorded',
        severity: 'success',
        display: 'transient',
      });
      props.onClose(true);
    } catch (error) {
      alertApi.post({
        message: `Could not record the attestation: ${
          (error as Error).message
        }`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={props.open} onClose={() => props.onClose(false)} fullWidth>
      <DialogTitle>Record an attestation</DialogTitle>
      <DialogContent>
        <TextField
          id="attestation-type"
          select
          label="What was done"
          fullWidth
          required
          value={type}
          onChange={e => setType(e.target.value)}
          margin="normal"
          inputProps={{ 'aria-label': 'attestation type' }}
        >
          {(types.value ?? []).map(t => (
            <MenuItem key={t.id} value={t.id}>
              {t.title}
              {t.role ? ` (${t.role})` : ''}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id="attestation-evidence"
          label="Evidence URL"
          helperText="Link to the report, ticket or recording"
          fullWidth
          required
          value={evidenceUrl}
          onChange={e => setEvidenceUrl(e.target.value)}
          margin="normal"
        />
        <TextField
          id="attestation-note"
          label="Note"
          fullWidth
          multiline
          value={note}
          onChange={e => setNote(e.target.value)}
          margin="normal"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={() => props.onClose(false)}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy || !type || !/^https?:\/\//.test(evidenceUrl)}
          onClick={submit}
        >
          Record
        </Button>
      </DialogActions>
    </Dialog>
  );
};

import { WarningPanel } from '@backstage/core-components';

/** A failed request, with the backend's message so users can act on it. */
export const ErrorState = ({
  title,
  error,
}: {
  title: string;
  error: Error;
}) => <WarningPanel severity="error" title={title} message={error.message} />;

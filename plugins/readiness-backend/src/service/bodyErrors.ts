import { InputError } from '@backstage/errors';
import { ErrorRequestHandler } from 'express';

/** 413, for bodies or batches beyond the configured limits. */
export class PayloadTooLargeError extends Error {
  name = 'PayloadTooLargeError';
  statusCode = 413;
}

/**
 * The JSON body parser fails with terse messages ("request entity too
 * large"); say what is wrong with the body, and keep other errors as they
 * are.
 */
export const explainBodyErrors: ErrorRequestHandler = (
  error,
  _req,
  _res,
  next,
) => {
  switch (error?.type) {
    case 'entity.too.large':
      next(
        new PayloadTooLargeError(
          `Request body too large: ${error.length} bytes, the limit is ${error.limit} bytes`,
        ),
      );
      return;
    case 'entity.parse.failed':
      next(new InputError(`Invalid body: not valid JSON (${error.message})`));
      return;
    default:
      next(error);
  }
};

import { InputError } from '@backstage/errors';
import { ErrorRequestHandler } from 'express';
import { excerpt } from './text';

/** 413, for bodies or batches beyond the configured limits. */
export class PayloadTooLargeError extends Error {
  name = 'PayloadTooLargeError';
  statusCode = 413;
}

/**
 * A compressed or chunked body has no declared length: the parser stops
 * once the bytes it read pass the limit, so only the limit can be named.
 */
function tooLargeMessage(error: { length?: number; limit?: number }): string {
  const limit = `the limit is ${error.limit} bytes`;
  return Number.isFinite(error.length)
    ? `Request body too large: ${error.length} bytes, ${limit}`
    : `Request body too large: ${limit}`;
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
      next(new PayloadTooLargeError(tooLargeMessage(error)));
      return;
    case 'entity.parse.failed':
      // The parser's message quotes the body: keep only a short excerpt.
      next(
        new InputError(
          `Invalid body: not valid JSON (${excerpt(error.message, 120)})`,
        ),
      );
      return;
    default:
      next(error);
  }
};

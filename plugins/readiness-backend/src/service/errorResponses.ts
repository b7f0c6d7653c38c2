import { LoggerService } from '@backstage/backend-plugin-api';
import { ErrorResponseBody, stringifyError } from '@backstage/errors';
import { ErrorRequestHandler } from 'express';
import { excerpt } from './text';

/**
 * Errors whose message is written for the caller, by status. Every other
 * error (a database driver's, a catalog response, a bug) may carry SQL,
 * internal URLs or values the caller must not see.
 */
const PUBLIC_ERRORS: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  PayloadTooLargeError: 413,
  TooManyRequestsError: 429,
};

/** Client errors raised by Express and its body parser (http-errors). */
const isExposedHttpError = (error: any, status: number) =>
  error?.expose === true && status >= 400 && status < 500;

const statusOf = (error: any): number | undefined => {
  const status = error?.statusCode ?? error?.status;
  return Number.isInteger(status) && status >= 100 && status <= 599
    ? status
    : undefined;
};

/**
 * Backstage's errors append their cause to their message ("...; caused
 * by ..."): the cause is whatever failed underneath, so it is cut off.
 */
function withoutCause(error: any): string {
  const message = String(error.message ?? '');
  if (error.cause === undefined) {
    return message;
  }
  const suffix = `; caused by ${stringifyError(error.cause)}`;
  return message.endsWith(suffix) ? message.slice(0, -suffix.length) : message;
}

/** The longest error message sent; the rest stays in the caller's input. */
const MAX_MESSAGE = 1000;

/**
 * Turns whatever a route threw into what the caller may read, in the shape
 * Backstage's error handler uses ({@link ErrorResponseBody}):
 *
 * - errors written for the caller keep their name and message (capped),
 *   but lose their stack, cause and any other property;
 * - a path that is not valid percent-encoded UTF-8 is a 400;
 * - anything else is a 500 that says "internal error", and is logged in
 *   full, since only the log may hold the SQL or the downstream response.
 */
export function sanitizeErrors(logger: LoggerService): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    let status = statusOf(error);
    let name: string;
    let message: string;
    if (error instanceof URIError && status === 400) {
      // Express could not decode a route parameter.
      name = 'InputError';
      message = 'Invalid path: not valid percent-encoded UTF-8';
    } else if (
      PUBLIC_ERRORS[error?.name] !== undefined ||
      isExposedHttpError(error, status ?? 0)
    ) {
      status = status ?? PUBLIC_ERRORS[error.name];
      name = String(error.name);
      message = withoutCause(error);
      if (message.length > MAX_MESSAGE) {
        message = `${message.slice(0, MAX_MESSAGE)}…`;
      }
    } else {
      status = 500;
      name = 'Error';
      message = 'internal error';
      logger.error(
        `Request ${req.method} ${excerpt(req.path, 200)} failed`,
        error instanceof Error ? error : new Error(String(error)),
      );
    }
    const body: ErrorResponseBody = {
      error: { name, message },
      request: { method: req.method, url: excerpt(req.originalUrl, 200) },
      response: { statusCode: status },
    };
    res.status(status).json(body);
  };
}

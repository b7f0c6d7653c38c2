import { LoggerService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';

/**
 * A logger that passes every message and string field through `redact`
 * first. Given to collectors, whose HTTP clients may put credentials in
 * what they log.
 */
export function redactingLogger(
  logger: LoggerService,
  redact: (text: string) => string,
): LoggerService {
  const clean = (meta?: Error | JsonObject): Error | JsonObject | undefined => {
    if (meta instanceof Error) {
      const error = new Error(redact(meta.message));
      error.name = meta.name;
      error.stack = meta.stack && redact(meta.stack);
      return error;
    }
    return meta && JSON.parse(redact(JSON.stringify(meta)));
  };
  return {
    error: (message, meta) => logger.error(redact(message), clean(meta)),
    warn: (message, meta) => logger.warn(redact(message), clean(meta)),
    info: (message, meta) => logger.info(redact(message), clean(meta)),
    debug: (message, meta) => logger.debug(redact(message), clean(meta)),
    child: meta =>
      redactingLogger(logger.child(clean(meta) as JsonObject), redact),
  };
}

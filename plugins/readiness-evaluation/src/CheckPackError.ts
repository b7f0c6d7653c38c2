import { CustomErrorBase } from '@backstage/errors';

/**
 * A check pack or check override that cannot be used. Thrown at start-up so
 * that a broken pack never evaluates silently; names the file and the check.
 */
export class CheckPackError extends CustomErrorBase {
  name = 'CheckPackError' as const;

  constructor(
    readonly file: string,
    readonly checkId: string | undefined,
    readonly reason: string,
  ) {
    super(
      `Invalid readiness check pack ${file}${
        checkId ? `, check '${checkId}'` : ''
      }: ${reason}`,
    );
  }
}

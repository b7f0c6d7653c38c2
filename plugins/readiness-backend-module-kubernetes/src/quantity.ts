/**
 * Kubernetes resource quantities (`1500m`, `2`, `16318992Ki`, `8e9`) as
 * numbers, the way the API server reads them: binary suffixes are powers
 * of 1024, decimal ones powers of 1000, and an exponent is allowed.
 */
const SUFFIXES: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY =
  /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/;

/** The value of a quantity, or null when it is not one. */
export function parseQuantity(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const match = QUANTITY.exec(value.trim());
  if (!match) return null;
  const [, digits, exponent, suffix] = match;
  const number = Number(digits);
  return exponent
    ? Number(`${digits}${exponent}`)
    : number * SUFFIXES[suffix ?? ''];
}

/**
 * A Go duration (`720h0m0s`, `36h30m`, `90m`) in hours, as Velero writes
 * its `ttl`; null when it is not one.
 */
export function goDurationHours(value: unknown): number | null {
  if (
    typeof value !== 'string' ||
    !/^(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+$/.test(value)
  ) {
    return null;
  }
  const unit: Record<string, number> = {
    h: 1,
    m: 1 / 60,
    s: 1 / 3600,
    ms: 1 / 3_600_000,
    us: 1 / 3_600_000_000,
    µs: 1 / 3_600_000_000,
    ns: 1 / 3_600_000_000_000,
  };
  let hours = 0;
  for (const [, amount, , u] of value.matchAll(
    /(\d+(\.\d+)?)(h|ms|m|s|us|µs|ns)/g,
  )) {
    hours += Number(amount) * unit[u];
  }
  return hours;
}

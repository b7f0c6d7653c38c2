/**
 * What one cycle may still spend of one credential's hourly budgets. GitHub
 * counts REST requests and GraphQL points separately; a conditional request
 * answered 304 is free and never counted.
 */
export class RateBudget {
  private readonly spent = { rest: 0, graphql: 0 };
  // Until GitHub tells us, assume the budget of a personal token.
  private readonly limits = { rest: 5000, graphql: 5000 };
  private readonly remaining: { rest?: number; graphql?: number } = {};
  /** What the last GraphQL query cost: the estimate for the next batch. */
  lastGraphqlCost = 1;

  constructor(private readonly share: number) {}

  /** Records a response's cost and what GitHub says is left this hour. */
  record(
    kind: 'rest' | 'graphql',
    cost: number,
    limit?: number,
    remaining?: number,
  ) {
    this.spent[kind] += cost;
    if (kind === 'graphql' && cost > 0) {
      this.lastGraphqlCost = cost;
    }
    if (limit !== undefined && Number.isFinite(limit) && limit > 0) {
      this.limits[kind] = limit;
    }
    if (remaining !== undefined && Number.isFinite(remaining)) {
      this.remaining[kind] = remaining;
    }
  }

  /** Whether another request of `cost` stays within the cycle's share. */
  allows(kind: 'rest' | 'graphql', cost = 1): boolean {
    const cap = Math.floor(this.limits[kind] * this.share);
    const left = this.remaining[kind];
    return (
      this.spent[kind] + cost <= cap && (left === undefined || left >= cost)
    );
  }

  /**
   * Takes `cost` from the budget before a request is sent, so concurrent
   * requests cannot overshoot it; false when the share is spent.
   */
  reserve(kind: 'rest' | 'graphql', cost = 1): boolean {
    if (!this.allows(kind, cost)) {
      return false;
    }
    this.spent[kind] += cost;
    return true;
  }

  /** Gives back a reservation GitHub did not charge (a 304). */
  refund(kind: 'rest' | 'graphql', cost = 1) {
    this.spent[kind] -= cost;
  }

  summary(): string {
    const part = (kind: 'rest' | 'graphql') =>
      `${kind} spent ${this.spent[kind]} of ${Math.floor(
        this.limits[kind] * this.share,
      )} allowed, ${this.remaining[kind] ?? 'unknown'} of ${
        this.limits[kind]
      } left this hour`;
    return `${part('rest')}; ${part('graphql')}`;
  }
}

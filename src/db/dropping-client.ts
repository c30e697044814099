import pg from 'pg';

type Query = (this: pg.Client, ...args: unknown[]) => unknown;
// eslint-disable-next-line @typescript-eslint/unbound-method -- taken unbound on purpose: always called as plainQuery.call(client, …)
const plainQuery = pg.Client.prototype.query as unknown as Query;

function dropOnReadTimeout(client: pg.Client, err: unknown): void {
  if (err instanceof Error && err.message === 'Query read timeout') {
    (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
  }
}

/**
 * A pg client that closes its connection when a query gets no answer in time (query_timeout)
 * instead of going back to the pool with the query still in flight: PostgreSQL then rolls back
 * what that connection had begun, so no later request runs inside the abandoned transaction or
 * commits it. Its own error listener keeps the process up when the connection fails while lent.
 */
export class DroppingClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => {});
  }
}

(DroppingClient.prototype as unknown as { query: Query }).query = function (this: pg.Client, config, values, callback) {
  const watch = (cb: (err: unknown, res?: unknown) => void) => (err: unknown, res?: unknown) => {
    dropOnReadTimeout(this, err);
    cb(err, res);
  };
  if (typeof values === 'function') return plainQuery.call(this, config, watch(values as never));
  if (typeof callback === 'function') return plainQuery.call(this, config, values, watch(callback as never));
  const result = plainQuery.call(this, config, values) as Promise<unknown> | undefined;
  if (result && typeof result.then === 'function') result.then(undefined, (err) => dropOnReadTimeout(this, err));
  return result;
};

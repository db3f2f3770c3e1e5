// The DuckDB statement equivalent to the Runink stage of bench/fixtures/trade-pii.yaml.

const quote = (s) => `'${s.replaceAll("'", "''")}'`

/** COPY (typed read, constraint filter, keyed sha256 of trader_email) TO NDJSON. */
export function duckdbTransformSql(csv, out) {
  return `COPY (
  SELECT trade_id, account, symbol, side, quantity, price, currency,
         strftime(traded_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS traded_at,
         sha256('bench-herd-key' || trader_email) AS trader_email, settled
  FROM read_csv(${quote(csv)}, header = true, auto_detect = false, columns = {
    'trade_id': 'VARCHAR', 'account': 'VARCHAR', 'symbol': 'VARCHAR', 'side': 'VARCHAR',
    'quantity': 'INTEGER', 'price': 'DOUBLE', 'currency': 'VARCHAR', 'traded_at': 'TIMESTAMP',
    'trader_email': 'VARCHAR', 'settled': 'BOOLEAN'})
  WHERE regexp_full_match(trade_id, '^T[0-9]{8}$')
    AND length(account) BETWEEN 3 AND 12
    AND symbol IN ('AAPL', 'MSFT', 'GOOG', 'AMZN', 'NVDA', 'TSLA')
    AND side IN ('buy', 'sell')
    AND quantity BETWEEN 1 AND 1000000
    AND price >= 0
    AND currency IN ('USD', 'EUR', 'GBP')
    AND regexp_full_match(trader_email, '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$')
) TO ${quote(out)} (FORMAT json)`
}

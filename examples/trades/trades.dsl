# Trade processing: the broker's CSV export becomes validated, masked trades and daily positions.
@feature(name="Trade processing", herd="finance", version="1.0.0")
@contract(path="contracts/")
@steps(path="steps/trades.ts")

Feature: Trade processing
  Ingest, validate and enrich trade events. Records that break their contract never reach
  the silver layer: they land in dead-letter files with the reasons attached.

---

Scenario: Bronze - ingest trades
  @module(layer="bronze")
  @source("csv://data/trades.csv" @meta(vendor="acme"))
  @step("DecodeTrades")
  @sink("dataset://bronze.trades")
  @sink("jsonl://out/dlq/bronze_trades.jsonl" when "!record.valid")
  @requires(cpu="500m", memory="256Mi", timeout="2m")
  Given the contract: trade
  When raw trades arrive from the broker
  Then decode them into typed trade events

Scenario: Silver - validate and mask
  @module(layer="silver")
  @source("dataset://bronze.trades")
  @step("ValidateLifecycle")
  @step("mask")
  @sink("dataset://silver.trades")
  @sink("jsonl://out/silver/trades_ops.jsonl" with "role=ops")
  @sink("jsonl://out/dlq/silver_trades.jsonl" when "!record.valid")
  @requires(cpu="500m", memory="256Mi", timeout="5m")
  @retry(attempts=3, backoff="exponential", initial="1s", max="30s")
  @assert("invalid.ratio < 0.05")
  Given the contract: trade_validated
  When trades have been decoded
  Then drop cancelled trades, mask personal data and publish an operations view

Scenario: Gold - daily positions
  @module(layer="gold")
  @source("dataset://silver.trades")
  @step(sql="SELECT symbol, currency, count(*) AS trades, sum(CASE WHEN side = 'buy' THEN quantity ELSE -quantity END) AS net_quantity, round(sum(notional), 2) AS gross_notional FROM input GROUP BY symbol, currency ORDER BY symbol, currency")
  @sink("dataset://gold.positions")
  @sink("csv://out/gold/positions.csv")
  @sink("jsonl://out/dlq/gold_positions.jsonl" when "!record.valid")
  @assert("records.out > 0")
  Given the contract: position
  When trades are validated
  Then aggregate them into positions per symbol and currency

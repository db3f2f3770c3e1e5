# Sensor readings: validated as they arrive, then aggregated into five-minute windows.
@feature(name="Sensor readings", herd="iot", version="0.3.0")
@contract(path="contracts/")

Feature: Sensor readings
  Field sensors report temperature, humidity and pressure. Out-of-range readings are kept
  aside for the hardware team; the rest are summarised per five-minute window.

Scenario: Ingest readings
  @source("csv://data/readings.csv")
  @step(exec="python3 steps/flag.py")
  @sink("dataset://iot.readings")
  @sink("jsonl://out/dlq/readings.jsonl" when "!record.valid")
  Given the contract: reading

Scenario: Five-minute windows
  @source("dataset://iot.readings")
  @step("sql", query="SELECT sensor_id, metric, time_bucket(INTERVAL 5 MINUTE, CAST(read_at AS TIMESTAMP)) AS window_start, count(*) AS readings, min(value) AS min_value, max(value) AS max_value, round(avg(value), 3) AS avg_value FROM input GROUP BY ALL ORDER BY ALL")
  @sink("dataset://iot.reading_windows")
  @sink("csv://out/windows.csv")
  @sink("jsonl://out/dlq/windows.jsonl" when "!record.valid")
  @partition(by="sensor_id", n=2)
  Given the contract: reading_window

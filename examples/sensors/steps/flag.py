"""Flags readings whose battery is low: an external-command step (NDJSON in, NDJSON out)."""
import json
import sys

for line in sys.stdin:
    record = json.loads(line)
    battery = record.get("battery")
    if battery is not None and battery < 0.1:
        print(f"low battery on {record['sensor_id']}: {battery}", file=sys.stderr)
    print(json.dumps(record))

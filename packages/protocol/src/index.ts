// Error codes: the static per-package tables and the one code → HTTP status / exit code table.

// Messages: every cross-process shape with its { version, type } and schema.
export {}

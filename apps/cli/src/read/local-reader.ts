import type { Barn } from '@runink/store'
import type { BarnReader } from './barn-reader.js'

/** The read commands' reader on the Barn here. */
export function localReader(barn: Barn): BarnReader {
  return {
    herds: async () => (await barn.herds.list()).map((h) => h.name),
    runs: (filter) => barn.runs.list(filter),
    run: (id) => barn.runs.get(id),
    runDetail: (id) => barn.runDetail(id),
    datasets: (herd) => (herd === undefined ? barn.datasets.listAll() : barn.datasets.list(herd)),
    herdsOf: (name) => barn.datasets.herdsOf(name),
    versions: (name, herd) => barn.datasets.versions(name, herd),
    resolve: (ref, herd) => barn.datasets.resolve(ref, herd),
    auditEntries: (q) => barn.audit.query(q),
    auditVerify: () => barn.audit.verify(),
    auditExport: () => barn.audit.exportNdjson(),
    lineage: (start, direction) =>
      barn.lineage.graph('runId' in start ? { runId: start.runId } : start, direction),
  }
}

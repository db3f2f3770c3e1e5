import { RuninkError } from '@runink/core'
import { StoreErrors, type Barn } from '@runink/store'
import type { BarnReader, ContractNameEntry } from './barn-reader.js'
import { contractEntry } from './contract-entry.js'

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
    async contracts(herd) {
      const herds = herd === undefined ? (await barn.herds.list()).map((h) => h.name) : [herd]
      const all: ContractNameEntry[] = []
      for (const h of herds)
        for (const n of await barn.contracts.list({ herd: h }))
          all.push({ herd: h, name: n.name, versions: n.versions, latest: contractEntry(n.latest) })
      return all
    },
    contractVersions: async (name, herd) =>
      (await barn.contracts.versions(herd, name)).map(contractEntry),
    async contract(hash, herd) {
      const found = await barn.contracts.get(herd, hash)
      if (found) return found
      throw new RuninkError(
        StoreErrors.RUNINK_STORE_NOT_FOUND,
        `no contract ${hash} in herd ${herd}`,
        {
          details: { what: 'contract', id: hash, herd },
        },
      )
    },
    lineage: (start, direction) =>
      barn.lineage.graph('runId' in start ? { runId: start.runId } : start, direction),
  }
}

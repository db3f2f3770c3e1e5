/** An immutable, numbered version of a dataset: what a run reads and publishes. */
export interface DatasetVersion {
  readonly id: string
  readonly name: string
  readonly version: number
  /** `dataset://name@version`. */
  readonly ref: string
  /** `sha256:<hex>` of the bytes; the object key is the hex. */
  readonly contentHash: string
  readonly contractHash: string | null
  readonly size: number
  readonly recordCount: number
  readonly format: string
  readonly objectKey: string
}

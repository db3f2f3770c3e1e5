import type { RecordBatches } from '../connectors/index.js'
import type { BatchTransform } from './batch-transform.js'

/** Records into and out of one step. */
interface StepCount {
  in: number
  out: number
}

/** A step that counts its own drops and additions, record by record. */
export interface OwnCount {
  /** `record` gave nothing: one record filtered. */
  readonly dropped: () => void
  /** One record gave `n` (≥ 2): `n - 1` added. */
  readonly fannedOut: (n: number) => void
}

/** One step's counters: wrap what it reads and what it returns. */
export interface CountedStep {
  readonly in: (input: RecordBatches) => RecordBatches
  readonly out: (output: RecordBatches) => RecordBatches
}

async function* counting(input: RecordBatches, add: (n: number) => void): RecordBatches {
  for await (const batch of input) {
    add(batch.length)
    yield batch
  }
}

/**
 * Counts, step by step, the records each step read and returned, so a slice's counts
 * reconcile: a step that returned fewer than it read filtered the difference (`filter`,
 * `dedupe`, a `map` returning null, a `sql` step that aggregates), one that returned more
 * added it (a `map` returning an array). Records a check rejects are not a step's: they are
 * counted invalid where they are rejected.
 */
export class StepTally {
  private readonly steps: StepCount[] = []
  private own = { filtered: 0, added: 0 }

  /** Counters for one more step. */
  step(): CountedStep {
    const c: StepCount = { in: 0, out: 0 }
    this.steps.push(c)
    return {
      in: (input) => counting(input, (n) => (c.in += n)),
      out: (output) => counting(output, (n) => (c.out += n)),
    }
  }

  /**
   * Counters for a step that maps record by record and knows what each record gave (a TypeScript
   * `map`): exact where a step both drops and fans out, which the net count would hide.
   */
  perRecord(): OwnCount {
    return {
      dropped: () => void this.own.filtered++,
      fannedOut: (n) => void (this.own.added += n - 1),
    }
  }

  /** `transform`, counted. */
  around(transform: BatchTransform): BatchTransform {
    const counted = this.step()
    return (input) => counted.out(transform(counted.in(input)))
  }

  /** Records the steps dropped and added, summed over steps. */
  totals(): { filtered: number; added: number } {
    let { filtered, added } = this.own
    for (const s of this.steps) {
      if (s.in > s.out) filtered += s.in - s.out
      else added += s.out - s.in
    }
    return { filtered, added }
  }
}

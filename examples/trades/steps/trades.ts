import { defineStep } from '@runink/engine/step'

/** Turns a raw CSV trade into a typed trade event with its notional. */
export const DecodeTrades = defineStep({
  in: 'trade_raw',
  out: 'trade',
  map(record) {
    const quantity = Number(record.quantity)
    const price = Number(record.price)
    return {
      ...record,
      side: String(record.side).toLowerCase(),
      status: String(record.status).toLowerCase(),
      quantity,
      price,
      notional: Math.round(quantity * price * 100) / 100,
    }
  },
})

/** Applies the trade lifecycle: cancelled trades leave the flow (and are counted). */
export const ValidateLifecycle = defineStep({
  in: 'trade',
  out: 'trade_validated',
  map(record, ctx) {
    if (record.status === 'cancel') {
      ctx.count('cancelled')
      return null
    }
    return record
  },
})

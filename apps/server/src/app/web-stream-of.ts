/**
 * A web ReadableStream reading `source` as the consumer pulls (back-pressure kept; cancelling
 * the stream ends the source). The standard constructor, where `ReadableStream.from` is not
 * typed everywhere this code is checked.
 */
export function webStreamOf(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next()
      if (next.done) controller.close()
      else controller.enqueue(next.value)
    },
    async cancel() {
      await iterator.return?.()
    },
  })
}

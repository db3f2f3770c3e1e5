import { readFile } from 'node:fs/promises'

/**
 * The fields of a small JSON file of the seal's (key, checkpoint): undefined when there is no
 * such file, `{}` when it is not JSON, so the caller names what it expected.
 */
export async function readJsonFile<T>(path: string): Promise<Partial<T> | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    return (JSON.parse(text) ?? {}) as Partial<T>
  } catch {
    return {}
  }
}

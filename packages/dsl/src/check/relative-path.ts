/** A relative POSIX path normalised: no `./`, no empty segments, `..` folded where possible. */
export function normalizeRelative(path: string): string {
  const out: string[] = []
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..' && out.length > 0 && out.at(-1) !== '..') out.pop()
    else out.push(part)
  }
  const joined = out.join('/')
  return path.startsWith('/') ? `/${joined}` : joined === '' ? '.' : joined
}

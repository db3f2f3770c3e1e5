/**
 * The read-only file access pure packages need (contract folders, step modules), injected by
 * the caller. Paths are whatever the implementation understands; `resolve` joins them.
 */
export interface SourceFs {
  readText(path: string): Promise<string>
  /** Entry names of a directory (not full paths). */
  list(dir: string): Promise<readonly string[]>
  isDirectory(path: string): Promise<boolean>
  exists(path: string): Promise<boolean>
  /** Joins and normalises path segments, the later ones relative to the earlier. */
  resolve(...parts: string[]): string
  /** The directory part of a path. */
  dirname(path: string): string
  /**
   * The path with every symlink resolved (it must exist). Optional: a file system without
   * links (in memory) leaves it out, and then paths are only checked as written.
   */
  realpath?(path: string): Promise<string>
}

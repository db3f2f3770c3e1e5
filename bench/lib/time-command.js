// Runs a command to completion and measures it from spawn to exit (wall time).
import { spawn } from 'node:child_process'

/**
 * Resolves to { wallMs, stdout, stderr }; rejects when the command exits non-zero.
 * @param {string} file
 * @param {string[]} args
 * @param {{ cwd?: string, env?: Record<string, string> }} [options]
 */
export function timeCommand(file, args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(file, args, {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6
      if (code !== 0) {
        reject(
          new Error(
            `${file} ${args.join(' ')} exited with ${code}:\n${(stderr || stdout).slice(-2000)}`,
          ),
        )
        return
      }
      resolve({ wallMs, stdout, stderr })
    })
  })
}

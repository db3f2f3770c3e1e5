// Spawns a benchmark child (`node <script> …args`) and measures it from spawn to exit, so the
// numbers include process start; the child reports its records, CPU time and peak RSS.
import { spawn } from 'node:child_process'

/**
 * Runs `node script ...args` and resolves to the child's report plus `wallMs`.
 * @param {string} script absolute path
 * @param {string[]} args
 * @param {string[]} [nodeArgs] flags for node itself (e.g. --cpu-prof)
 */
export function runChild(script, args, nodeArgs = []) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    child.on('error', reject)
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6
      const line = out.split('\n').find((l) => l.startsWith('@@bench '))
      if (code !== 0 || !line) {
        reject(
          new Error(
            `${script} ${args.join(' ')} exited with ${code}:\n${(err || out).slice(-2000)}`,
          ),
        )
        return
      }
      resolve({ ...JSON.parse(line.slice(8)), wallMs })
    })
  })
}

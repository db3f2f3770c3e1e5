// Starts a server in a child process (runi serve, or the bare Hono floor) and resolves once it
// says on stderr where it listens: { url, stop() } (stop sends SIGTERM and waits for the exit).
import { spawn } from 'node:child_process'

export function startServerChild(args, env) {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    let err = ''
    child.stderr.on('data', (c) => {
      err += c
      const m = /listening on (http:\/\/\S+) /.exec(err)
      if (m)
        resolve({
          url: m[1],
          stop: () =>
            new Promise((done) => {
              child.once('exit', done)
              child.kill('SIGTERM')
            }),
        })
    })
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)))
  })
}

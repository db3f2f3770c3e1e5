// Runs the benchmarks named on the command line (default: all) and updates bench/RESULTS.md.
const ALL = ['validation', 'throughput', 'memory', 'chain', 'slice-start', 'startup', 'server']
const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ALL
for (const name of names) {
  if (!ALL.includes(name)) {
    console.error(`unknown benchmark "${name}"; known: ${ALL.join(', ')}`)
    process.exit(2)
  }
  console.log(`bench: ${name}`)
  const mod = await import(`./${name}.js`)
  await mod.run()
}

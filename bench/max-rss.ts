// Preloaded into a benchmarked child process (node --require): prints its peak resident set size
// on stderr as it exits, so the parent reads the peak rather than sampling it.
process.on('exit', () => {
  process.stderr.write(`\npeak RSS bytes: ${process.resourceUsage().maxRSS * 1024}\n`);
});

// Entry of dist/cli-commands.js: the `scimmap` commands, loaded by dist/cli.js (bin.ts).
import { main } from './main';

// A reader that stops early (`scimmap simulate ... | head`) closes the pipe, and the next write fails
// with EPIPE: stop as a Unix tool killed by SIGPIPE does (status 128 + 13), not with a stack trace.
// Any other failure to write (a full disk behind a redirect) is said in one line.
const sigpipeStatus = 141;
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && stream === process.stdout) {
      process.stderr.write(`scimmap: cannot write the output: ${error.message}\n`);
      process.exit(1);
    }
    process.exit(sigpipeStatus);
  });
}

main(process.argv.slice(2)).then((exitCode) => {
  process.exitCode = exitCode;
});

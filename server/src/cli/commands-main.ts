// Entry of dist/cli-commands.js: the `scimmap` commands, loaded by dist/cli.js (bin.ts).
import { main } from './main';

main(process.argv.slice(2)).then((exitCode) => {
  process.exitCode = exitCode;
});

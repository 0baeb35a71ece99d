// Entry of dist/cli.js (the `scimmap` command).
import { main } from './main';

main(process.argv.slice(2)).then((exitCode) => {
  process.exitCode = exitCode;
});

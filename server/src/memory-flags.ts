// V8 settings for a long-running language server, set before anything else loads (the first import
// of server-main.ts). With V8's defaults the server held 105 MiB after opening a 2,000-mapping file
// and 160 MiB after a few hundred edits, for 16 MiB of live objects (docs/performance.md):
// - the young generation's semi-spaces grew from 1 to 16 MiB while the first analysis built its
//   AST, 30 MiB that stayed. A growth factor of 1 keeps them at 1 MiB. (`--max-semi-space-size` would
//   say the same, but V8 reads it only when the heap is set up, before any script runs: `scimmap lsp
//   --stdio` does not choose node's command line; the growth factor is read at each resize.)
// - every edit's text is a new 330 KB string in the old generation's large-object space, and V8 let
//   the old generation grow to about twice its live size before collecting it. A growing factor of
//   1.1 collects it sooner, so the memory stays flat over edits. (`--optimize-for-size` did about the
//   same for memory, but cost a fifth more CPU per edit and at start: it also changes the compilers.)
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--semi-space-growth-factor=1');
setFlagsFromString('--heap-growing-percent=10');

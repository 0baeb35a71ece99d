// What the Graph command tests set up first: the stand-in tenant's Genesys Cloud app pulled into a
// .scimmap, as an admin would before verifying or comparing.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { main } from '../../../server/src/cli/main';
import { capture } from '../cli/cli-io';

/** Runs `scimmap pull` of the "Genesys Cloud" app into folder/app.scimmap with the token in `tokenEnv`. */
export async function pullGenesysApp(graphUrl: string, folder: string, tokenEnv: string): Promise<void> {
  const io = capture();
  const args = ['pull', '--app', 'Genesys Cloud', '-o', join(folder, 'app.scimmap'), '--graph-url', graphUrl, '--token-env', tokenEnv];
  assert.equal(await main(args, io), 0, io.stderr.join('\n'));
}

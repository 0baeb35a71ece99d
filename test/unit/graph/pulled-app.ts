// What the Graph command tests set up first: the stand-in tenant's Genesys Cloud app pulled into a
// .scimmap, as an admin would before verifying or comparing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../server/src/cli/main';
import { startGraphStandIn, type GraphStandIn } from '../../support/graph-server';
import { capture } from '../cli/cli-io';

/** The stand-in tenant with one enterprise app, "Genesys Cloud", whose one job has the gallery schema. */
export function startGenesysTenant(): Promise<GraphStandIn> {
  return startGraphStandIn([
    {
      id: '6f1c9a52-3d0e-4b7a-9c21-5e8f0d4a7b13',
      appId: '9e8d7c6b-5a49-4838-a7b6-c5d4e3f2a1b0',
      displayName: 'Genesys Cloud',
      jobs: [
        {
          id: 'purecloudbygenesys.job',
          templateId: 'purecloudbygenesys',
          schema: readFileSync(join('test', 'fixtures', 'entra', 'genesys-gallery.json'), 'utf8'),
        },
      ],
    },
  ]);
}

/** Runs `scimmap pull` of the "Genesys Cloud" app into folder/app.scimmap with the token in `tokenEnv`. */
export async function pullGenesysApp(graphUrl: string, folder: string, tokenEnv: string): Promise<void> {
  const io = capture();
  const args = ['pull', '--app', 'Genesys Cloud', '-o', join(folder, 'app.scimmap'), '--graph-url', graphUrl, '--token-env', tokenEnv];
  assert.equal(await main(args, io), 0, io.stderr.join('\n'));
}

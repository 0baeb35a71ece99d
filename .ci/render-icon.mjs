// Renders images/icon.svg to images/icon.png (256x256, transparent corners) with headless Chromium,
// the browser the integration suite already needs: `node .ci/render-icon.mjs`. Run it after
// changing the SVG and commit both files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromiumPath, repoRoot } from './setup.mjs';

const here = join(repoRoot, 'images');
const profile = mkdtempSync(join(tmpdir(), 'scimmap-icon-'));
const result = spawnSync(
  chromiumPath(),
  [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--hide-scrollbars',
    `--user-data-dir=${profile}`,
    '--default-background-color=00000000',
    '--window-size=256,256',
    `--screenshot=${join(here, 'icon.png')}`,
    pathToFileURL(join(here, 'icon.svg')).href,
  ],
  { encoding: 'utf8' },
);
rmSync(profile, { recursive: true, force: true });
if (result.status !== 0) {
  process.stderr.write(result.stderr);
  process.exit(1);
}

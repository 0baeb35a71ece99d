// The hostile mapping test of issue 15's audit: a group of thousands of members whose stored snapshot
// is out of date by one member who left. The snapshot is 4 lines a member; the diff of its JSON took
// memory and time in the square of that (3.4 GB and 20 s at 5,000 members, a heap abort past about
// 6,000, in `scimmap test` and in the language server alike). Used by the unit suite (5,000 members)
// and by `npm run fuzz` (5,000 and 50,000), which hold each run to a CPU time and a heap growth.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from '../../server/src/cli/main';
import { DocumentStore } from '../../server/src/documents';
import { runMappingTests } from '../../server/src/lsp/mapping-tests';
import type { RunMappingTestsResult } from '../../shared/src/protocol';
import { capture } from '../unit/cli/cli-io';

export interface OutdatedSnapshot {
  readonly testFile: string;
  /** The member who left the group since the snapshot was taken. */
  readonly leaver: string;
}

/** A folder with the example mapping, `members` users in group "Big", its snapshot taken, then one member gone. */
export async function outdatedGroupSnapshot(root: string, members: number): Promise<OutdatedSnapshot> {
  const folder = mkdtempSync(join(tmpdir(), 'scimmap-outdated-snapshot-'));
  copyFileSync(join(root, 'examples', 'purecloud.scimmap'), join(folder, 'purecloud.scimmap'));
  const testFile = join(folder, 'big.scimmap-test.json');
  writeFileSync(
    testFile,
    JSON.stringify({
      mapping: 'purecloud.scimmap',
      directory: 'users.json',
      now: '2026-03-01T09:30:00Z',
      seed: 1,
      expect: { 'group:big': { snapshot: true } },
    }),
  );
  const leaver = 'u7';
  const writeSamples = (left?: string) => {
    const users = Array.from({ length: members }, (_, i) => ({
      $id: `u${i}`,
      objectId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      userPrincipalName: `u${i}@contoso.com`,
      displayName: `U ${i}`,
      accountEnabled: true,
    }));
    const group = {
      $id: 'big',
      objectId: '11111111-0000-4000-8000-000000000000',
      displayName: 'Big',
      members: users.map((user) => user.$id).filter((id) => id !== left),
      $target: { id: 'g1', displayName: 'Big', members: [] },
    };
    writeFileSync(join(folder, 'users.json'), JSON.stringify({ users, groups: [group] }));
  };
  writeSamples();
  const code = await main(['test', '--update', testFile], capture());
  if (code !== 0) throw new Error(`taking the snapshot of ${members} members: exit ${code}`);
  writeSamples(leaver);
  return { testFile, leaver };
}

/** `scimmap test` of the file: the exit code and the report. */
export async function cliRun(testFile: string): Promise<{ code: number; out: string }> {
  const io = capture();
  const code = await main(['test', testFile], io);
  return { code, out: io.stdout.join('\n') };
}

/** Test Explorer's run of the file, through the language server's handler. */
export function editorRun(testFile: string): Promise<RunMappingTestsResult> {
  return runMappingTests(new DocumentStore(), { uri: pathToFileURL(testFile).href, openFiles: [], update: false });
}

/**
 * `npm run fuzz`'s hostile mapping tests: the outdated snapshot of `members` members through the
 * editor's run and `scimmap test`, each within `cpuLimitMs` of CPU and the process under `rssLimitMiB`
 * of peak memory. The line to print and the failures.
 */
export async function outdatedSnapshotRuns(
  root: string,
  members: number,
  { cpuLimitMs, rssLimitMiB }: { cpuLimitMs: number; rssLimitMiB: number },
): Promise<{ line: string; failures: string[] }> {
  const { testFile, leaver } = await outdatedGroupSnapshot(root, members);
  const failures: string[] = [];
  const spent: string[] = [];
  const runs: Array<[string, () => Promise<string | undefined>]> = [
    [
      'editor',
      async () => {
        const result = await editorRun(testFile);
        return result.ok && result.results[0]?.passed === false ? undefined : `not one failure: ${JSON.stringify(result).slice(0, 200)}`;
      },
    ],
    [
      'scimmap test',
      async () => {
        const { code, out } = await cliRun(testFile);
        return code === 1 && out.includes(`«id of ${leaver} in Genesys Cloud»`)
          ? undefined
          : `exit ${code}, no diff of ${leaver}:\n${out.slice(0, 500)}`;
      },
    ],
  ];
  for (const [name, run] of runs) {
    const start = process.cpuUsage();
    const wrong = await run();
    const { user, system } = process.cpuUsage(start);
    const ms = (user + system) / 1000;
    spent.push(`${name} ${ms.toFixed(0)} ms`);
    if (wrong) failures.push(`${members} members, ${name}: ${wrong}`);
    if (ms > cpuLimitMs) failures.push(`${members} members, ${name}: ${ms.toFixed(0)} ms of CPU, over ${cpuLimitMs}`);
  }
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  if (peakMiB > rssLimitMiB) failures.push(`${members} members: peak RSS ${peakMiB.toFixed(0)} MiB, over ${rssLimitMiB}`);
  return {
    line: `outdated snapshot of a ${members}-member group: ${spent.join(', ')} of CPU; peak RSS ${peakMiB.toFixed(0)} MiB; ${failures.length} failures`,
    failures,
  };
}

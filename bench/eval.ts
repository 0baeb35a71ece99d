// Evaluation throughput (issue 4 §7): the create requests of examples/purecloud.scimmap for 100,000
// generated users on one core, in users per second, and the ratio of that time to JSON.stringify of
// the bodies produced (the floor: the preview can never be cheaper than serialising its output).
// Target: at least 100,000 users per second. Run alone: node out/bench/eval.js (after npm run compile-tests).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parse } from '../server/src/syntax/parser';
import { previewGroup, previewUser } from '../server/src/provisioning/requests';
import type { SampleGroup, SampleUser } from '../server/src/schema/sample-data';

const userCount = 100_000;

const givenNames = ['Ada', 'Grace', 'José', 'Zoë', 'Łukasz', 'Mỹ', 'Søren', 'Amélie', 'Kenji', 'Chloé'];
const surnames = ['Lovelace', 'Hopper', 'Núñez', 'Müller', 'Nguyễn', "O'Connor", 'Kowalski', 'Sato', 'Díaz', 'Hart'];
const departments = ['Sales', 'Support', 'Research', 'Finance', null];

/** Deterministic users with the shape of a real tenant: some without mail, phones or titles, some disabled. */
export function generateUsers(count: number): SampleUser[] {
  return Array.from({ length: count }, (_, i) => generateUser(i));
}

/** The i-th generated user (a file of a million is written one user at a time). */
export function generateUser(i: number): SampleUser {
  const given = givenNames[i % givenNames.length];
  const surname = surnames[(i * 7) % surnames.length];
  const alias = `${given}.${surname}.${i}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
  return {
    id: `user-${i}`,
    attributes: {
      objectId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      userPrincipalName: `${alias}@contoso.com`,
      mail: i % 10 === 3 ? null : `${alias}@contoso.com`,
      displayName: `${given} ${surname}`,
      givenName: given,
      surname,
      jobTitle: i % 4 === 0 ? null : 'Agent',
      department: departments[i % departments.length],
      mobile: i % 3 === 0 ? `+1425555${String(i % 10_000).padStart(4, '0')}` : null,
      telephoneNumber: i % 5 === 0 ? `+1425556${String(i % 10_000).padStart(4, '0')}` : null,
      employeeId: String(100_000 + i),
      accountEnabled: i % 50 !== 0,
    },
  };
}

export async function benchEvaluation(): Promise<Record<string, number | string>> {
  // Run from the repository root, as npm run bench does.
  const mapping = readFileSync('examples/purecloud.scimmap', 'utf8');
  const { file } = parse(mapping);
  const users = generateUsers(userCount);

  // Warm up the JIT on a slice, then measure the whole set. The bodies are not kept while timing (the
  // preview shows one user at a time); a count of the values produced keeps the work observable.
  for (const user of users.slice(0, 2_000)) previewUser(file, user);
  let requests = 0;
  const start = performance.now();
  for (const user of users) requests += previewUser(file, user).requests.length;
  const evaluationMs = performance.now() - start;

  // The yardstick: JSON.stringify of the same bodies, produced again outside the timing.
  const bodies = users.map((user) => previewUser(file, user).requests.find((request) => request.method === 'POST')?.body);
  const stringifyStart = performance.now();
  let bytes = 0;
  for (const body of bodies) bytes += JSON.stringify(body).length;
  const stringifyMs = performance.now() - stringifyStart;

  // Group updates (issue 10 §13): membership compared in linear time, so 8 times the members cost about 8 times as much.
  const groupMs = (members: number) => {
    const sampleUsers = users.slice(0, members).map((user) => ({ ...user, target: { id: `t-${user.id}` } }));
    const group: SampleGroup = {
      id: 'big',
      attributes: { displayName: 'Big', objectId: 'g-1' },
      members: sampleUsers.map((user) => user.id),
    };
    // Half the members are in the target already, plus as many who left the Entra group.
    const current = sampleUsers
      .filter((_, i) => i % 2 === 0)
      .map((user) => ({ value: user.target.id }))
      .concat(sampleUsers.map((_, i) => ({ value: `gone-${i}` })));
    const started = performance.now();
    previewGroup(file, group, {
      samples: { users: sampleUsers, groups: [group] },
      target: { id: 'g-target', displayName: 'Big', members: current },
    });
    return performance.now() - started;
  };
  groupMs(2_000);
  const group12k = groupMs(12_500);
  const group100k = groupMs(100_000);

  return {
    'evaluation: group update, 12,500 members, ms': Math.round(group12k),
    'evaluation: group update, 100,000 members, ms': Math.round(group100k),
    'evaluation: group update, 100,000 / 12,500 (linear: about 8)': Number((group100k / group12k).toFixed(1)),
    'evaluation: users': userCount,
    'evaluation: users per second': Math.round(userCount / (evaluationMs / 1000)),
    'evaluation: target users per second': 100_000,
    'evaluation: ms total': Math.round(evaluationMs),
    'evaluation: JSON.stringify of the bodies, ms': Math.round(stringifyMs),
    'evaluation: ratio to JSON.stringify': Number((evaluationMs / stringifyMs).toFixed(1)),
    'evaluation: requests built': requests,
    'evaluation: body bytes': bytes,
  };
}

if (require.main === module) {
  benchEvaluation().then((results) => {
    for (const [name, value] of Object.entries(results)) console.log(`${name}: ${value}`);
  });
}

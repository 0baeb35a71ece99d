// Directory inputs for a simulated cycle: the admin center's Users CSV and Graph JSON in every
// awkward form admins hand us, read into samples, with broken entries reported by where they are.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  directoryFormatOf,
  readDirectoryJson,
  readGraphJson,
  readUsersCsv,
  type DirectoryEntry,
  type DirectoryProblem,
} from '../../../server/src/simulation/directory';

async function csv(text: string | string[]): Promise<{ entries: DirectoryEntry[]; problems: DirectoryProblem[] }> {
  const problems: DirectoryProblem[] = [];
  const entries: DirectoryEntry[] = [];
  for await (const entry of readUsersCsv(typeof text === 'string' ? [text] : text, 'users.csv', (problem) => problems.push(problem)))
    entries.push(entry);
  return { entries, problems };
}

const header =
  'id,userPrincipalName,displayName,surname,mail,givenName,userType,jobTitle,department,accountEnabled,mobilePhone,officeLocation';

describe('the Users CSV', () => {
  test('columns become the attributes mappings read; empty cells are null; booleans are booleans', async () => {
    const { entries, problems } = await csv(
      `${header}\n11111111-1111-1111-1111-111111111111,ada@contoso.com,Ada Lovelace,Lovelace,,Ada,Member,Analyst,R&D,True,+1 555 0100,Building 7\n`,
    );
    assert.deepEqual(problems, []);
    assert.equal(entries.length, 1);
    const [{ kind, sample, where }] = entries;
    assert.equal(kind, 'user');
    assert.equal(where, 'users.csv:2');
    assert.equal(sample.id, '11111111-1111-1111-1111-111111111111');
    assert.deepEqual(sample.attributes, {
      objectId: '11111111-1111-1111-1111-111111111111',
      userPrincipalName: 'ada@contoso.com',
      displayName: 'Ada Lovelace',
      surname: 'Lovelace',
      givenName: 'Ada',
      userType: 'Member',
      jobTitle: 'Analyst',
      department: 'R&D',
      accountEnabled: true,
      mobile: '+1 555 0100',
      physicalDeliveryOfficeName: 'Building 7',
    });
  });

  test('a byte order mark, quoted commas, doubled quotes and line breaks inside quotes', async () => {
    const text =
      '\uFEFFuserPrincipalName,displayName,streetAddress,jobTitle\r\n' +
      'grace@contoso.com,"Hopper, Grace","1 Navy Way\r\nSuite 2","Rear ""Amazing"" Admiral"\r\n' +
      'alan@contoso.com,Alan Turing,,\r\n';
    const { entries, problems } = await csv(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      entries.map((entry) => [entry.where, entry.sample.attributes]),
      [
        [
          'users.csv:2',
          {
            userPrincipalName: 'grace@contoso.com',
            displayName: 'Hopper, Grace',
            streetAddress: '1 Navy Way\r\nSuite 2',
            jobTitle: 'Rear "Amazing" Admiral',
          },
        ],
        ['users.csv:4', { userPrincipalName: 'alan@contoso.com', displayName: 'Alan Turing' }],
      ],
    );
  });

  test('any chunking gives the same users (a quote or a CRLF split between chunks)', async () => {
    const text = `${header}\r\n"a,1",a@contoso.com,"A ""x""\r\ny",,,,,,,False,,\r\nb,b@contoso.com,B,,,,,,,,,\r\n`;
    const whole = await csv(text);
    for (const size of [1, 2, 3, 7]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      assert.deepEqual(await csv(chunks), whole, `chunks of ${size}`);
    }
    assert.equal(whole.entries.length, 2);
    assert.equal(whole.entries[0].sample.attributes.displayName, 'A "x"\r\ny');
    assert.equal(whole.entries[1].where, 'users.csv:4');
  });

  test('lone CR line ends count as lines', async () => {
    const { entries } = await csv('userPrincipalName,displayName\ra@contoso.com,A\rb@contoso.com,B');
    assert.deepEqual(
      entries.map((entry) => entry.where),
      ['users.csv:2', 'users.csv:3'],
    );
  });

  // Before: the header was one column "userPrincipalName;displayName;…", and every row was skipped as having no id.
  test('a CSV saved with ; as the list separator (Excel in much of Europe, Export-Csv -UseCulture) is read by its header row', async () => {
    const text = `\uFEFF"userPrincipalName";"displayName";"objectId";"jobTitle";"accountEnabled"\r\na@contoso.com;"Lovelace; Ada";1;"Head, R&D";False\r\nb@contoso.com;B;2;;True\r\n`;
    const whole = await csv(text);
    assert.deepEqual(whole.problems, []);
    assert.deepEqual(
      whole.entries.map((entry) => entry.sample.attributes),
      [
        { userPrincipalName: 'a@contoso.com', displayName: 'Lovelace; Ada', objectId: '1', jobTitle: 'Head, R&D', accountEnabled: false },
        { userPrincipalName: 'b@contoso.com', displayName: 'B', objectId: '2', accountEnabled: true },
      ],
    );
    for (const size of [1, 5]) assert.deepEqual(await csv(text.match(new RegExp(`[^]{1,${size}}`, 'g'))!), whole, `chunks of ${size}`);
    // A comma anywhere in the header row keeps the comma: a semicolon in a value is then a character.
    const comma = await csv('userPrincipalName,displayName\r\na@contoso.com,A;B\r\n');
    assert.equal(comma.entries[0].sample.attributes.displayName, 'A;B');
    assert.equal((await csv('userPrincipalName;displayName')).entries.length, 0);
  });

  // Before: Get-MgUser | Export-Csv's "System.String[]" in BusinessPhones was every user's work phone.
  test("the .NET type names PowerShell's Export-Csv writes for lists and objects are empty cells, said once a column a mapping reads", async () => {
    const { entries, problems } = await csv(
      [
        '"Id","UserPrincipalName","BusinessPhones","AdditionalProperties","Manager","Department"',
        '"1","a@contoso.com","System.String[]","System.Collections.Generic.Dictionary`2[System.String,System.Object]","Microsoft.Graph.PowerShell.Models.MicrosoftGraphDirectoryObject","Microsoft.Sales"',
        '"2","b@contoso.com","System.String[]","System.Collections.Generic.Dictionary`2[System.String,System.Object]","","System"',
        '',
      ].join('\r\n'),
    );
    assert.deepEqual(
      entries.map((entry) => entry.sample.attributes),
      [
        { objectId: '1', userPrincipalName: 'a@contoso.com', department: 'Microsoft.Sales' },
        { objectId: '2', userPrincipalName: 'b@contoso.com', department: 'System' },
      ],
    );
    assert.deepEqual(
      problems.map(({ where, message, simulated }) => [where, message.slice(0, message.indexOf(',')), simulated]),
      [
        ['users.csv:2', 'the column "BusinessPhones" holds "System.String[]"', true],
        ['users.csv:2', 'the column "Manager" holds "Microsoft.Graph.PowerShell.Models.MicrosoftGraphDirectoryObject"', true],
      ],
    );
  });

  // Before: the earlier column's value was overwritten without a word.
  test('two columns that are one attribute are said, with their places; the later one is read where both hold a value', async () => {
    const { entries, problems } = await csv(
      'id,userPrincipalName,Mobile phone,objectId,mobilePhone\r\n1,a@contoso.com,+1 555 0100,1,\r\n2,b@contoso.com,+1 555 0101,2,+1 555 0199\r\n',
    );
    assert.deepEqual(
      entries.map((entry) => entry.sample.attributes.mobile),
      ['+1 555 0100', '+1 555 0199'],
    );
    assert.deepEqual(problems, [
      {
        where: 'users.csv:1',
        message: 'the columns 1 ("id") and 4 ("objectId") are both objectId: in a row where both hold a value, the later column\'s is read',
        simulated: true,
      },
      {
        where: 'users.csv:1',
        message:
          'the columns 3 ("Mobile phone") and 5 ("mobilePhone") are both mobile: in a row where both hold a value, the later column\'s is read',
        simulated: true,
      },
    ]);
  });

  test('unknown columns are kept as attributes; display-name headers are understood', async () => {
    const { entries } = await csv('User principal name,Display name,First name,Last name,Cost Center Code\nc@contoso.com,C D,C,D,4711\n');
    assert.deepEqual(entries[0].sample.attributes, {
      userPrincipalName: 'c@contoso.com',
      displayName: 'C D',
      givenName: 'C',
      surname: 'D',
      'Cost Center Code': '4711',
    });
  });

  test('headers in another letter case (Get-MgUser | Export-Csv) are the attributes they name; unknown ones keep their spelling', async () => {
    const { entries, problems } = await csv(
      '"Id","UserPrincipalName","DisplayName","JobTitle","AccountEnabled","MobilePhone","CostCode"\r\n"u1","a@contoso.com","A","Agent","False","+1 555 0100","CC-9"\r\n',
    );
    assert.deepEqual(problems, []);
    assert.equal(entries[0].sample.id, 'u1');
    assert.deepEqual(entries[0].sample.attributes, {
      objectId: 'u1',
      userPrincipalName: 'a@contoso.com',
      displayName: 'A',
      jobTitle: 'Agent',
      accountEnabled: false,
      mobile: '+1 555 0100',
      CostCode: 'CC-9',
    });
  });

  test('a broken row is reported with its line and skipped; the rest is read', async () => {
    const { entries, problems } = await csv('userPrincipalName,displayName\na@contoso.com,A\nb@contoso.com,B,extra\n,\nc@contoso.com,"C\n');
    assert.deepEqual(
      entries.map((entry) => entry.sample.id),
      ['a@contoso.com'],
    );
    assert.deepEqual(
      problems.map((problem) => problem.where),
      ['users.csv:3', 'users.csv:4', 'users.csv:5'],
    );
    assert.match(problems[0].message, /3 values but the header names 2 columns/);
    assert.match(problems[1].message, /no objectId/);
    assert.match(problems[2].message, /not closed before the end of the file/);
  });

  test('broken quoting (text after a closing quote, a quote in an unquoted value) and a short row are reported with their line and skipped (before: read with shifted values)', async () => {
    const { entries, problems } = await csv(
      '\uFEFF"id","userPrincipalName","displayName","department"\r\n' +
        '"d1","d1@contoso.com","Ok One","Support"\r\n' +
        '"d2","d2@contoso.com","Open quote,"Support"\r\n' +
        '"d3","d3@contoso.com","Three","Sup"port"\r\n' +
        'd4,d4@contoso.com,Four 5"10,Support\r\n' +
        '"d5","d5@contoso.com","Five"\r\n' +
        '"d6","d6@contoso.com","Six\r\nLines, ""quoted""",""\r\n' +
        '"d7","d7@contoso.com","Seven","Support"\r\n',
    );
    assert.deepEqual(
      entries.map((entry) => [entry.where, entry.sample.id, entry.sample.attributes.displayName]),
      [
        ['users.csv:2', 'd1', 'Ok One'],
        ['users.csv:7', 'd6', 'Six\r\nLines, "quoted"'],
        ['users.csv:9', 'd7', 'Seven'],
      ],
    );
    assert.deepEqual(
      problems.map((problem) => `${problem.where}: ${problem.message}`),
      [
        'users.csv:3: the row is not valid CSV: text after the closing quote of "Open quote," (a quote inside a quoted value is written twice); the row is skipped',
        'users.csv:4: the row is not valid CSV: text after the closing quote of "Sup" (a quote inside a quoted value is written twice); the row is skipped',
        'users.csv:5: the row is not valid CSV: a quote inside the unquoted value "Four 5" (such a value is quoted, its quotes written twice); the row is skipped',
        'users.csv:6: the row has 3 values but the header names 4 columns (a value or comma missing?); the row is skipped',
      ],
    );
  });

  test('a quote never closed skips its row only: the rows after it are read again, with their own lines', async () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = ['userPrincipalName,displayName', 'a@contoso.com,"A', 'b@contoso.com,B', 'c@contoso.com,C', ''].join(eol);
      // Fed one character at a time as well: a CRLF split between chunks must not start a row of its own.
      for (const chunks of [[text], [...text]]) {
        const { entries, problems } = await csv(chunks);
        assert.deepEqual(
          entries.map((entry) => [entry.sample.id, entry.where]),
          [
            ['b@contoso.com', 'users.csv:3'],
            ['c@contoso.com', 'users.csv:4'],
          ],
        );
        assert.deepEqual(
          problems.map((problem) => [problem.where, problem.message]),
          [['users.csv:2', 'a quoted value is not closed before the end of the file; the row is skipped']],
        );
      }
    }
  });

  test('a quoted value that runs over lines and is then "closed" by a stray quote skips its first line only: the lines it took in are read again as rows (before: lost without a word)', async () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = [
        'id,userPrincipalName,displayName,jobTitle',
        'd1,d1@contoso.com,"Open,Eng',
        'd2,d2@contoso.com,Plain,Eng',
        'd3,d3@contoso.com,"Two',
        'lines",Eng',
        'd4,d4@contoso.com,"Quoted",Eng',
        'd5,d5@contoso.com,Five,Eng',
      ].join(eol);
      // With and without a last line end, and fed one character at a time as well.
      for (const chunks of [[text], [`${text}${eol}`], [...`${text}${eol}`]]) {
        const { entries, problems } = await csv(chunks);
        assert.deepEqual(
          entries.map((entry) => [entry.sample.id, entry.where, entry.sample.attributes.displayName]),
          [
            ['d2', 'users.csv:3', 'Plain'],
            ['d3', 'users.csv:4', `Two${eol}lines`],
            ['d4', 'users.csv:6', 'Quoted'],
            ['d5', 'users.csv:7', 'Five'],
          ],
        );
        assert.deepEqual(
          problems.map((problem) => problem.where),
          ['users.csv:2'],
        );
        assert.match(
          problems[0].message,
          /text after the closing quote of .*; its first line is skipped and the lines after it are read again as rows$/,
        );
      }
    }
  });

  test('rows "closed" by a stray quote lines later, again and again: read line by line after the second, so the work stays linear', async () => {
    // Each line's second quote is closed by the next line's first, followed by text: every row is
    // broken, and read again it breaks the same way, one line shorter each time.
    const lines = ['userPrincipalName,displayName', 'a@contoso.com,"1'];
    for (let i = 0; i < 20_000; i++) lines.push(`${i}"y,"${i}`);
    lines.push('"y', 'c@contoso.com,C');
    const started = process.cpuUsage();
    const { entries, problems } = await csv(`${lines.join('\n')}\n`);
    const { user, system } = process.cpuUsage(started);
    assert.deepEqual(
      entries.map((entry) => [entry.sample.id, entry.where]),
      [['c@contoso.com', 'users.csv:20004']],
    );
    assert.equal(problems[0].where, 'users.csv:2');
    assert.ok(user + system < 5_000_000, `${(user + system) / 1000} ms CPU`);
  });

  test('unclosed quotes that would each swallow the rest again: read line by line after the second, so the work stays linear', async () => {
    // Each line's second quote pairs with the next line's first, and the last is never closed: read
    // again from each next line, the same happens, one line shorter each time.
    const lines = ['userPrincipalName,displayName', 'a@contoso.com,"1'];
    for (let i = 0; i < 20_000; i++) lines.push(`${i}"y,"${i}`);
    lines.push('c@contoso.com,C');
    const { entries, problems } = await csv(`${lines.join('\n')}\n`);
    assert.deepEqual(
      entries.map((entry) => [entry.sample.id, entry.where]),
      [['c@contoso.com', 'users.csv:20003']],
    );
    assert.equal(problems.length, 20_001);
    assert.deepEqual(
      problems.slice(0, 3).map((problem) => [problem.where, problem.message]),
      [
        ['users.csv:2', 'a quoted value is not closed before the end of the file; the row is skipped'],
        ['users.csv:3', 'a quoted value is not closed before the end of the file; the row is skipped'],
        ['users.csv:4', 'a quoted value is not closed on its line; the row is skipped'],
      ],
    );
    assert.equal(problems.at(-1)?.where, 'users.csv:20002');
  });

  // Before: a binary file (/dev/urandom) said its header was unreadable and the file skipped, then went on
  // listing "the row is not valid CSV" for the rest of the chunk it had read.
  test('a header that is not UTF-8 skips the file with one problem, whatever the rest of the chunk holds', async () => {
    const { entries, problems } = await csv(`id,na\udfffme\nu1,"broken\nu2,a"b\n"x"y,z\nu3,Ada\n`);
    assert.equal(entries.length, 0);
    assert.deepEqual(
      problems.map((problem) => problem.where),
      ['users.csv:1'],
    );
    assert.match(
      problems[0].message,
      /^the header row is not valid UTF-8 \(save the file as UTF-8\): no column is known; the file is skipped$/,
    );
  });

  // Before: a header-only file of something else (a file of NULs) gave no word at all, and a large one a
  // problem for every row ("the row has no objectId (id), userPrincipalName or displayName").
  test('a header with no column a user is known by skips the file with one problem', async () => {
    for (const text of ['\0'.repeat(1000), 'mail,jobTitle\n', `mail,jobTitle\n${'a@contoso.com,Analyst\n'.repeat(1000)}`]) {
      const { entries, problems } = await csv(text);
      assert.equal(entries.length, 0);
      assert.deepEqual(problems, [
        {
          where: 'users.csv:1',
          message:
            'the header row has no objectId (id), userPrincipalName or displayName column to know a user by: this is no Users CSV; the file is skipped',
        },
      ]);
    }
    assert.equal((await csv('User principal name,mail\nada@contoso.com,\n')).entries.length, 1);
  });

  test('an empty file says what a Users CSV is', async () => {
    const { entries, problems } = await csv('');
    assert.equal(entries.length, 0);
    assert.match(problems[0].message, /header row/);
  });
});

describe('Microsoft Graph JSON', () => {
  const page1 = {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users',
    '@odata.nextLink': 'https://graph.microsoft.com/v1.0/users?$skiptoken=abc',
    value: [
      {
        id: 'u1',
        userPrincipalName: 'ada@contoso.com',
        displayName: 'Ada',
        businessPhones: ['+1 555 0100', '+1 555 0101'],
        mobilePhone: null,
        accountEnabled: true,
        proxyAddresses: ['SMTP:ada@contoso.com', 'smtp:al@contoso.com'],
        onPremisesExtensionAttributes: { extensionAttribute1: 'E1', extensionAttribute2: null },
        employeeOrgData: { costCenter: 'CC-9', division: null },
        manager: { '@odata.type': '#microsoft.graph.user', id: 'u2', displayName: 'Boss' },
      },
    ],
  };
  const page2 = {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users(id,userPrincipalName)',
    value: [{ id: 'u2', userPrincipalName: 'boss@contoso.com' }],
  };
  const read = (text: string) => {
    const problems: DirectoryProblem[] = [];
    return { entries: readGraphJson(text, 'users.json', (problem) => problems.push(problem)), problems };
  };

  test('a page: Graph names become mapping names, the manager a reference, navigation objects dropped', () => {
    const { entries, problems } = read(JSON.stringify(page1));
    assert.deepEqual(problems, []);
    assert.deepEqual(entries[0].sample.attributes, {
      objectId: 'u1',
      userPrincipalName: 'ada@contoso.com',
      displayName: 'Ada',
      telephoneNumber: '+1 555 0100',
      accountEnabled: true,
      proxyAddresses: ['SMTP:ada@contoso.com', 'smtp:al@contoso.com'],
      extensionAttribute1: 'E1',
      'employeeOrgData.costCenter': 'CC-9',
      manager: { ref: 'u2' },
    });
    assert.equal(entries[0].where, 'users.json /value/0');
  });

  test('several pages: concatenated, in an array, or with $select', () => {
    for (const text of [
      `${JSON.stringify(page1)}\n${JSON.stringify(page2)}`,
      JSON.stringify([page1, page2]),
      `${JSON.stringify(page1, null, 2)}${JSON.stringify(page2)}`,
    ]) {
      assert.deepEqual(
        read(text).entries.map((entry) => entry.sample.id),
        ['u1', 'u2'],
      );
    }
  });

  test('groups with expanded members', () => {
    const { entries } = read(
      JSON.stringify({
        value: [{ id: 'g1', displayName: 'Sales', securityEnabled: true, groupTypes: [], members: [{ id: 'u1' }, { id: 'u2' }] }],
      }),
    );
    assert.equal(entries[0].kind, 'group');
    assert.deepEqual(entries[0].kind === 'group' && entries[0].sample.members, ['u1', 'u2']);
    assert.deepEqual(entries[0].sample.attributes, { objectId: 'g1', displayName: 'Sales', securityEnabled: true, groupTypes: [] });
  });

  // Before: a group of 25 exported with $expand=members (20 of them) was simulated as having 20, removing 5 from the target, unsaid.
  test("a group with 20 expanded members, Graph's $expand cap, is said to be maybe cut short; it is simulated with them", () => {
    const group = (count: number) => ({
      id: 'g1',
      displayName: 'Sales',
      members: Array.from({ length: count }, (_, index) => ({ '@odata.type': '#microsoft.graph.user', id: `u${index}` })),
    });
    const cut = read(JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#groups', value: [group(20)] }));
    assert.equal(cut.entries.length, 1);
    assert.equal(cut.entries[0].kind === 'group' && cut.entries[0].sample.members.length, 20);
    assert.equal(cut.problems.length, 1);
    assert.equal(cut.problems[0].where, 'users.json /value/0');
    assert.equal(cut.problems[0].simulated, true);
    assert.match(
      cut.problems[0].message,
      /^the group's expanded members are 20, and Graph's \$expand returns at most 20 with no @odata\.nextLink/,
    );
    assert.deepEqual(read(JSON.stringify({ value: [group(19)] })).problems, []);
    assert.equal(
      read(JSON.stringify({ value: [{ ...group(3), 'members@odata.nextLink': 'https://graph.microsoft.com/v1.0/x' }] })).problems.length,
      1,
    );
  });

  test("a page's @odata.context says what its objects are when they do not; an object's @odata.type wins", () => {
    const groups = (context: string) => ({
      '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#${context}`,
      value: [
        { id: 'g1', displayName: 'Sales' },
        { '@odata.type': '#microsoft.graph.user', id: 'u9', displayName: 'Nine' },
      ],
    });
    const kinds = (text: string) => read(text).entries.map((entry) => `${entry.kind}:${entry.sample.id}`);
    // GET /groups?$select=id,displayName, with $delta, as a cast, in beta; then a nextLink page of users concatenated after it.
    for (const context of ['groups(id,displayName)', 'groups', 'groups(id,displayName)/$delta', 'Collection(microsoft.graph.group)'])
      assert.deepEqual(kinds(`${JSON.stringify(groups(context))}\n${JSON.stringify(page2)}`), ['group:g1', 'user:u9', 'user:u2'], context);
    assert.deepEqual(kinds(JSON.stringify([groups('groups'), page2])), ['group:g1', 'user:u9', 'user:u2']);
    // A users page keeps a group-looking object a user; a mixed list (a group's /members) falls back to the object's own properties.
    assert.deepEqual(
      kinds(
        JSON.stringify({
          '@odata.context': 'https://graph.microsoft.com/beta/$metadata#users',
          value: [{ id: 'u1', securityEnabled: true }],
        }),
      ),
      ['user:u1'],
    );
    for (const context of ['directoryObjects', "users('u1')/memberOf"])
      assert.deepEqual(
        kinds(
          JSON.stringify({
            '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#${context}`,
            value: [
              { id: 'g1', displayName: 'Sales' },
              { id: 'g2', securityEnabled: true },
              { '@odata.type': '#microsoft.graph.group', id: 'g3' },
            ],
          }),
        ),
        ['user:g1', 'group:g2', 'group:g3'],
        context,
      );
  });

  // Before: each object of `az ad user list` (an array of users) was "not a Microsoft Graph page" and 0 objects were simulated.
  test('bare objects: an array of users and groups (az ad user list, jq .value), one GET /users/{id} answer; a saved Graph error is said', () => {
    const kinds = (text: string) => read(text).entries.map((entry) => `${entry.kind}:${entry.sample.id}`);
    const users = [
      { id: 'u1', userPrincipalName: 'ada@contoso.com', businessPhones: ['+1 555 0100'], manager: { id: 'u2' } },
      { id: 'g1', displayName: 'Sales', securityEnabled: true, members: [{ id: 'u1' }] },
    ];
    assert.deepEqual(kinds(JSON.stringify(users)), ['user:u1', 'group:g1']);
    assert.deepEqual(read(JSON.stringify(users)).problems, []);
    assert.deepEqual(read(JSON.stringify(users)).entries[0].sample.attributes, {
      objectId: 'u1',
      userPrincipalName: 'ada@contoso.com',
      telephoneNumber: '+1 555 0100',
      manager: { ref: 'u2' },
    });
    assert.equal(read(JSON.stringify(users)).entries[1].where, 'users.json /1');
    const one = { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity', id: 'u3', displayName: 'Three' };
    assert.deepEqual(kinds(JSON.stringify(one)), ['user:u3']);
    assert.equal(read(JSON.stringify(one)).entries[0].where, 'users.json /');
    const listResponse = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] };
    assert.match(
      read(`${JSON.stringify(listResponse)}\n${JSON.stringify(page2)}`).problems[0].message,
      /^a SCIM ListResponse or resource, not Microsoft Graph's/,
    );
    const error = { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' } };
    const { entries, problems } = read(`${JSON.stringify(error)}\n${JSON.stringify(page2)}`);
    assert.deepEqual(
      entries.map((entry) => entry.sample.id),
      ['u2'],
    );
    assert.deepEqual(problems, [
      {
        where: 'users.json #1',
        message:
          'a Microsoft Graph error response (InvalidAuthenticationToken: Access token has expired or is not yet valid.), not a page of users or groups: the request that saved it failed; skipped',
      },
    ]);
  });

  // Before: each said as a warning, and the run went on with 0 objects, exit 0.
  test('a file holding no object and no Graph page is no directory (InputError); an empty page or array is an empty directory', () => {
    const nothing = (reason: string) =>
      new RegExp(
        `^${reason}, so nothing in the file could be read as the directory \\(no user or group, no Microsoft Graph page of them\\)$`,
      );
    const notPage = 'not a Microsoft Graph page or directory object: expected an object with a "value" array, or a user or group';
    for (const text of ['{"value":"x"}', '{"value":null}', 'null'])
      assert.throws(() => read(text), { message: nothing(`users\\.json /: ${notPage.replace(/[.()[\]"]/g, '\\$&')}`) });
    assert.throws(() => read('{"foo":1}'), { message: nothing('users\\.json /: the object has no id, userPrincipalName or displayName') });
    assert.throws(() => read(JSON.stringify({ value: [1, { foo: 1 }] })), {
      message: nothing('users\\.json /value/0: not a directory object \\(expected a JSON object\\) \\(and 1 more such problem\\)'),
    });
    assert.throws(() => read(JSON.stringify({ error: { code: 'Forbidden' } })), {
      message: nothing(
        'users\\.json /: a Microsoft Graph error response \\(Forbidden\\), not a page of users or groups: the request that saved it failed',
      ),
    });
    for (const empty of ['{"value":[]}', '[]', JSON.stringify({ '@odata.context': 'x', value: [] })])
      assert.deepEqual(read(empty), { entries: [], problems: [] });
  });

  // Before: Get-MgUser | ConvertTo-Json's BusinessPhones stayed a list, and the user failed ("takes one value"); Manager.Id was lost.
  test('the PowerShell SDK objects as JSON (Get-MgUser | ConvertTo-Json), capitalised, are read as Graph objects', () => {
    const graph = {
      id: 'u1',
      userPrincipalName: 'ada@contoso.com',
      businessPhones: ['+1 555 0100'],
      mobilePhone: null,
      manager: { id: 'u2', additionalProperties: {} },
      onPremisesExtensionAttributes: { extensionAttribute1: 'E1' },
      additionalProperties: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity' },
    };
    const powerShell = {
      Id: 'u1',
      UserPrincipalName: 'ada@contoso.com',
      BusinessPhones: ['+1 555 0100'],
      MobilePhone: null,
      Manager: { Id: 'u2', AdditionalProperties: {} },
      OnPremisesExtensionAttributes: { ExtensionAttribute1: 'E1' },
      AdditionalProperties: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity' },
    };
    const attributes = (object: object) => read(JSON.stringify([object])).entries.map((entry) => entry.sample.attributes);
    assert.deepEqual(attributes(powerShell), attributes(graph));
    assert.deepEqual(attributes(powerShell), [
      {
        objectId: 'u1',
        userPrincipalName: 'ada@contoso.com',
        telephoneNumber: '+1 555 0100',
        manager: { ref: 'u2' },
        extensionAttribute1: 'E1',
      },
    ]);
    const group = { Id: 'g1', DisplayName: 'Sales', SecurityEnabled: true, Members: [{ Id: 'u1' }] };
    const [entry] = read(JSON.stringify([group])).entries;
    assert.equal(entry.kind, 'group');
    assert.deepEqual(entry.kind === 'group' && entry.sample.members, ['u1']);
  });

  test('what is not a page, a broken document and an object without an id are reported; the rest is read', () => {
    const { entries, problems } = read(`${JSON.stringify(page2)}{"value": [1, {"displayName": ""}]}{"value": [{"id": "u9"}]{"oops": }`);
    assert.deepEqual(
      entries.map((entry) => entry.sample.id),
      ['u2'],
    );
    assert.ok(problems.length >= 3, JSON.stringify(problems));
    assert.ok(problems.some((problem) => problem.where === 'users.json #2 /value/0'));
    assert.ok(problems.some((problem) => problem.where === 'users.json #2 /value/1' && /no id/.test(problem.message)));
  });
  // Before: read with JSON.parse, 129699324000000001 reached expressions as "129699324000000000".
  test('an integer past 2^53 (a directory extension of type Int64) keeps every digit: one page, pages one after another, an array of pages', () => {
    const extension = 'extension_9f3c2b_employeeNumber';
    const page = (id: string) =>
      `{"value": [{"id": "${id}", "userPrincipalName": "${id}@contoso.com", "${extension}": 129699324000000001, "extension_9f3c2b_floor": 7, "jobTitle": "B 12345678901234567"}]}`;
    for (const text of [page('u1'), `${page('u1')}\n${page('u2')}`, `[${page('u1')}, ${page('u2')}]`]) {
      const problems: DirectoryProblem[] = [];
      const entries = readDirectoryJson(text, 'users.json', (problem) => problems.push(problem));
      assert.deepEqual(problems, []);
      assert.deepEqual(
        entries.map(({ sample: { attributes } }) => [attributes[extension], attributes.extension_9f3c2b_floor, attributes.jobTitle]),
        entries.map(() => ['129699324000000001', 7, 'B 12345678901234567']),
        text,
      );
    }
  });

  test('a file whose only document is cut off, or that no document of can be read, is unreadable (before: 0 objects, exit 0); a cut-off last page is skipped', () => {
    const samples = JSON.stringify({ users: [{ $id: 'olga', userPrincipalName: 'olga@contoso.com' }] }, null, 2);
    const unreadable = (text: string) => () => readDirectoryJson(text, 'users.json', () => assert.fail('reported, not thrown'));
    assert.throws(unreadable(samples.slice(0, 40)), {
      name: 'Error',
      message:
        'users.json (document at offset 0): the JSON document is cut off (the file ends inside it), so nothing in the file could be read',
    });
    assert.throws(
      unreadable(JSON.stringify(page1).slice(0, 30)),
      /^Error: users\.json \(document at offset 0\): the JSON document is cut off/,
    );
    assert.throws(
      unreadable('{"value": [1,,2]}'),
      /^Error: users\.json \(document at offset 0\): not valid JSON: .*, so nothing in the file could be read$/,
    );
    // Pages saved one after another, the last cut off: what could be read is simulated, and the cut page said.
    const { entries, problems } = read(`${JSON.stringify(page1)}\n${JSON.stringify(page2).slice(0, 20)}`);
    assert.deepEqual(
      entries.map((entry) => entry.sample.id),
      ['u1'],
    );
    assert.deepEqual(
      problems.map((problem) => `${problem.where}: ${problem.message}`),
      [
        `users.json (document at offset ${JSON.stringify(page1).length + 1}): the JSON document is cut off (the file ends inside it); skipped`,
      ],
    );
  });

  test('a page cut off before the next one (an interrupted curl >> pages.json, then a re-run) is reported as such, and the pages after it are read (before: swallowed, "the file ends inside it")', () => {
    const whole = (id: string) => JSON.stringify({ value: [{ id, userPrincipalName: `${id}@contoso.com` }] });
    const cut = JSON.stringify({ value: [{ id: 'a3', userPrincipalName: 'a3@contoso.com', displayName: 'A3' }] }, null, 2);
    // Cut inside a string, after a comma, after a colon, after an opening bracket; compact and pretty.
    for (const cutAt of ['"a3@con', '"userPrincipalName",', '"userPrincipalName":', '"value": [']) {
      const text = `${whole('a1')}
${cut.slice(0, cut.indexOf(cutAt) + cutAt.length)}
${whole('a2')}
${JSON.stringify(JSON.parse(whole('a4')), null, 2)}`;
      const { entries, problems } = read(text);
      assert.deepEqual(
        entries.map((entry) => entry.sample.id),
        ['a1', 'a2', 'a4'],
        cutAt,
      );
      const next = text.indexOf(whole('a2'));
      assert.deepEqual(
        problems.map((problem) => `${problem.where}: ${problem.message}`),
        [
          `users.json (document at offset ${whole('a1').length + 1}): the JSON document is cut off (the document at offset ${next} starts before it ends); skipped`,
        ],
      );
    }
    // A page of objects each at a line start is one page, cut or whole: its objects are no documents.
    const lines = '{"value": [\n{"id": "b1"},\n{"id": "b2"}\n]}';
    const { entries, problems } = read(`${lines}\n${lines.replaceAll('b', 'c').slice(0, -6)}`);
    assert.deepEqual(
      entries.map((entry) => entry.sample.id),
      ['b1', 'b2'],
    );
    assert.match(problems[0].message, /the file ends inside it/);
  });

  test('line starts inside a cut page that would each close a document: read once, so finding the next page stays linear', () => {
    const elements = Array.from({ length: 50_000 }, (_, index) => `{"id": "e${index}"},`).join('\n');
    const started = process.cpuUsage();
    const { entries, problems } = read(`{"value": [\n${elements}\n${JSON.stringify({ value: [{ id: 'last' }] })}`);
    const { user, system } = process.cpuUsage(started);
    assert.deepEqual(
      entries.map((entry) => entry.sample.id),
      ['last'],
    );
    assert.equal(problems.length, 1);
    assert.ok(user + system < 5_000_000, `${(user + system) / 1000} ms CPU`);
  });

  test('a number past a double\'s range ("employeeId": 1e999) is a broken file, said at its place and the object skipped (before: "Entra fails this user: ... is not a string, number, boolean")', () => {
    const { entries, problems } = read(
      '{"value":[{"id":"u1","employeeId":1e999},{"id":"u2","businessPhones":["-1e400"],"employeeId":"7"}]}',
    );
    assert.deepEqual(
      entries.map((entry) => entry.sample.id),
      ['u2'],
    );
    assert.deepEqual(problems, [
      {
        where: 'users.json /value/0',
        message:
          '"employeeId" is a number past the range any reader holds (JSON.parse reads it as infinite), which no Microsoft Graph property holds: the file is broken here; skipped',
      },
    ]);
  });

  test('a key given twice with different values: the object is skipped with its place, a page with "value" twice is skipped (before: JSON.parse kept the last, title u)', () => {
    const user = (id: string, more: string) => `{"id":"${id}","userPrincipalName":"${id}@contoso.com",${more}}`;
    const { entries, problems } = read(
      `{"value":[${user('u1', '"jobTitle":"t","jobTitle":"u"')},${user('u2', '"jobTitle":"t","jobTitle":"t"')},${user('u3', '"onPremisesExtensionAttributes":{"extensionAttribute1":"a","extensionAttribute1":"b"}')}]}`,
    );
    assert.deepEqual(
      entries.map((entry) => entry.sample.id),
      ['u2'],
    );
    const lost = 'is given 2 times in one object, with different values: JSON keeps only the last, so the others would be lost; keep one';
    assert.deepEqual(problems, [
      { where: 'users.json /value/0', message: `/value/0/jobTitle ${lost}; skipped` },
      { where: 'users.json /value/2', message: `/value/2/onPremisesExtensionAttributes/extensionAttribute1 ${lost}; skipped` },
    ]);
    const twoPages = `{"value":[${user('u9', '"jobTitle":"t"')}]}\n{"value":[${user('u1', '"jobTitle":"t"')}],"value":[]}`;
    const paged = read(twoPages);
    assert.deepEqual(
      paged.entries.map((entry) => entry.sample.id),
      ['u9'],
    );
    assert.deepEqual(paged.problems, [{ where: 'users.json #2', message: `/value ${lost}; the page is skipped` }]);
  });
});

test('the format of a file from its name and first characters', () => {
  assert.equal(directoryFormatOf('export.csv', '{'), 'csv');
  assert.equal(directoryFormatOf('users.json', '{"value": ['), 'json');
  assert.equal(directoryFormatOf('pages.json', '\uFEFF [{"@odata.context": "x", "value": ['), 'json');
  assert.equal(directoryFormatOf('download', 'userPrincipalName,displayName'), 'csv');
  // An empty file is what its name says, and says it is empty in that format's words.
  assert.equal(directoryFormatOf('users.json', '\uFEFF \n'), 'json');
  assert.equal(directoryFormatOf('download', ''), 'csv');
  // Nothing readable is an unreadable input, as a file of null is (before: reported, 0 objects, exit 0).
  for (const text of ['', ' \r\n\t', '\uFEFF', '\uFEFF\n'])
    assert.throws(() => readDirectoryJson(text, 'users.json', () => assert.fail('thrown, not reported')), {
      name: 'Error',
      message:
        'users.json: the file is empty: a directory JSON file is Microsoft Graph pages ({"value": [...]}) or a samples file, so nothing in it could be read',
    });
});

test('a JSON file is a samples file or Graph pages, by its shape', () => {
  const problems: DirectoryProblem[] = [];
  const samples = readDirectoryJson(
    JSON.stringify({ users: [{ $id: 'a', userPrincipalName: 'a@contoso.com', emails: ['x'] }], groups: [] }),
    's.json',
    (problem) => problems.push(problem),
  );
  assert.deepEqual(
    samples.map((entry) => entry.where),
    ['s.json user "a"'],
  );
  const graph = readDirectoryJson(JSON.stringify({ value: [{ id: 'u1', userPrincipalName: 'u@contoso.com' }] }), 'g.json', (problem) =>
    problems.push(problem),
  );
  assert.deepEqual(
    graph.map((entry) => entry.sample.id),
    ['u1'],
  );
  assert.deepEqual(problems, []);
});

// .NET DateTime handling: CDate parsing, FormatDateTime (both forms), DateAdd, DateDiff, FILETIME.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorOf, notesOf, run, valueOf } from './run';

describe('dates', () => {
  test("CDate reads ISO forms, Entra's own output and English month names, all to UTC", () => {
    const cases: Array<[string, string]> = [
      ['2021-06-30', '6/30/2021 12:00:00 AM'],
      ['2021-06-30T13:05:09Z', '6/30/2021 1:05:09 PM'],
      ['2021-06-30T13:05:09.1234567+02:00', '6/30/2021 11:05:09 AM'],
      ['7/2/2021 3:33:38 PM', '7/2/2021 3:33:38 PM'],
      ['January 1, 2012 at 11:00 PM', '1/1/2012 11:00:00 PM'],
      ['15 Jun 2009 08:45:30 GMT', '6/15/2009 8:45:30 AM'],
      // Year first with slashes, as .NET's DateTime.Parse reads it in en-US and the invariant culture.
      ['2021/06/30', '6/30/2021 12:00:00 AM'],
      ['2021/6/3 13:05:09', '6/3/2021 1:05:09 PM'],
    ];
    for (const [input, expected] of cases) assert.equal(valueOf('CDate([d])', { d: input }), expected, input);
  });

  test('CDate rejects what is not a date with a clear error', () => {
    assert.match(errorOf('CDate([d])', { d: 'next tuesday' }), /CDate: "next tuesday" is not a date/);
    assert.match(errorOf('CDate([d])', { d: '2021-02-30' }), /not a valid calendar date/);
  });

  // .NET's DateTime.Parse refuses a day name that is not the date's (Format_BadDayOfWeek).
  test("CDate reads a day name and refuses one that is not the date's day", () => {
    assert.equal(valueOf('CDate([d])', { d: 'Sun, 01 Jan 2012 10:00:00 GMT' }), '1/1/2012 10:00:00 AM');
    assert.equal(valueOf('CDate([d])', { d: 'sunday, January 1, 2012' }), '1/1/2012 12:00:00 AM');
    assert.match(
      errorOf('CDate([d])', { d: 'Thu, 01 Jan 2012 10:00:00 GMT' }),
      /CDate: "Thu, 01 Jan 2012 10:00:00 GMT" is not a valid date: 2012-01-01 is a Sunday, not a Thursday/,
    );
    assert.match(errorOf('CDate([d])', { d: 'Monday January 1 2012' }), /is a Sunday, not a Monday/);
    assert.match(errorOf('CDate([d])', { d: 'Someday, 01 Jan 2012' }), /"Someday" is not a day name/);
  });

  // Issue 4 and the reference: both forms; the three-argument one (Graph's schema/functions list) is
  // (source, inputFormat, outputFormat), the four-slot one with dateTimeStyles left empty.
  test('FormatDateTime in the four-slot and the three-argument form', () => {
    const source = { d: '20150123105347.1234567Z' };
    assert.equal(valueOf('FormatDateTime([d], , "yyyyMMddHHmmss.fffffffZ", "yyyy-MM-ddTHH:mm:ss.fff")', source), '2015-01-23T10:53:47.123');
    assert.equal(valueOf('FormatDateTime([d], , "yyyyMMddHHmmss.fffffffZ", "dd/MM/yy")', source), '23/01/15');
    assert.equal(valueOf('FormatDateTime([d], "yyyyMMddHHmmss.fffffffZ", "dd/MM/yy")', source), '23/01/15');
    assert.equal(valueOf('FormatDateTime("2021-06-30", "yyyy-MM-dd", "yyyyMMdd")', {}), '20210630');
    assert.equal(valueOf('FormatDateTime([missing], "yyyy-MM-dd", "yyyyMMdd")', {}), null);
    assert.match(errorOf('FormatDateTime([d], "yyyy-MM-dd", "yyyyMMdd")', source), /does not match/);
    assert.equal(
      valueOf('FormatDateTime([d], "AdjustToUniversal", "yyyyMMddHHmmss.fffffffZ", "M/d/yyyy h:mm tt")', source),
      '1/23/2015 10:53 AM',
    );
  });

  test('FormatDateTime custom specifiers, quoting and escapes', () => {
    const source = { d: '2009-06-05 07:08:09' };
    const format = (output: string) => valueOf(`FormatDateTime([d], , "yyyy-MM-dd HH:mm:ss", "${output}")`, source);
    assert.equal(format('dddd, MMMM d'), 'Friday, June 5');
    assert.equal(format('ddd dd MMM yyyy'), 'Fri 05 Jun 2009');
    assert.equal(format('h:mm:ss tt'), '7:08:09 AM');
    assert.equal(format('HH\\\\h mm'), '07h 08');
    assert.equal(format("'Day' d"), 'Day 5');
    assert.equal(format('yyyy-MM-ddTHH:mm:sszzz'), '2009-06-05T07:08:09+00:00');
    assert.equal(format('ss.FFF'), '09');
    assert.equal(format('s'), '2009-06-05T07:08:09');
    assert.equal(format('o'), '2009-06-05T07:08:09.0000000');
  });

  // .NET's standard formats in en-US, the culture Entra writes its DateTime values in (docs/semantics.md).
  const standard: Array<[string, string, boolean]> = [
    ['d', '6/15/2009', true],
    ['D', 'Monday, June 15, 2009', true],
    ['f', 'Monday, June 15, 2009 1:45 PM', true],
    ['F', 'Monday, June 15, 2009 1:45:30 PM', true],
    ['g', '6/15/2009 1:45 PM', true],
    ['G', '6/15/2009 1:45:30 PM', true],
    ['m', 'June 15', true],
    ['M', 'June 15', true],
    ['o', '2009-06-15T13:45:30.0000000', false],
    ['O', '2009-06-15T13:45:30.0000000', false],
    ['r', 'Mon, 15 Jun 2009 13:45:30 GMT', false],
    ['R', 'Mon, 15 Jun 2009 13:45:30 GMT', false],
    ['s', '2009-06-15T13:45:30', false],
    ['t', '1:45 PM', true],
    ['T', '1:45:30 PM', true],
    ['u', '2009-06-15 13:45:30Z', false],
    ['U', 'Monday, June 15, 2009 1:45:30 PM', true],
    ['y', 'June 2009', true],
    ['Y', 'June 2009', true],
  ];

  test("every standard format writes en-US, with a note naming the invariant culture's pattern where the culture decides", () => {
    const source = { d: '2009-06-15 13:45:30' };
    for (const [format, expected, cultural] of standard) {
      const expression = `FormatDateTime([d], , "yyyy-MM-dd HH:mm:ss", "${format}")`;
      assert.equal(valueOf(expression, source), expected, format);
      const notes = notesOf(expression, source).filter((note) => /depends on the culture/.test(note));
      assert.equal(notes.length, cultural ? 1 : 0, format);
      if (cultural)
        assert.match(notes[0], new RegExp(`"${format}" depends on the culture; read in en-US as .*invariant culture would give`));
    }
  });

  test('a standard format reads its own output back, and the input side is noted too', () => {
    for (const [format, written, cultural] of standard) {
      // Formats without seconds or a year lose them; what they keep survives the round trip.
      const expression = `FormatDateTime([d], , "${format}", "${format}")`;
      assert.equal(valueOf(expression, { d: written }), written, format);
      assert.equal(
        notesOf(expression, { d: written }).filter((note) => /depends on the culture/.test(note)).length,
        cultural ? 2 : 0,
        format,
      );
    }
  });

  test('"G" writes exactly what Entra writes for a DateTime value (CDate), which is why en-US is the culture', () => {
    for (const input of ['2021-06-30T16:00:00Z', '2009-06-05T07:08:09Z', '2020-12-31T00:00:00Z'])
      assert.equal(valueOf('FormatDateTime([d], , "yyyy-MM-ddTHH:mm:ssK", "G")', { d: input }), valueOf('CDate([d])', { d: input }), input);
  });

  test('custom formats get no culture note', () => {
    assert.deepEqual(notesOf('FormatDateTime([d], , "yyyy-MM-dd", "dd MMMM yyyy")', { d: '2009-06-15' }), []);
    assert.deepEqual(notesOf('FormatDateTime([d], , "yyyy-MM-dd", "%d")', { d: '2009-06-15' }), []);
  });

  test('K writes what .NET writes for the parsed kind: Z for UTC, the offset for local, nothing otherwise', () => {
    const k = (input: string, inputFormat: string) => valueOf(`FormatDateTime([d], , "${inputFormat}", "HH:mmK")`, { d: input });
    assert.equal(k('2021-06-30T10:00Z', 'yyyy-MM-ddTHH:mmK'), '10:00Z');
    assert.equal(k('2021-06-30T10:00+02:00', 'yyyy-MM-ddTHH:mmK'), '08:00+00:00');
    assert.equal(k('2021-06-30T10:00', 'yyyy-MM-ddTHH:mmK'), '10:00');
    assert.equal(k('20210630100000.0Z', 'yyyyMMddHHmmss.fZ'), '10:00Z');
    assert.equal(k('20210630100000.0Z', "yyyyMMddHHmmss.f'Z'"), '10:00');
  });

  test("an unquoted Z of the input format is .NET ParseExact's UTC designator: Z or GMT in any case, the value UTC", () => {
    const cases: Array<[input: string, inputFormat: string, outputFormat: string, expected: string | RegExp]> = [
      ['2024-03-05T01:02:03Z', 'yyyy-MM-ddTHH:mm:ssZ', 'o', '2024-03-05T01:02:03.0000000Z'],
      ['20150123105347.1Z', 'yyyyMMddHHmmss.fZ', 'yyyy-MM-ddTHH:mm:ssK', '2015-01-23T10:53:47Z'],
      ['20150123105347.1GMT', 'yyyyMMddHHmmss.fZ', 'yyyy-MM-dd', '2015-01-23'],
      ['20150123105347.1gmt', 'yyyyMMddHHmmss.fZ', 'yyyy-MM-dd', '2015-01-23'],
      ['20150123105347.1z', 'yyyyMMddHHmmss.fZ', 'yyyy-MM-dd', '2015-01-23'],
      ['2015-01-23 Z', 'yyyy-MM-dd Z', 'yyyy-MM-dd', '2015-01-23'],
      ['20150123105347.1Zulu', 'yyyyMMddHHmmss.fZ', 'yyyy', /does not match the date format/],
      ['20150123105347.1UTC', 'yyyyMMddHHmmss.fZ', 'yyyy', /does not match the date format/],
      ['2021-06-30T10:00+02:00Z', 'yyyy-MM-ddTHH:mmzzzZ', 'yyyy', /does not match the date format/],
      ['2021-06-30T10:00+00:00Z', 'yyyy-MM-ddTHH:mmzzzZ', 'HH:mmK', '10:00Z'],
    ];
    for (const [input, inputFormat, outputFormat, expected] of cases) {
      const expression = `FormatDateTime([d], , "${inputFormat}", "${outputFormat}")`;
      if (typeof expected === 'string') assert.equal(valueOf(expression, { d: input }), expected, input);
      else assert.match(errorOf(expression, { d: input }), expected, input);
    }
  });

  test("FormatDateTime's ddd and dddd must name the date's day, as ParseExact requires", () => {
    const parse = (input: string, format: string) => `FormatDateTime("${input}", , "${format}", "yyyy-MM-dd")`;
    assert.equal(valueOf(parse('Wed, 30 Jun 2021', 'ddd, dd MMM yyyy')), '2021-06-30');
    assert.match(
      errorOf(parse('Mon, 30 Jun 2021', 'ddd, dd MMM yyyy')),
      /"Mon, 30 Jun 2021" is not a valid date: 2021-06-30 is a Wednesday, not a Monday/,
    );
    assert.match(errorOf(parse('Monday, June 15, 2010', 'D')), /2010-06-15 is a Tuesday, not a Monday/);
    // The day as written, before the offset moves the value to Thursday in UTC.
    assert.equal(valueOf(parse('Wed 30 Jun 2021 23:00 -07:00', 'ddd dd MMM yyyy HH:mm zzz')), '2021-07-01');
  });

  test('FormatDateTime parses offsets to UTC and month names', () => {
    assert.equal(
      valueOf('FormatDateTime([d], , "yyyy-MM-ddTHH:mmzzz", "yyyy-MM-dd HH:mm")', { d: '2021-06-30T01:00-07:00' }),
      '2021-06-30 08:00',
    );
    assert.equal(valueOf('FormatDateTime([d], , "dd MMMM yyyy", "yyyyMMdd")', { d: '05 September 2020' }), '20200905');
    assert.equal(valueOf('FormatDateTime([d], , "M/d/yy h:mm tt", "yyyy-MM-dd HH:mm")', { d: '3/7/49 12:15 PM' }), '2049-03-07 12:15');
  });

  test('FormatDateTime reports input that does not match the format', () => {
    assert.match(
      errorOf('FormatDateTime([d], , "yyyy-MM-dd", "yyyyMMdd")', { d: '2021/06/30' }),
      /does not match the date format "yyyy-MM-dd"/,
    );
    assert.match(errorOf('FormatDateTime([d], , "yyyy-MM-dd", "q")', { d: '2021-06-30' }), /not a \.NET standard date format/);
    assert.equal(valueOf('FormatDateTime([d], , "yyyy-MM-dd", "yyyyMMdd")', {}), null);
  });

  test('DateAdd clamps the day at the end of the month and takes quoted numbers', () => {
    assert.equal(valueOf('DateAdd("m", 1, CDate("2021-01-31"))', {}), '2/28/2021 12:00:00 AM');
    assert.equal(valueOf('DateAdd("yyyy", 1, CDate("2020-02-29"))', {}), '2/28/2021 12:00:00 AM');
    assert.equal(valueOf('DateAdd("d", "10", CDate("2021-01-01"))', {}), '1/11/2021 12:00:00 AM');
    assert.equal(valueOf('DateAdd("h", 36, CDate("2021-01-01"))', {}), '1/2/2021 12:00:00 PM');
    assert.match(errorOf('DateAdd("fortnight", 1, CDate("2021-01-01"))', {}), /not a date interval/);
    assert.match(errorOf('DateAdd("yyyy", 9000, CDate("2021-01-01"))', {}), /outside the range/);
  });

  test('DateDiff counts calendar boundaries for yyyy, q, m and ww', () => {
    assert.equal(valueOf('DateDiff("yyyy", CDate("2020-12-31T23:59:59Z"), CDate("2021-01-01"))', {}), '1');
    assert.equal(valueOf('DateDiff("q", CDate("2021-03-31"), CDate("2021-04-01"))', {}), '1');
    assert.equal(valueOf('DateDiff("m", CDate("2021-01-31"), CDate("2021-02-01"))', {}), '1');
    // Saturday to the next Sunday crosses one week boundary; elapsed whole weeks are 0.
    assert.equal(valueOf('DateDiff("ww", CDate("2021-08-21"), CDate("2021-08-22"))', {}), '1');
    assert.equal(valueOf('DateDiff("w", CDate("2021-08-21"), CDate("2021-08-22"))', {}), '0');
    assert.equal(valueOf('DateDiff("d", CDate("2021-08-21T12:00:00Z"), CDate("2021-08-22T11:00:00Z"))', {}), '0');
  });

  test('DateFromNum and NumFromDate keep every FILETIME digit', () => {
    assert.equal(valueOf('NumFromDate("2012-01-01T23:00:00Z")', {}), '129699324000000000');
    assert.equal(valueOf('NumFromDate(DateFromNum(129699324000000001))', {}), '129699324000000001');
    assert.equal(
      valueOf('NumFromDate(FormatDateTime([d], , "yyyyMMdd", "yyyy-MM-ddTHH:mm:ssZ"))', { d: '20301231' }),
      '135693792000000000',
    );
    assert.match(errorOf('DateFromNum(9223372036854775807)', {}), /outside the range/);
    // Before 1601 there is no FILETIME, either way round (.NET's FromFileTimeUtc throws).
    assert.equal(valueOf('DateFromNum(0)', {}), '1/1/1601 12:00:00 AM');
    assert.match(
      errorOf('DateFromNum(-1)', {}),
      /DateFromNum: the FILETIME -1 is out of range: it counts from 1601-01-01 and cannot be negative/,
    );
  });

  test('Now() uses options.now, or is a marked placeholder', () => {
    assert.equal(valueOf('Now()', {}, { now: new Date('2021-07-02T15:33:38Z') }), '7/2/2021 3:33:38 PM');
    assert.equal(valueOf('DateAdd("d", 1, Now())', {}, { now: new Date('2021-07-02T15:33:38Z') }), '7/3/2021 3:33:38 PM');
    const outcome = run('DateAdd("d", 1, Now())', {});
    assert.equal(outcome.kind, 'value');
    if (outcome.kind !== 'value') return;
    assert.equal(outcome.value, '\u00abDateAdd(\u2026)\u00bb');
    assert.deepEqual(
      outcome.placeholders.map((placeholder) => placeholder.kind),
      ['now'],
    );
  });
});

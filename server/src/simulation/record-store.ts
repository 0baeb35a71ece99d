// The records of a simulation the editor's report shows, kept for its "open a row" requests without
// holding 100,000 records (about 3 KB of JSON each) in memory: serialised, in batches compressed
// with deflate (records repeat their keys, steps and schemas, so a batch shrinks about tenfold).
// Reading a row inflates its batch once; the last batch read is cached for neighbouring rows.
import { deflateRawSync, inflateRawSync } from 'node:zlib';

export class RecordStore<T> {
  private readonly batches: Buffer[] = [];
  private pending: string[] = [];
  private count = 0;
  private cached: { readonly batch: number; readonly lines: string[] } | undefined;

  constructor(private readonly batchSize = 256) {}

  get size(): number {
    return this.count;
  }

  /** Adds a record at the next index (JSON: what it keeps is a copy, not the object). */
  add(record: T): void {
    this.addJson(JSON.stringify(record));
  }

  /** Adds a record already written as JSON text (JSON.stringify's: line breaks inside strings escaped, so one record is one line). */
  addJson(json: string): void {
    this.pending.push(json);
    this.count++;
    if (this.pending.length === this.batchSize) {
      this.batches.push(deflateRawSync(this.pending.join('\n')));
      this.pending = [];
    }
  }

  get(index: number): T | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    const batch = Math.floor(index / this.batchSize);
    const offset = index % this.batchSize;
    if (batch === this.batches.length) return JSON.parse(this.pending[offset]) as T;
    if (this.cached?.batch !== batch) this.cached = { batch, lines: inflateRawSync(this.batches[batch]).toString('utf8').split('\n') };
    return JSON.parse(this.cached.lines[offset]) as T;
  }

  /** Bytes held: the compressed batches and the records not yet compressed (UTF-16 estimate). */
  get bytes(): number {
    return this.batches.reduce((sum, batch) => sum + batch.length, 0) + this.pending.reduce((sum, line) => sum + line.length * 2, 0);
  }
}

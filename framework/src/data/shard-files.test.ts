// Tests for shard files: even sizes, records written last, reuse only with the same settings, clear mismatch errors.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  completeShard,
  sha256Of,
  shardFile,
  shardSizes,
  writeShard,
  type ShardSettings,
} from './shard-files';

const settings: ShardSettings = {
  operation: 'gcd',
  params: { maxint: 100, signed: false },
  count: 10,
  shards: 3,
  seed: 1,
  maxLen: 512,
};
const counts = { drawn: 4, tooLong: 1, duplicates: 1 };

describe('shardSizes', () => {
  it('splits the count as evenly as possible, the first count % shards one more', () => {
    expect(shardSizes(10, 3)).toEqual([4, 3, 3]);
    expect(shardSizes(11, 3)).toEqual([4, 4, 3]);
    expect(shardSizes(3000, 3)).toEqual([1000, 1000, 1000]);
    expect(shardSizes(2, 3)).toEqual([1, 1, 0]);
  });
});

describe('shard files', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'int2int-shard-files-'));
    file = shardFile(join(dir, 'out'), 'data', 0, 3);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are named <prefix>.shard-<i>-of-<K>, with the record beside', async () => {
    expect(file).toBe(join(dir, 'out', 'data.shard-0-of-3'));
    const record = await writeShard(file, ['a\tb', 'c\td'], { settings, shard: 0, counts });
    expect(readFileSync(file, 'utf8')).toBe('a\tb\nc\td\n');
    expect(JSON.parse(readFileSync(`${file}.json`, 'utf8'))).toEqual(record);
    expect(record.sha256).toBe(sha256Of(['a\tb', 'c\td']));
  });

  it('are complete with their file and record, and the same settings', async () => {
    expect(await completeShard(file, 0, settings, 'data')).toBeUndefined();
    const record = await writeShard(file, ['a\tb'], { settings, shard: 0, counts });
    expect(
      await completeShard(file, 0, { ...settings, params: { signed: false, maxint: 100 } }, 'data'),
    ).toEqual(record);
    rmSync(file);
    expect(await completeShard(file, 0, settings, 'data')).toBeUndefined();
  });

  it('are not complete when the record was not written (a shard killed after writing its lines)', async () => {
    await writeShard(file, ['a\tb'], { settings, shard: 0, counts });
    rmSync(`${file}.json`);
    expect(await completeShard(file, 0, settings, 'data')).toBeUndefined();
  });

  it('drawn with other settings are a one-line error saying what differs and what to do', async () => {
    await writeShard(file, ['a\tb'], { settings, shard: 0, counts });
    const remedy = `remove ${join(dir, 'out', 'data.shard-*-of-3*')} or use another --output or --prefix`;
    const cases: Array<[Partial<ShardSettings>, string]> = [
      [{ count: 20 }, '--count 10, not 20'],
      [{ seed: 2 }, '--seed 1, not 2'],
      [{ maxLen: 0 }, '--max_len 512, not 0'],
      [{ operation: 'modular_add' }, '--operation gcd, not modular_add'],
      [{ params: { maxint: 7, signed: false } }, '--maxint 100, not 7'],
      [{ params: { maxint: 100, signed: false, base: 10 } }, '--base undefined, not 10'],
    ];
    for (const [change, difference] of cases) {
      await expect(completeShard(file, 0, { ...settings, ...change }, 'data')).rejects.toThrow(
        `${file} was drawn with ${difference}: ${remedy}`,
      );
    }
  });

  it('with a damaged record are an error saying to remove them', async () => {
    await writeShard(file, ['a\tb'], { settings, shard: 0, counts });
    writeFileSync(`${file}.json`, '{"settings": ');
    await expect(completeShard(file, 0, settings, 'data')).rejects.toThrow(
      `${file}.json is not a shard record: remove it and its shard file, then run generate again`,
    );
  });

  it('are rewritten whole: the old record goes first, no temporary file stays', async () => {
    await writeShard(file, ['a\tb'], { settings, shard: 0, counts });
    await writeShard(file, ['e\tf'], { settings: { ...settings, seed: 9 }, shard: 0, counts });
    expect(readFileSync(file, 'utf8')).toBe('e\tf\n');
    expect(await completeShard(file, 0, { ...settings, seed: 9 }, 'data')).toBeDefined();
    expect(existsSync(`${file}.json.tmp-${process.pid}`)).toBe(false);
  });
});

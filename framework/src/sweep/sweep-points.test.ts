// Tests for a sweep's points: the grid's product, explicit points, seeds, readable distinct ids, one-line errors.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseSeeds, pointId, sweepPoints } from './sweep-points';

const cwd = os.tmpdir();

describe('sweepPoints', () => {
  test('every combination of the grid, seeds last, each named by its settings', () => {
    const points = sweepPoints({ grid: ['base=2,10', 'n_enc_layers=2,4'], seeds: '0-1', cwd });
    expect(points.map((point) => point.id)).toEqual([
      'base=2,n_enc_layers=2,seed=0',
      'base=2,n_enc_layers=2,seed=1',
      'base=2,n_enc_layers=4,seed=0',
      'base=2,n_enc_layers=4,seed=1',
      'base=10,n_enc_layers=2,seed=0',
      'base=10,n_enc_layers=2,seed=1',
      'base=10,n_enc_layers=4,seed=0',
      'base=10,n_enc_layers=4,seed=1',
    ]);
    expect(points[5]).toEqual({
      index: 5,
      id: 'base=10,n_enc_layers=2,seed=1',
      settings: { base: '10', n_enc_layers: '2', env_base_seed: '1' },
    });
  });

  test('values holding commas are separated by semicolons; their ids stay distinct folder names', () => {
    const points = sweepPoints({ grid: ['optimizer=adam,lr=1e-4;adam,lr=5e-4'], cwd });
    expect(points.map((point) => point.settings.optimizer)).toEqual(['adam,lr=1e-4', 'adam,lr=5e-4']);
    expect(new Set(points.map((point) => point.id)).size).toBe(2);
    for (const point of points) expect(point.id).toMatch(/^optimizer=adam,lr=1e-4|^optimizer=adam,lr=5e-4/);
    expect(pointId({ train_data: 'data/a b.txt' })).toMatch(/^train_data=data_a_b.txt-[0-9a-f]{8}$/);
  });

  test('explicit points from JSON or YAML, combined with the grid', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'int2int-points-'));
    fs.writeFileSync(path.join(dir, 'p.json'), JSON.stringify([{ base: 10 }, { base: 30, max_epoch: 2 }]));
    fs.writeFileSync(path.join(dir, 'p.yaml'), '- base: 10\n- base: 30\n  max_epoch: 2\n');
    for (const file of ['p.json', 'p.yaml']) {
      const points = sweepPoints({ grid: [], pointsFile: file, seeds: '7', cwd: dir });
      expect(points.map((point) => point.id)).toEqual(['base=10,seed=7', 'base=30,max_epoch=2,seed=7']);
    }
  });

  test.each([
    [{ grid: [] }, 'A sweep needs --grid name=value1,value2, --points FILE or --seeds 0-4'],
    [{ grid: ['base'] }, '--grid base: write name=value1,value2, e.g. --grid base=2,3,10'],
    [
      { grid: ['base=2,,3'] },
      '--grid base=2,,3: a value is empty (values are separated by commas, or by semicolons)',
    ],
    [{ grid: ['base=2', 'base=3'] }, '--grid base is given twice: give all its values at once'],
    [{ grid: ['base=2,2'] }, '--grid base=2,2: a value is listed twice'],
    [
      { grid: ['env_base_seed=1'], seeds: '0-1' },
      '--seeds and --grid env_base_seed both set the seeds: give one of them',
    ],
    [{ grid: [], pointsFile: 'missing.json' }, '--points missing.json: cannot read it (ENOENT)'],
  ])('refuses %j', (request, message) => {
    expect(() => sweepPoints({ cwd, ...request })).toThrow(message);
  });
});

describe('parseSeeds', () => {
  test('ranges and lists', () => {
    expect(parseSeeds('0-4')).toEqual([0, 1, 2, 3, 4]);
    expect(parseSeeds('0,3,7')).toEqual([0, 3, 7]);
    expect(parseSeeds('0-1, 10')).toEqual([0, 1, 10]);
  });
  test.each([
    ['a', '--seeds a: write a range or a list of seeds, e.g. --seeds 0-4'],
    ['4-2', '--seeds 4-2: 4-2 ends before it starts'],
    ['1,1', '--seeds 1,1: a seed is listed twice'],
  ])('refuses %s', (text, message) => {
    expect(() => parseSeeds(text)).toThrow(message);
  });
});

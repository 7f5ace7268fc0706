// Tests for the curve table reader: labels, line checks with file:line errors, comments and duplicates.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isogenyClassOf, parseCurveLine, readCurveTable } from './curve-table';

const AP_11A1 = '-2 -1 1 -2 1 4 -2 0 -1 0 7 3 -8 -6 8 -6 5 12 -7 -3 4 -10 -6 15 -7';
const LINE_11A1 = `11a1 0 -1 1 -10 -20 0 5 ${AP_11A1}`;

describe('isogenyClassOf', () => {
  it('drops the curve number of Cremona and LMFDB labels', () => {
    expect(isogenyClassOf('11a1')).toBe('11a');
    expect(isogenyClassOf('46800fn2')).toBe('46800fn');
    expect(isogenyClassOf('11.a2')).toBe('11.a');
    expect(isogenyClassOf('11a')).toBeUndefined();
    expect(isogenyClassOf('X0(11)')).toBeUndefined();
  });
});

describe('parseCurveLine', () => {
  it('encodes coefficients and a_p as the shared files do', () => {
    const curve = parseCurveLine(`67170f1 1 0 1 1 -28 0 1 ${AP_11A1}`);
    expect(curve).toMatchObject({ label: '67170f1', isogenyClass: '67170f', rank: 0, torsion: 1 });
    expect(curve.input).toBe('+ 1 + 0 + 1 + 1 - 28');
    expect(curve.ap.startsWith('- 2 - 1 + 1 - 2 + 1 + 4')).toBe(true);
    expect(parseCurveLine(`1a1 0 0 0 -12106875 -16216753750123456789 1 1 ${AP_11A1}`).input).toBe(
      '+ 0 + 0 + 0 - 12 106 875 - 16 216 753 750 123 456 789',
    );
  });

  it('says what is wrong with a line', () => {
    expect(() => parseCurveLine('11a1 0 -1 1 -10 -20 0 5')).toThrow('expected 33 fields');
    expect(() => parseCurveLine(LINE_11A1.replace('11a1', 'E11'))).toThrow('not a Cremona (11a1) or LMFDB');
    expect(() => parseCurveLine(LINE_11A1.replace('-10', '-1O'))).toThrow('"-1O" is not an integer');
    expect(() => parseCurveLine(`1a1 0 0 0 0 0 0 1 ${AP_11A1}`)).toThrow('singular');
    expect(() => parseCurveLine(LINE_11A1.replace(' 0 5 ', ' 0 11 '))).toThrow('torsion order 11');
    expect(() => parseCurveLine(LINE_11A1.replace(' 0 5 -2', ' 0 5 3'))).toThrow(
      'a_2 = 3 breaks the Hasse bound',
    );
  });
});

describe('readCurveTable', () => {
  const dir = mkdtempSync(join(tmpdir(), 'curve-table-'));

  it('skips comments and blank lines, and keeps a repeated curve once', async () => {
    const path = join(dir, 'ok.txt');
    writeFileSync(path, `# label a1 a2 a3 a4 a6 rank torsion ap...\n${LINE_11A1}\n\n${LINE_11A1}\n`);
    const table = await readCurveTable(path);
    expect(table.curves.map((c) => c.label)).toEqual(['11a1']);
    expect(table.duplicates).toBe(1);
  });

  it('reports errors with file:line', async () => {
    const path = join(dir, 'bad.txt');
    writeFileSync(path, `${LINE_11A1}\n11a2 0 -1 1 -10\n`);
    await expect(readCurveTable(path)).rejects.toThrow(`${path}:2: expected 33 fields`);
    writeFileSync(path, `${LINE_11A1}\n#\n${LINE_11A1.replace(' 0 5 ', ' 1 5 ')}\n`);
    await expect(readCurveTable(path)).rejects.toThrow(
      `${path}:3: 11a1 repeats the curve of line 1 with other data`,
    );
  });
});

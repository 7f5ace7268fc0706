// The README's parameter table must list every core parameter with its current default and status.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderParametersTable, TABLE_END, TABLE_START } from './parameters-table';

/** The table's cells, whatever the column padding prettier applied. */
function cells(table: string): string[][] {
  return table
    .trim()
    .split('\n')
    .filter((line) => !/^\|[\s|:-]+\|$/.test(line))
    .map((line) => line.split(/(?<!\\)\|/).map((cell) => cell.trim()));
}

it('the README parameter table is up to date (npm run docs:parameters rewrites it)', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  const inReadme = readme.slice(readme.indexOf(TABLE_START) + TABLE_START.length, readme.indexOf(TABLE_END));
  expect(cells(inReadme)).toEqual(cells(renderParametersTable()));
});

// The README's parameter table, rendered from CORE_PARAMETERS so that the two never disagree.
import { describeRange } from '../operations/parameters';
import { CORE_PARAMETERS } from './core-parameters';

export const TABLE_START = '<!-- parameters-table:start -->';
export const TABLE_END = '<!-- parameters-table:end -->';

export function renderParametersTable(): string {
  const rows = Object.entries(CORE_PARAMETERS).map(([name, spec]) => {
    const status = spec.instead
      ? `refused: ${spec.instead}`
      : spec.implemented === false
        ? 'not yet (refused)'
        : spec.note
          ? `accepted, ${spec.note}`
          : 'yes';
    const values = spec.range ? describeRange(spec.range) : (spec.options?.join(', ') ?? '');
    const resume = spec.perRun ? 'may change' : 'kept';
    const cells = [
      `\`--${name}\``,
      spec.group,
      `\`${JSON.stringify(spec.default)}\``,
      values,
      resume,
      status,
      spec.help,
    ];
    return `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  });
  return [
    '| parameter | group | default | values | on resume | implemented | meaning |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** `text` with the table between the markers replaced by the current one. */
export function withParametersTable(text: string): string {
  const start = text.indexOf(TABLE_START);
  const end = text.indexOf(TABLE_END);
  if (start === -1 || end < start)
    throw new Error(`The README has no ${TABLE_START} ... ${TABLE_END} markers`);
  return `${text.slice(0, start + TABLE_START.length)}\n${renderParametersTable()}\n${text.slice(end)}`;
}

// Tests of the markdown reading behind test/docs-commands.test.ts: commands, directives and the prose around blocks.
import { readDocBlocks, shellParts } from './doc-blocks';

describe('shellParts', () => {
  it('splits && lists and drops comments, keeping quotes as written', () => {
    expect(shellParts('cd plugin && npm install   && npm test  # the tests')).toEqual([
      'cd plugin',
      'npm install',
      'npm test',
    ]);
    expect(shellParts(`echo '{ "a": "#1 && 2" }' > f.json # writes f.json`)).toEqual([
      `echo '{ "a": "#1 && 2" }' > f.json`,
    ]);
    expect(shellParts('int2int train --data_types "int[5]:range(5)" --x a#b')).toEqual([
      'int2int train --data_types "int[5]:range(5)" --x a#b',
    ]);
    expect(shellParts('# only a comment')).toEqual([]);
  });

  it('refuses an unterminated quote', () => {
    expect(() => shellParts('echo "open')).toThrow('unterminated " quote');
  });
});

describe('readDocBlocks', () => {
  const markdown = [
    '# Title',
    '',
    'Intro.',
    '',
    '<!-- docs-test: continues -->',
    '<!-- docs-test: budget --max_epoch 1 -->',
    '',
    '```bash',
    'int2int train --operation gcd \\',
    '  --epoch_size 10   # short',
    'npm ci && npm test',
    '```',
    '',
    'The test suite runs it with',
    '`--max_epoch 1`.',
    '',
    '```json',
    '{}',
    '```',
    '',
    '```bash',
    'int2int operations:list',
    '```',
  ].join('\n');

  it('reads commands with their lines, directives and the paragraphs around each block', () => {
    const [first, second] = readDocBlocks(markdown, 'doc.md');
    expect(first).toEqual({
      file: 'doc.md',
      line: 8,
      commands: [
        { text: 'int2int train --operation gcd --epoch_size 10', line: 9 },
        { text: 'npm ci', line: 11 },
        { text: 'npm test', line: 11 },
      ],
      continues: true,
      inRepository: false,
      budget: '--max_epoch 1',
      paragraphs: ['Intro.', 'The test suite runs it with `--max_epoch 1`.'],
    });
    expect(second).toMatchObject({ line: 21, continues: false, budget: undefined, paragraphs: [] });
  });

  it('refuses a directive that is not right above a bash block, and an unknown one', () => {
    expect(() => readDocBlocks('<!-- docs-test: continues -->\ntext\n```bash\nls\n```', 'a.md')).toThrow(
      'a.md:1: a docs-test directive must come right before a bash block',
    );
    expect(() => readDocBlocks('<!-- docs-test: later -->\n```bash\nls\n```', 'a.md')).toThrow(
      'a.md:1: unknown docs-test directive "later"',
    );
  });
});

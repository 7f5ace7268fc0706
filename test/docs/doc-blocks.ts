// Reads the ```bash blocks of a markdown file the way test/docs-commands.test.ts runs them: their commands, the
// `<!-- docs-test: ... -->` directives right above them (blank lines between allowed), and the prose around them.

export interface DocCommand {
  /** One command as bash runs it: `\` continuation lines joined, the `# comment` dropped, one part of an `&&` list. */
  text: string;
  /** The 1-based line of the markdown file where it is printed. */
  line: number;
}

export interface DocBlock {
  file: string;
  /** The 1-based line of the opening fence. */
  line: number;
  commands: DocCommand[];
  /** `<!-- docs-test: continues -->`: the block runs where the file's previous block ended (its folder, its cwd). */
  continues: boolean;
  /** `<!-- docs-test: repository -->`: the block runs in the repository's root folder, as a clone's reader would. */
  inRepository: boolean;
  /** `<!-- docs-test: budget --flag value ... -->`: the flags the test gives the block's `int2int train` commands. */
  budget?: string;
  /** The paragraphs between the previous block or heading and the next, each on one line. */
  paragraphs: string[];
}

const DIRECTIVE = /^<!-- docs-test: (.*) -->$/;

/** The bash blocks of `markdown` (the contents of `file`), in order; a misplaced or unknown directive is an error. */
export function readDocBlocks(markdown: string, file: string): DocBlock[] {
  const lines = markdown.split('\n');
  const blocks: DocBlock[] = [];
  const prose: string[][] = [[]]; // prose segments: a fence or a heading starts the next one
  const blockSegments: number[] = []; // for each block, the index of the segment right after it
  let directives: Array<{ text: string; line: number }> = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const directive = DIRECTIVE.exec(line);
    if (directive) {
      directives.push({ text: directive[1].trim(), line: i + 1 });
      continue;
    }
    if (directives.length > 0 && line.trim() === '') continue;
    if (directives.length > 0 && line !== '```bash') {
      throw new Error(
        `${file}:${directives[0].line}: a docs-test directive must come right before a bash block`,
      );
    }
    if (line.startsWith('```')) {
      const end = lines.findIndex((candidate, j) => j > i && candidate.startsWith('```'));
      if (end === -1) throw new Error(`${file}:${i + 1}: this code block is never closed`);
      if (line === '```bash') {
        blocks.push({
          file,
          line: i + 1,
          commands: blockCommands(lines.slice(i + 1, end), i + 2),
          ...readDirectives(directives, file),
          paragraphs: [],
        });
        blockSegments.push(prose.length);
      }
      directives = [];
      prose.push([]);
      i = end;
    } else if (line.startsWith('#')) {
      prose.push([]);
    } else {
      prose[prose.length - 1].push(line);
    }
  }
  blocks.forEach((block, index) => {
    const around = [...prose[blockSegments[index] - 1], '', ...prose[blockSegments[index]]];
    block.paragraphs = paragraphsOf(around);
  });
  return blocks;
}

function readDirectives(directives: Array<{ text: string; line: number }>, file: string) {
  const read = { continues: false, inRepository: false, budget: undefined as string | undefined };
  for (const { text, line } of directives) {
    if (text === 'continues') read.continues = true;
    else if (text === 'repository') read.inRepository = true;
    else if (text.startsWith('budget ')) read.budget = text.slice('budget '.length).trim();
    else
      throw new Error(
        `${file}:${line}: unknown docs-test directive "${text}" (continues, repository, budget)`,
      );
  }
  return read;
}

function paragraphsOf(lines: string[]): string[] {
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of [...lines, '']) {
    if (line.trim() !== '') {
      current.push(line.trim());
    } else if (current.length > 0) {
      paragraphs.push(current.join(' '));
      current = [];
    }
  }
  return paragraphs;
}

/** The commands of a block's lines (`firstLine`: the markdown line of the first one). */
export function blockCommands(body: string[], firstLine: number): DocCommand[] {
  const commands: DocCommand[] = [];
  let logical = '';
  let start = firstLine;
  body.forEach((line, index) => {
    if (logical === '') start = firstLine + index;
    if (line.endsWith('\\')) {
      logical += `${line.slice(0, -1)} `;
      return;
    }
    logical += line;
    for (const text of shellParts(logical)) commands.push({ text, line: start });
    logical = '';
  });
  return commands;
}

/**
 * The `&&`-separated parts of one shell line, each with its whitespace collapsed, stopping at a `#` that starts a
 * word outside quotes (bash's comment); quotes and backslash escapes are kept as written.
 */
export function shellParts(line: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote !== undefined) {
      current += char;
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && i + 1 < line.length) current += line[++i];
    } else if (char === '\\' && i + 1 < line.length) {
      current += char + line[++i];
    } else if (char === "'" || char === '"') {
      quote = char;
      current += char;
    } else if (char === '#' && (current === '' || current.endsWith(' '))) {
      break;
    } else if (char === '&' && line[i + 1] === '&') {
      parts.push(current);
      current = '';
      i++;
    } else if (/\s/.test(char)) {
      if (current !== '' && !current.endsWith(' ')) current += ' ';
    } else {
      current += char;
    }
  }
  if (quote !== undefined) throw new Error(`unterminated ${quote} quote in: ${line}`);
  return [...parts, current].map((part) => part.trim()).filter((part) => part !== '');
}

/** A file a doc prints whole: a fenced block whose info string names it, as in ```ts src/index.ts. */
export interface DocFile {
  path: string;
  text: string;
}

/** The ```ts blocks of `markdown` that name their file, in order. */
export function readDocFiles(markdown: string): DocFile[] {
  return [...markdown.matchAll(/^```ts (\S+)\n([^]*?)^```$/gm)].map(([, file, text]) => ({
    path: file,
    text,
  }));
}

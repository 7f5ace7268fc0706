// The vocabulary (manual §3.4): Int2Int's special words, then the tokenizers' symbols in string order.

export const SPECIAL_WORDS = [
  '<eos>',
  '<pad>',
  '<sep>',
  '(',
  ')',
  ...Array.from({ length: 10 }, (_, i) => `<SPECIAL_${i}>`),
] as const;

export const EOS_INDEX = 0;
export const PAD_INDEX = 1;
export const SEP_INDEX = 2;

/** Word <-> id mapping; ids are stable for a given list of symbols, and saved in checkpoints. */
export class Vocabulary {
  readonly words: readonly string[];
  private readonly ids: Map<string, number>;

  constructor(words: readonly string[]) {
    this.words = words;
    this.ids = new Map(words.map((word, id) => [word, id]));
    if (this.ids.size !== words.length) throw new Error('Vocabulary words must be distinct');
  }

  /** Special words, then the distinct symbols sorted by code point, as Int2Int's Python sort does. */
  static fromSymbols(...symbolLists: ReadonlyArray<readonly string[]>): Vocabulary {
    const special = new Set<string>(SPECIAL_WORDS);
    const symbols = [...new Set(symbolLists.flat())].filter((s) => !special.has(s));
    symbols.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return new Vocabulary([...SPECIAL_WORDS, ...symbols]);
  }

  get size(): number {
    return this.words.length;
  }

  id(word: string): number | undefined {
    return this.ids.get(word);
  }

  word(id: number): string {
    const word = this.words[id];
    if (word === undefined) throw new RangeError(`No word with id ${id} in a vocabulary of ${this.size}`);
    return word;
  }
}

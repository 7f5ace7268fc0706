// The tokenizer contract (Int2Int's Encoder): objects to token sequences and back.

/** What `parse` returns: the value read from the start of a token list and how many tokens it used. */
export interface Parsed<T> {
  value: T;
  consumed: number;
}

/**
 * Turns mathematical objects into sequences of tokens and back (the manual's §4.1).
 * `decode` never throws on malformed input: it returns undefined, which evaluation counts as invalid.
 */
export interface Tokenizer<T> {
  /** Every token this tokenizer can emit; the vocabulary is built from these. */
  readonly symbols: readonly string[];
  encode(value: T): string[];
  /** Reads one value from the start of `tokens`; undefined when the tokens are malformed. */
  parse(tokens: readonly string[]): Parsed<T> | undefined;
  /** Reads one value from `tokens` (trailing tokens are ignored, as in Int2Int); undefined when malformed. */
  decode(tokens: readonly string[]): T | undefined;
}

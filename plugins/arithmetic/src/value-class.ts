// Classes of gcd and the modular operations (Int2Int's code_class): the output capped, optionally by input length.
import { decimalExponent } from './integers';

/** The class of an integer output: min(v, max_class), plus 1000 * floor(log10(max input)) with class_by_length. */
export class ValueClasses {
  private readonly maxClass: number;
  private readonly byLength: boolean;

  constructor(params: { max_class: number; class_by_length: boolean }) {
    this.maxClass = params.max_class;
    this.byLength = params.class_by_length;
    if (this.byLength && this.maxClass > 999) {
      throw new Error(`--max_class must be at most 999 with --class_by_length true, got ${this.maxClass}`);
    }
  }

  classOf(output: number, input: readonly number[] | undefined): number {
    const capped = Math.min(Math.max(output, 0), this.maxClass);
    if (!this.byLength || input === undefined) return capped;
    return 1000 * decimalExponent(Math.max(...input.map(Math.abs))) + capped;
  }

  /** `2-6` for the class of output 6 with a largest input of 3 digits (class_by_length). */
  static className(cls: number): string {
    return cls >= 1000 ? `${Math.floor(cls / 1000)}-${cls % 1000}` : String(cls);
  }
}

// End-of-epoch evaluation (manual §3.3, §4.2): teacher-forced scoring, greedy decoding of the misses, verifier, metrics.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { HeapCollector } from '../core/heap-collector';
import { collate, type Batch, type IdExample } from '../data/batch';
import type { BeamOptions } from '../models/beam-search';
import type { TransformerModel } from '../models/transformer-model';
import type { Operation } from '../operations/operation';
import type { ClassResult, Mistake } from '../reporting/events';
import type { RunLogger } from '../reporting/run-logger';
import type { Vocabulary } from '../tokenizers/vocabulary';
import { INVALID, PredictionTable } from './prediction-table';
import { ScoreBoard } from './score-board';

/** A set of examples to evaluate on, named by its split (valid, test, test2, ...). */
export interface EvalSet {
  split: string;
  size: number;
  get(index: number): IdExample;
}

export interface EvaluatorOptions {
  model: TransformerModel;
  operation: Operation;
  vocab: Vocabulary;
  logger: RunLogger;
  batchSizeEval: number;
  maxOutputLen: number;
  evalMetrics: number;
  errorMetrics: number;
  /** 0: no prediction file; 1: write every example; 2: also decode the examples already perfect. */
  evalVerbose: number;
  evalVerbosePrint: boolean;
  runDir: string;
  /** Write and log the table of true and predicted classes (--export_pred). */
  exportPredictions?: boolean;
  /** Beam search settings (--beam_eval true); greedy decoding when absent. */
  beam?: Omit<BeamOptions, 'maxLen'>;
}

/** A decoded output: ids after BOS without the EOS, and whether the EOS came. */
interface Candidate {
  tokens: number[];
  finished: boolean;
}

export interface EvalResult {
  metrics: Record<string, number>;
  classes: ClassResult[];
  mistakes: Mistake[];
}

const MISTAKES_SHOWN = 5;

export class Evaluator {
  constructor(private readonly options: EvaluatorOptions) {}

  /** Evaluates one set; undefined when `stopRequested` became true before the end (checked between batches). */
  async evaluate(
    set: EvalSet,
    epoch: number,
    stopRequested: () => boolean = () => false,
  ): Promise<EvalResult | undefined> {
    const { model, operation, vocab, logger, batchSizeEval, evalVerbose } = this.options;
    if (set.size === 0) throw new Error(`The ${set.split} set is empty: there is nothing to evaluate`);
    const board = new ScoreBoard(
      this.options.evalMetrics,
      this.options.errorMetrics,
      this.options.beam !== undefined,
    );
    const words = (ids: ArrayLike<number>) => Array.from(ids, (id) => vocab.word(id));
    const records: string[] = [];
    const predictions = this.options.exportPredictions ? new PredictionTable() : undefined;
    const verbosePath = path.join(this.options.runDir, `eval.${set.split}.arithmetic.${epoch}`);
    if (evalVerbose > 0) logger.info(`Writing evaluation results in ${verbosePath} ...`);
    const heap = new HeapCollector();

    for (let start = 0; start < set.size; start += batchSizeEval) {
      const examples = Array.from({ length: Math.min(batchSizeEval, set.size - start) }, (_, i) =>
        set.get(start + i),
      );
      const batch = collate(examples);
      const { xeLossSum, perfect } = await model.scoreBatch(batch);
      board.addLoss(xeLossSum);
      const perfectCount = perfect.filter(Boolean).length;
      let solved = perfectCount;
      let candidates: Candidate[][] | undefined;
      if (perfectCount < examples.length || evalVerbose >= 2) {
        logger.info(
          `(${start + examples.length}/${set.size}) Found ${perfectCount}/${examples.length} valid top-1 predictions. Generating solutions ...`,
        );
        candidates = await this.decode(batch);
      }
      examples.forEach((example, i) => {
        const [input, target] = [words(example.x), words(example.y)];
        const best = candidates?.[i][0];
        if (perfect[i]) {
          board.addPerfect(example.cls);
          predictions?.add(example.cls, example.cls);
          if (evalVerbose > 0)
            records.push(record(start + i, input, target, true, best ? words(best.tokens) : target));
          return;
        }
        const judged = candidates![i].map((c) => this.judge(input, target, words(c.tokens), c.finished));
        const outcomes = judged.length > 0 ? judged : [this.judge(input, target, [], false)];
        const [top] = outcomes;
        board.addPrediction(example.cls, outcomes);
        predictions?.add(example.cls, top.predictedClass);
        if (top.valid) solved++;
        else board.addMistake(top.mistake, MISTAKES_SHOWN);
        if (evalVerbose > 0)
          records.push(record(start + i, input, target, top.valid, words(best?.tokens ?? [])));
      });
      if (candidates) logger.info(`    Found ${solved}/${examples.length} solutions in beam hypotheses.`);
      heap.check();
      await yieldToEventLoop(); // lets a signal handler run between two batches
      if (stopRequested()) return undefined;
    }

    if (evalVerbose > 0) {
      fs.writeFileSync(verbosePath, records.join(''));
      if (this.options.evalVerbosePrint) for (const r of records) logger.info(r.trimEnd());
      logger.info(`Evaluation results written in ${verbosePath}`);
    }
    const className = (cls: number) => operation.className?.(cls) ?? String(cls);
    const result = board.result(`${set.split}_arithmetic`, className);
    logger.info(
      `${board.validCount}/${board.total} (${((100 * board.validCount) / board.total).toFixed(2)}%) examples were evaluated correctly.`,
    );
    for (const c of result.classes) {
      if (c.correct > 0)
        logger.info(`${c.name}: ${c.correct} / ${c.total} (${((100 * c.correct) / c.total).toFixed(2)}%)`);
    }
    if (result.mistakes.length) {
      logger.info(`A few mistakes (${result.mistakes.length} of ${board.total - board.validCount}):`);
      for (const m of result.mistakes)
        logger.info(`    ${m.problem}: predicted ${m.predicted}, expected ${m.expected}`);
    }
    if (predictions) this.writePredictions(predictions, set.split, epoch, className);
    return result;
  }

  /** Writes the table of true and predicted classes to predictions.<split>.<epoch>.csv and logs it. */
  private writePredictions(
    table: PredictionTable,
    split: string,
    epoch: number,
    className: (cls: number) => string,
  ): void {
    const { logger, runDir } = this.options;
    const file = path.join(runDir, `predictions.${split}.${epoch}.csv`);
    fs.writeFileSync(`${file}.tmp`, table.toCsv(className)); // a kill leaves no half-written table
    fs.renameSync(`${file}.tmp`, file);
    logger.info(`Predictions on the ${split} set by true class (the whole table is in ${file}):`);
    for (const line of table.toLines(className)) logger.info(`    ${line}`);
  }

  /** The decoded candidates of every row: greedy (one per row) or beam search (best first). */
  private async decode(batch: Batch): Promise<Candidate[][]> {
    const { model, beam, maxOutputLen } = this.options;
    if (beam) return model.beamDecode(batch, { ...beam, maxLen: maxOutputLen + 1 });
    const { tokens, finished } = await model.greedyDecode(batch, maxOutputLen + 1);
    return tokens.map((ids, i) => [{ tokens: ids, finished: finished[i] }]);
  }

  /** Decodes and verifies one prediction that is not token-for-token the target. */
  private judge(input: string[], target: string[], predicted: string[], finished: boolean) {
    const { operation } = this.options;
    const inputValue = operation.inputTokenizer.decode(input);
    const expected = operation.outputTokenizer.decode(target);
    const parsed = finished ? operation.outputTokenizer.parse(predicted) : undefined;
    const wellFormed = parsed !== undefined && parsed.consumed === predicted.length;
    const verdict =
      wellFormed && operation.verify && expected !== undefined
        ? operation.verify(parsed.value, expected, inputValue)
        : { valid: false };
    const show = (value: unknown) =>
      operation.describeOutput ? operation.describeOutput(value) : String(value);
    const predictedClass = wellFormed ? this.classOf(parsed.value, inputValue) : INVALID;
    const mistake: Mistake = {
      problem:
        inputValue !== undefined && operation.describe ? operation.describe(inputValue) : input.join(' '),
      predicted: wellFormed ? show(parsed.value) : `an invalid sequence "${abbreviate(predicted)}"`,
      expected: expected !== undefined ? show(expected) : target.join(' '),
    };
    const positive = wellFormed && isPositiveNumber(parsed.value);
    return { ...verdict, wellFormed, positive, mistake, predictedClass };
  }

  /** The class of a predicted value, or INVALID where the operation cannot class it. */
  private classOf(value: unknown, input: unknown): number {
    try {
      const cls = this.options.operation.classOf(value, input);
      return Number.isInteger(cls) && cls >= 0 ? cls : INVALID;
    } catch {
      return INVALID;
    }
  }
}

/** Int2Int's d3: the value, or its first element for a sequence, is a number > 0. */
function isPositiveNumber(value: unknown): boolean {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'number' && first > 0;
}

const SHOWN_TOKENS = 12;

function abbreviate(tokens: string[]): string {
  const shown = tokens.slice(0, SHOWN_TOKENS).join(' ');
  return tokens.length > SHOWN_TOKENS ? `${shown} ... (${tokens.length} tokens)` : shown;
}

function record(index: number, src: string[], tgt: string[], valid: boolean, hyp: string[]): string {
  return `Equation ${index} (${valid ? 1 : 0}/1)\nsrc=${src.join(' ')}\ntgt=${tgt.join(' ')}\n${valid ? 1 : 0} ${hyp.join(' ')}\n\n`;
}

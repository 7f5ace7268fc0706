// A uPlot line chart of the run panel: a line per run in its colour (its raw values faint behind), its own legend, resume markers, axes sized to their labels.
import uPlot from 'uplot';

export interface ChartLine {
  /** What the legend entry's data-legend attribute holds: the run id, with the split when it is not valid. */
  id: string;
  label: string;
  color: string;
  x: number[];
  y: Array<number | null>;
  /** The values before smoothing, drawn faint behind `y`. */
  raw?: Array<number | null>;
  dashed?: boolean;
}

export interface ChartAxis {
  label: string;
  /** A tick label, given the spacing of the ticks. */
  tick: (value: number, spacing: number) => string;
  /** A value in the legend. */
  value: (value: number) => string;
  /** Ticks at whole numbers only (steps, epochs). */
  whole?: boolean;
  /** The values cannot leave these bounds (accuracy: 0 to 100). */
  bounds?: [number, number];
}

/** A vertical line where a run resumed. */
export interface ChartMarker {
  runId: string;
  x: number;
  color: string;
  text: string;
}

export interface ChartSpec {
  lines: ChartLine[];
  x: ChartAxis;
  y: ChartAxis;
  /** Charts with the same key move their cursors together. */
  syncKey: string;
  /** Draw every point (few of them, as one per epoch), not only the lines. */
  points?: boolean;
  markers?: ChartMarker[];
}

const HEIGHT = 220;
const FONT_SIZE = 11;
/** Length of the tick marks, and the gap between them and their labels (CSS pixels). */
const TICK_SIZE = 4;
const TICK_GAP = 4;
/** Tick spacings of axes with whole-number ticks: 1, 2, 5, 10, 20, 50, ... */
const WHOLE_INCREMENTS = Array.from({ length: 13 }, (_, power) =>
  [1, 2, 5].map((m) => m * 10 ** power),
).flat();

/** One chart; render() redraws it, rebuilding the uPlot instance only when its lines or axes change. */
export class LineChart {
  private plot: uPlot | undefined;
  private structure = '';
  private spec: ChartSpec | undefined;
  private readonly entries = new Map<string, { row: HTMLElement; value: HTMLElement }>();
  /** The tick labels each axis drew last, published as data attributes for tests and screen readers. */
  private readonly drawnTicks: string[][] = [[], []];

  constructor(
    private readonly card: HTMLElement,
    private readonly legend: HTMLElement,
    private readonly area: HTMLElement,
    private readonly empty: HTMLElement,
  ) {
    new ResizeObserver(() => this.plot?.setSize(this.size())).observe(area);
  }

  render(spec: ChartSpec): void {
    this.spec = spec;
    const hasData = spec.lines.some((line) => line.y.some((value) => value !== null));
    this.empty.hidden = hasData;
    this.area.hidden = !hasData;
    this.legend.hidden = !hasData;
    if (!hasData) {
      this.destroy();
      return;
    }
    const data = joinLines(spec.lines);
    const structure = JSON.stringify([
      spec.lines.map((line) => [line.id, line.label, line.color, line.dashed, line.raw !== undefined]),
      spec.x.label,
      spec.y.label,
      spec.syncKey,
      spec.points,
      themeKey(),
    ]);
    if (this.plot && structure === this.structure) {
      this.plot.setData(data);
    } else {
      this.destroy();
      this.structure = structure;
      this.buildLegend(spec.lines);
      this.plot = new uPlot(this.options(spec), data, this.area);
    }
    this.showValues(this.plot.cursor.idx ?? null);
  }

  private destroy(): void {
    this.plot?.destroy();
    this.plot = undefined;
    this.structure = '';
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(280, this.area.clientWidth), height: HEIGHT };
  }

  private options(spec: ChartSpec): uPlot.Options {
    const theme = themeColors();
    const font = `${FONT_SIZE}px ${theme.fontFamily}`;
    const axis = (chartAxis: ChartAxis, index: 0 | 1): uPlot.Axis => ({
      label: chartAxis.label,
      labelFont: font,
      labelSize: FONT_SIZE + 8,
      labelGap: 2,
      font,
      stroke: theme.foreground,
      grid: { stroke: theme.grid, width: 1 },
      ticks: { stroke: theme.grid, width: 1, size: TICK_SIZE },
      gap: TICK_GAP,
      incrs: chartAxis.whole ? WHOLE_INCREMENTS : undefined,
      space: index === 0 ? 60 : 32,
      values: (_plot, splits, _axisIndex, _space, spacing) => {
        const labels = splits.map((value) => chartAxis.tick(value, spacing));
        this.drawnTicks[index] = labels;
        return labels;
      },
      // as wide as the longest tick label (never clipped), or as high as one line of them
      size: (_plot, values) =>
        TICK_SIZE + TICK_GAP + (index === 1 ? tickWidth(values ?? [], font) + 6 : FONT_SIZE + 8),
    });
    // a line of one or two points is hard to see: its points are drawn (every chart's, with `points`)
    const showPoints = (plot: uPlot, seriesIndex: number) =>
      this.spec?.points === true || valueCount(plot.data[seriesIndex]) <= 2;
    return {
      ...this.size(),
      padding: [10, 18, 0, 0],
      legend: { show: false },
      cursor: { sync: { key: spec.syncKey, setSeries: false }, drag: { x: true, y: false } },
      scales: {
        x: { time: false, range: (_plot, min, max) => paddedRange(min, max, spec.x, spec.points ? 0.04 : 0) },
        y: { range: (_plot, min, max) => paddedRange(min, max, spec.y, 0.06) },
      },
      axes: [axis(spec.x, 0), axis(spec.y, 1)],
      series: [
        { label: spec.x.label },
        ...spec.lines
          .filter((line) => line.raw)
          .map((line) => ({
            label: `${line.label} (raw)`,
            stroke: faint(line.color),
            width: 1,
            points: { show: false },
          })),
        ...spec.lines.map((line) => ({
          label: line.label,
          stroke: line.color,
          width: 2,
          dash: line.dashed ? [6, 4] : undefined,
          points: { show: showPoints, size: 6, fill: line.color },
        })),
      ],
      hooks: {
        setCursor: [(plot) => this.showValues(plot.cursor.idx ?? null)],
        draw: [(plot) => this.afterDraw(plot)],
      },
    };
  }

  private buildLegend(lines: ChartLine[]): void {
    this.entries.clear();
    const xValue = document.createElement('span');
    xValue.className = 'legend-x';
    const rows = lines.map((line) => {
      const row = document.createElement('span');
      row.className = 'legend-entry';
      const swatch = document.createElement('span');
      swatch.className = line.dashed ? 'swatch dashed' : 'swatch';
      swatch.style.borderColor = line.color;
      const label = document.createElement('span');
      label.dataset.legend = line.id;
      label.textContent = line.label;
      label.title = line.label;
      const value = document.createElement('span');
      value.className = 'legend-value';
      row.append(swatch, label, value);
      this.entries.set(line.id, { row, value });
      return row;
    });
    this.legend.replaceChildren(xValue, ...rows);
  }

  /**
   * Writes each line's value at data index `index` (the cursor), or its last value when the cursor is off the
   * chart; with several lines under the cursor, the entries are sorted by value, highest first.
   */
  private showValues(index: number | null): void {
    const spec = this.spec;
    const plot = this.plot;
    if (!spec || !plot) return;
    const xs = plot.data[0];
    const xLabel = this.legend.querySelector('.legend-x');
    if (xLabel) {
      xLabel.textContent =
        index === null || xs[index] === undefined ? '' : `${spec.x.label} ${spec.x.value(xs[index])}`;
    }
    const columns = dataColumns(spec.lines);
    const shown = spec.lines.map((line, lineIndex) => {
      const { main, raw } = columns[lineIndex];
      const at = index === null ? lastIndex(plot.data[main]) : nearestIndex(plot.data[main], index);
      const value = at === null ? null : (plot.data[main][at] ?? null);
      const rawValue = at === null || raw === undefined ? null : (plot.data[raw][at] ?? null);
      return { id: line.id, value, rawValue };
    });
    for (const { id, value, rawValue } of shown) {
      const entry = this.entries.get(id);
      if (!entry) continue;
      let text = value === null ? '' : spec.y.value(value);
      if (value !== null && rawValue !== null && rawValue !== value)
        text += ` (raw ${spec.y.value(rawValue)})`;
      entry.value.textContent = text;
    }
    const sortByValue = index !== null && shown.length > 1;
    const order = sortByValue
      ? [...shown].sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity))
      : shown;
    this.orderEntries(order.map(({ id }) => id));
  }

  private orderEntries(ids: string[]): void {
    const rows = ids.flatMap((id) => this.entries.get(id)?.row ?? []);
    const current = Array.from(this.legend.querySelectorAll('.legend-entry'));
    if (rows.every((row, i) => current[i] === row)) return;
    this.legend.append(...rows);
  }

  /** Places the resume markers and publishes the drawn ticks. */
  private afterDraw(plot: uPlot): void {
    for (const old of Array.from(plot.over.querySelectorAll('.resume-marker'))) old.remove();
    const width = plot.over.clientWidth;
    for (const marker of this.spec?.markers ?? []) {
      const left = plot.valToPos(marker.x, 'x');
      if (!(left >= 0 && left <= width)) continue;
      const line = document.createElement('div');
      line.className = 'resume-marker';
      line.dataset.resume = marker.runId;
      line.style.left = `${left}px`;
      line.style.borderColor = marker.color;
      const text = document.createElement('span');
      text.textContent = marker.text;
      line.append(text);
      plot.over.append(line);
    }
    this.card.dataset.xTicks = this.drawnTicks[0].join(' ');
    this.card.dataset.yTicks = this.drawnTicks[1].join(' ');
    this.card.dataset.yLabel = this.spec?.y.label ?? '';
    this.card.dataset.xLabel = this.spec?.x.label ?? '';
  }
}

/** Where each line's values and raw values are in the joined data (joinLines' order). */
function dataColumns(lines: ChartLine[]): Array<{ main: number; raw?: number }> {
  let raws = 0;
  const rawColumns = lines.map((line) => (line.raw ? 1 + raws++ : undefined));
  return lines.map((_, i) => ({ main: 1 + raws + i, raw: rawColumns[i] }));
}

/** The lines' values on the union of their x values: raw columns first (drawn first, so behind), then the lines. */
function joinLines(lines: ChartLine[]): uPlot.AlignedData {
  const tables: uPlot.AlignedData[] = [
    ...lines.flatMap((line) => (line.raw ? [[line.x, line.raw] as uPlot.AlignedData] : [])),
    ...lines.map((line) => [line.x, line.y] as uPlot.AlignedData),
  ];
  return uPlot.join(tables);
}

/** The scale's range: the data with a margin, a unit wide around a single value, within the axis' bounds. */
function paddedRange(min: number, max: number, axis: ChartAxis, margin: number): uPlot.Range.MinMax {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  let [low, high] = [min, max];
  if (low === high) {
    const half = axis.whole ? 0.5 : Math.abs(low) * 0.1 || (axis.bounds ? 5 : 0.5);
    [low, high] = [low - half, high + half];
  } else {
    const pad = (high - low) * margin;
    [low, high] = [low - pad, high + pad];
  }
  if (axis.bounds) [low, high] = [Math.max(axis.bounds[0], low), Math.min(axis.bounds[1], high)];
  return [low, high];
}

type Column = uPlot.AlignedData[number];

function valueCount(column: Column): number {
  let count = 0;
  for (let i = 0; i < column.length; i++) if (column[i] !== null && column[i] !== undefined) count++;
  return count;
}

function lastIndex(column: Column): number | null {
  for (let i = column.length - 1; i >= 0; i--) if (column[i] !== null && column[i] !== undefined) return i;
  return null;
}

/** The index nearest to `index` where `column` has a value (lines of other runs have none at this run's x). */
function nearestIndex(column: Column, index: number): number | null {
  for (let distance = 0; distance < column.length; distance++) {
    for (const at of [index - distance, index + distance]) {
      if (at >= 0 && at < column.length && column[at] !== null && column[at] !== undefined) return at;
    }
  }
  return null;
}

const measure = document.createElement('canvas').getContext('2d');

/** The width in CSS pixels of the widest of `values` in `font`. */
function tickWidth(values: string[], font: string): number {
  if (!measure) return 8 * Math.max(0, ...values.map((value) => value.length));
  measure.font = font;
  return Math.ceil(Math.max(0, ...values.map((value) => measure.measureText(value).width)));
}

/** `color` at 30% opacity, for the raw line behind a smoothed one. */
function faint(color: string): string {
  if (!measure) return color;
  measure.fillStyle = color;
  const normalized = measure.fillStyle; // #rrggbb, or rgba(...) for colours with an alpha
  if (!normalized.startsWith('#')) return normalized.replace(/[\d.]+\)$/, '0.3)');
  const [r, g, b] = [1, 3, 5].map((at) => parseInt(normalized.slice(at, at + 2), 16));
  return `rgba(${r}, ${g}, ${b}, 0.3)`;
}

function themeColors(): { foreground: string; grid: string; fontFamily: string } {
  const style = getComputedStyle(document.body);
  return { foreground: style.color, grid: 'rgba(128, 128, 128, 0.25)', fontFamily: style.fontFamily };
}

/** Changes when the editor's theme does (VS Code sets the body's class). */
function themeKey(): string {
  return document.body.className;
}

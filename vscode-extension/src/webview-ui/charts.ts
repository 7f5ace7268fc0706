// The panel's uPlot charts: one chart per quantity, one line per run (runs are aligned on their x values).
import uPlot from 'uplot';

const COLORS = ['#3794ff', '#f14c4c', '#89d185', '#cca700', '#b180d7', '#4ec9b0', '#ce9178'];

export interface Line {
  label: string;
  x: number[];
  y: number[];
}

/** A chart that redraws its lines on update(); it is rebuilt when the number of lines changes. */
export class Chart {
  private plot?: uPlot;
  private lineCount = -1;

  constructor(
    private readonly container: HTMLElement,
    private readonly title: string,
    private readonly xLabel: string,
    private readonly log = false,
  ) {}

  update(lines: Line[]): void {
    const data = uPlot.join(lines.map((line) => [line.x, line.y] as uPlot.AlignedData));
    if (this.plot && this.lineCount === lines.length) {
      this.plot.setData(data);
      return;
    }
    this.plot?.destroy();
    this.lineCount = lines.length;
    this.plot = new uPlot(
      {
        title: this.title,
        width: Math.max(320, this.container.clientWidth),
        height: 220,
        scales: { x: { time: false }, y: this.log ? { distr: 3 } : {} },
        axes: [
          { label: this.xLabel, stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.2)' } },
          {
            stroke: 'currentColor',
            grid: { stroke: 'rgba(128,128,128,0.2)' },
            size: 60,
            // log scales pass null for the ticks they leave unlabelled
            values: (_plot, ticks) =>
              ticks.map((tick) => (tick === null ? '' : String(Number(Number(tick).toPrecision(3))))),
          },
        ],
        series: [
          { label: this.xLabel },
          ...lines.map((line, i) => ({
            label: line.label,
            stroke: COLORS[i % COLORS.length],
            width: 2,
            spanGaps: true,
            points: { show: line.x.length < 30 },
          })),
        ],
      },
      data,
      this.container,
    );
  }

  /** The number of points of the first line (for tests and the summary line). */
  pointCount(): number {
    const values: ArrayLike<number | null | undefined> = this.plot?.data[1] ?? [];
    return Array.from(values).filter((value) => value !== null && value !== undefined).length;
  }
}

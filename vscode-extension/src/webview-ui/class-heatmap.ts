// The run panel's per-class heat map: a row per class (numeric order), a column per evaluated epoch, coloured by accuracy.
import type { ClassGrid } from '../../../framework/src/reporting/run-series';
import { formatPercent } from './format';

/** The colour scale (viridis), from 0% to 100%. */
const SCALE = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];
/** Cells of a class without examples in an epoch are hatched with this colour. */
const HATCH = 'rgba(128, 128, 128, 0.5)';
const FONT_SIZE = 11;
const MARGIN = { top: 4, right: 6, bottom: FONT_SIZE + 8 };

/** Draws a ClassGrid on a canvas; hovering a cell writes it out, clicking one picks its epoch. */
export class ClassHeatmap {
  private grid: ClassGrid | undefined;
  private selectedEpoch: number | undefined;
  private layout = { left: 0, cellWidth: 0, rowHeight: 0 };

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly readout: HTMLElement,
    private readonly pickEpoch: (epoch: number) => void,
  ) {
    new ResizeObserver(() => this.draw()).observe(canvas.parentElement ?? canvas);
    canvas.addEventListener('mousemove', (event) => this.hover(event));
    canvas.addEventListener('mouseleave', () => this.hover(undefined));
    canvas.addEventListener('click', (event) => {
      const cell = this.cellAt(event);
      if (cell && this.grid) this.pickEpoch(this.grid.epochs[cell.column]);
    });
  }

  render(grid: ClassGrid, selectedEpoch: number | undefined): void {
    this.grid = grid;
    this.selectedEpoch = selectedEpoch;
    this.canvas.dataset.classes = grid.classes.join(' ');
    this.canvas.dataset.epochs = grid.epochs.join(' ');
    this.canvas.setAttribute(
      'aria-label',
      `Per-class accuracy heat map: ${grid.classes.length} classes by ${grid.epochs.length} epochs`,
    );
    this.hover(undefined);
    this.draw();
  }

  private draw(): void {
    const grid = this.grid;
    const context = this.canvas.getContext('2d');
    if (!grid || !context) return;
    const style = getComputedStyle(document.body);
    const font = `${FONT_SIZE}px ${style.fontFamily}`;
    context.font = font;
    const labelWidth = Math.max(0, ...grid.classes.map((name) => context.measureText(name).width));
    const left = Math.ceil(labelWidth) + 8;
    const width = Math.max(200, this.canvas.parentElement?.clientWidth ?? 300);
    const cellWidth = Math.min(120, (width - left - MARGIN.right) / Math.max(1, grid.epochs.length));
    const rowHeight = Math.max(5, Math.min(16, Math.floor(260 / Math.max(1, grid.classes.length))));
    const height = MARGIN.top + rowHeight * grid.classes.length + MARGIN.bottom;
    this.layout = { left, cellWidth, rowHeight };

    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    context.font = font;
    context.fillStyle = style.color;
    context.textBaseline = 'middle';
    const noExamples = hatch(context);

    const labelEvery = Math.ceil((FONT_SIZE + 2) / rowHeight);
    grid.classes.forEach((name, row) => {
      const y = MARGIN.top + row * rowHeight;
      if (row % labelEvery === 0) {
        context.textAlign = 'right';
        context.fillStyle = style.color;
        context.fillText(name, left - 6, y + rowHeight / 2);
      }
      grid.accuracy[row].forEach((accuracy, column) => {
        context.fillStyle = accuracy === null ? noExamples : scaleColor(accuracy / 100);
        context.fillRect(
          left + column * cellWidth,
          y,
          Math.max(1, cellWidth - 1),
          Math.max(1, rowHeight - 1),
        );
      });
    });

    const epochEvery = Math.ceil(28 / cellWidth);
    const bottom = MARGIN.top + rowHeight * grid.classes.length;
    context.textAlign = 'center';
    context.textBaseline = 'top';
    context.fillStyle = style.color;
    grid.epochs.forEach((epoch, column) => {
      if (column % epochEvery === 0)
        context.fillText(String(epoch), left + (column + 0.5) * cellWidth, bottom + 4);
    });
    const selected = this.selectedEpoch === undefined ? -1 : grid.epochs.indexOf(this.selectedEpoch);
    if (selected !== -1) {
      context.strokeStyle = style.color;
      context.lineWidth = 1.5;
      context.strokeRect(
        left + selected * cellWidth + 0.75,
        MARGIN.top,
        cellWidth - 2.5,
        bottom - MARGIN.top,
      );
    }
  }

  private cellAt(event: MouseEvent): { row: number; column: number } | undefined {
    const grid = this.grid;
    if (!grid) return undefined;
    const bounds = this.canvas.getBoundingClientRect();
    const { left, cellWidth, rowHeight } = this.layout;
    const column = Math.floor((event.clientX - bounds.left - left) / cellWidth);
    const row = Math.floor((event.clientY - bounds.top - MARGIN.top) / rowHeight);
    const inside = column >= 0 && column < grid.epochs.length && row >= 0 && row < grid.classes.length;
    return inside ? { row, column } : undefined;
  }

  private hover(event: MouseEvent | undefined): void {
    const cell = event && this.cellAt(event);
    if (!cell || !this.grid) {
      this.readout.textContent = 'Hover a cell for its accuracy; click it to show that epoch above.';
      return;
    }
    const accuracy = this.grid.accuracy[cell.row][cell.column];
    this.readout.textContent =
      `class ${this.grid.classes[cell.row]}, epoch ${this.grid.epochs[cell.column]}: ` +
      (accuracy === null ? 'no examples' : formatPercent(accuracy));
  }
}

/** A diagonal hatch, for cells without examples. */
function hatch(context: CanvasRenderingContext2D): CanvasPattern | string {
  const tile = document.createElement('canvas');
  tile.width = tile.height = 5;
  const tileContext = tile.getContext('2d');
  if (!tileContext) return HATCH;
  tileContext.strokeStyle = HATCH;
  tileContext.beginPath();
  tileContext.moveTo(0, 5);
  tileContext.lineTo(5, 0);
  tileContext.stroke();
  return context.createPattern(tile, 'repeat') ?? HATCH;
}

/** The colour of `fraction` (0 to 1) on SCALE, interpolated between its stops. */
function scaleColor(fraction: number): string {
  const position = Math.max(0, Math.min(1, fraction)) * (SCALE.length - 1);
  const low = Math.floor(position);
  const high = Math.min(SCALE.length - 1, low + 1);
  const [from, to] = [rgb(SCALE[low]), rgb(SCALE[high])];
  const mix = from.map((channel, i) => Math.round(channel + (to[i] - channel) * (position - low)));
  return `rgb(${mix.join(', ')})`;
}

function rgb(hex: string): number[] {
  return [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
}

// Draws a Vega-Lite figure without a browser: SVG by Vega's own renderer, PNG by resvg (a prebuilt SVG rasteriser),
// and a self-contained HTML page (Vega's code and the figure inlined, no network) that is interactive.
import * as fs from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { UsageError } from '../core/usage-error';

export const FIGURE_FORMATS = ['svg', 'png', 'html'] as const;
export type FigureFormat = (typeof FIGURE_FORMATS)[number];

/** PNGs are drawn at this many pixels per SVG unit: sharp in a paper or on a screen. */
const PNG_SCALE = 2;

/** The format a file name asks for, from its extension. */
export function formatOf(file: string): FigureFormat {
  const extension = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  if ((FIGURE_FORMATS as readonly string[]).includes(extension)) return extension as FigureFormat;
  throw new UsageError(`--out ${file}: write the figure to a .svg, .png or .html file`);
}

export async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function renderFigure(spec: TopLevelSpec, format: FigureFormat): Promise<Buffer> {
  if (format === 'html') return Buffer.from(htmlPage(spec));
  const svg = await toSvg(spec);
  if (format === 'svg') return Buffer.from(svg);
  const image = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: PNG_SCALE },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return image.render().asPng();
}

/** One HTML file: Vega's script and the compiled figure inline, drawn as SVG with tooltips, usable offline. */
function htmlPage(spec: TopLevelSpec): string {
  const vegaScript = fs.readFileSync(require.resolve('vega/build/vega.min.js'), 'utf8');
  const inline = (text: string) => text.replace(/<\/(script)/gi, '<\\/$1');
  const title = typeof spec.title === 'string' ? spec.title : 'int2int figure';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title.replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'))}</title>
<style>body { font-family: 'DejaVu Sans', Arial, sans-serif; margin: 24px; }</style>
<script>${inline(vegaScript)}</script>
</head>
<body>
<div id="figure"></div>
<script>
const spec = ${inline(JSON.stringify(compile(spec).spec))};
new vega.View(vega.parse(spec), { renderer: 'svg', container: '#figure', hover: true })
  .runAsync()
  .then(() => document.body.setAttribute('data-drawn', 'true'));
</script>
</body>
</html>
`;
}

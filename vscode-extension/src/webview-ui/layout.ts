// The run panel's page, built once: header and status, training charts with their controls, evaluation charts, per-class views, report, parameters.
import { LineChart } from './line-chart';
import { X_AXIS_KINDS, X_AXIS_NAMES } from './x-axis';

type Child = Node | string;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Pick<HTMLElement, 'id' | 'className' | 'title'>> & { hidden?: boolean } = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const result = document.createElement(tag);
  Object.assign(result, props);
  result.append(...children);
  return result;
}

function chartCard(id: string, title: string, emptyText: string): { card: HTMLElement; chart: LineChart } {
  const legend = el('div', { className: 'legend' });
  const area = el('div', { className: 'plot' });
  const empty = el('p', { className: 'empty' }, emptyText);
  const card = el('section', { id, className: 'card' }, el('h3', {}, title), legend, area, empty);
  return { card, chart: new LineChart(card, legend, area, empty) };
}

/** Replaces the page's body with the panel (the host page only loads the script and the style sheet). */
export function buildLayout() {
  const xAxis = el('select', { id: 'x-axis' });
  for (const kind of X_AXIS_KINDS) xAxis.append(new Option(X_AXIS_NAMES[kind], kind));
  const smoothing = el('input', { id: 'smoothing' });
  Object.assign(smoothing, { type: 'range', min: '0', max: '0.99', step: '0.01' });
  const smoothingValue = el('output', { id: 'smoothing-value' });
  const classEpoch = el('select', { id: 'class-epoch' });

  const loss = chartCard('chart-loss', 'Training loss', 'No training report yet.');
  const learningRate = chartCard('chart-lr', 'Learning rate', 'No training report yet.');
  const accuracy = chartCard('chart-accuracy', 'Validation accuracy', 'No evaluation yet.');
  const xeLoss = chartCard('chart-xe-loss', 'Validation cross-entropy loss', 'No evaluation yet.');

  const elements = {
    title: el('h2', { id: 'title' }),
    status: el('span', { id: 'run-status' }),
    trainingSummary: el('span', {}),
    evaluationSummary: el('span', { id: 'evaluated-checkpoint' }),
    lossPoints: el('span', { id: 'loss-points' }, '0'),
    lastLoss: el('span', { id: 'last-loss' }, '–'),
    warning: el('span', { id: 'warning' }),
    error: el('div', { id: 'run-error', hidden: true }),
    training: el('section', { id: 'training' }),
    evaluationCurves: el('section', { id: 'evaluation-curves' }),
    xAxis,
    smoothing,
    smoothingValue,
    classEpoch,
    classEpochChoice: el(
      'div',
      { className: 'toolbar' },
      el('label', {}, 'Evaluation of epoch ', classEpoch),
    ),
    classBars: el('div', { id: 'class-bars' }),
    heatmapCard: el('section', { id: 'class-heatmap-card', className: 'card' }),
    heatmap: el('canvas', { id: 'class-heatmap' }),
    heatmapReadout: el('p', { id: 'class-heatmap-readout', className: 'hint' }),
    classes: el('section', { id: 'classes' }),
    report: {
      heading: el('h3', { id: 'report-heading' }),
      metrics: el('table', { id: 'report-metrics', className: 'metrics' }),
      classes: el('details', { id: 'report-classes' }),
      mistakes: el('div', { id: 'report-mistakes' }),
    },
    params: {
      note: el('p', { id: 'params-note', className: 'hint' }),
      changed: el('table', { id: 'params-changed' }),
      others: el('details', { id: 'params-all' }),
    },
  };
  elements.trainingSummary.append(
    ' · loss points: ',
    elements.lossPoints,
    ' · last loss: ',
    elements.lastLoss,
  );
  elements.error.setAttribute('role', 'alert');
  elements.report.classes.open = true;
  elements.heatmap.setAttribute('role', 'img');

  elements.training.append(
    el(
      'div',
      { className: 'toolbar' },
      el('label', {}, 'X axis ', xAxis),
      el('label', {}, 'Smoothing ', smoothing, smoothingValue),
    ),
    el('div', { className: 'charts' }, loss.card, learningRate.card),
  );
  elements.evaluationCurves.append(el('div', { className: 'charts' }, accuracy.card, xeLoss.card));
  elements.heatmapCard.append(
    el('h3', {}, 'Per-class accuracy over epochs (main run)'),
    el('div', { className: 'heatmap-area' }, elements.heatmap),
    el(
      'div',
      { className: 'heat-scale' },
      el('span', {}, '0%'),
      el('span', { className: 'heat-gradient' }),
      el('span', {}, '100%'),
      el('span', { className: 'heat-none' }),
      el('span', {}, 'no examples'),
    ),
    elements.heatmapReadout,
  );
  const barsCard = el(
    'section',
    { className: 'card' },
    el('h3', {}, 'Per-class accuracy (%)'),
    elements.classBars,
  );
  elements.classes.append(
    elements.classEpochChoice,
    el('div', { className: 'charts' }, barsCard, elements.heatmapCard),
  );
  const { report, params } = elements;
  document.body.replaceChildren(
    el(
      'header',
      {},
      elements.title,
      el(
        'p',
        { className: 'summary' },
        elements.status,
        elements.trainingSummary,
        elements.evaluationSummary,
        ' ',
        elements.warning,
      ),
      elements.error,
    ),
    elements.training,
    elements.evaluationCurves,
    elements.classes,
    el(
      'div',
      { className: 'tables' },
      el('section', { id: 'report' }, report.heading, report.metrics, report.classes, report.mistakes),
      el('section', { id: 'params' }, el('h3', {}, 'Parameters'), params.note, params.changed, params.others),
    ),
  );
  return {
    ...elements,
    charts: {
      loss: loss.chart,
      learningRate: learningRate.chart,
      accuracy: accuracy.chart,
      xeLoss: xeLoss.chart,
    },
  };
}

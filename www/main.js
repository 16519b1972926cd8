// The first page: pick a preset, run it in wasm, show the verdict in words and the demand chart.
import init, { presets, Run } from './pkg/flywheel.js';

const $ = (id) => document.getElementById(id);
const dark = window.matchMedia('(prefers-color-scheme: dark)');
const percent = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`;
const si = (value) => {
  const x = Number(value.toPrecision(3)); // round first: 999,999.9 reads "1M", not "1000k"
  const units = [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  const [unit, suffix] = units.find(([u]) => Math.abs(x) >= u) ?? [1, ''];
  return `${Number((x / unit).toPrecision(3))}${suffix}`;
};

let current = null;

function showError(error) {
  $('status').textContent = `Something went wrong: ${error.message ?? error}`;
}

function draw() {
  if (!current) return;
  const canvas = $('demand-chart');
  canvas.width = Math.round(canvas.clientWidth);
  canvas.height = Math.round(canvas.clientWidth * (canvas.clientWidth < 520 ? 0.8 : 0.48));
  current.run.drawDemand(canvas, dark.matches);
}

function describe(report) {
  const { verdict, summary } = report;
  const gains = [...verdict.gains].sort((a, b) => b.gain_percent - a.gain_percent);
  const best = gains[0];
  $('verdict-headline').textContent = `Bottleneck: ${report.bottleneck}`;
  $('verdict-detail').textContent =
    `Relieving ${best.layer} by ${verdict.relief_percent.toFixed(0)}% adds ${percent(best.gain_percent)} ` +
    `paid requests over ${report.options.weeks} weeks. Served demand goes from ` +
    `${si(summary.served_per_week_start)} to ${si(summary.served_per_week_end)} requests a week; ` +
    `median loop gain ${summary.loop_gain_median.toFixed(2)}.`;
  $('gains').replaceChildren(...gains.map((g) => {
    const item = document.createElement('li');
    item.textContent = `${g.layer} ${percent(g.gain_percent)}`;
    if (g.layer === report.bottleneck) item.className = 'top';
    return item;
  }));
  $('demand-caption').textContent =
    `Requests per week wanted by users, sent to the network, served and paid, weeks 0 to ${report.options.weeks}. ` +
    `At the end users want ${si(report.series.layers[3].capacity.at(-1))}, ` +
    `${si(summary.served_per_week_end)} are served and ${si(summary.paid_per_week_end)} paid.`;
}

function choose(id, stories) {
  try {
    current?.run.free();
    const run = new Run(id, []);
    current = { run, report: run.toJSON() };
    $('story').textContent = stories.get(id);
    describe(current.report);
    draw();
    $('status').textContent = '';
  } catch (error) {
    showError(error);
  }
}

try {
  await init();
  const list = presets();
  const stories = new Map(list.map((p) => [p.id, p.story]));
  const select = $('preset');
  select.replaceChildren(...list.map((p) => new Option(p.title, p.id)));
  select.disabled = false;
  select.addEventListener('change', () => choose(select.value, stories));
  dark.addEventListener('change', draw);
  window.addEventListener('resize', draw);
  choose(select.value, stories);
} catch (error) {
  showError(error);
}

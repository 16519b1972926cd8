// The files a playground exports and opens: its run as CSV or JSON (the CLI's shapes), any chart
// as PNG (the canvas's own pixels, at the device's pixel ratio) or SVG (drawn again by the same
// Rust chart code through plotters' SVG backend), and the scenario file that the page and
// `flywheel run --scenario FILE` both open, and the model as XMILE 1.0 for other tools. The Rust side lives in the second wasm module
// (study-module.js), fetched the first time a file is asked for.
import { chartSvg, readScenarioFile, runFile, scenarioFile, xmileFile } from './pkg/flywheel_study.js';
import { studyModule } from './study-module.js';

/** The kinds of file, with the words a menu uses. */
export const KINDS = {
  scenario: 'Scenario file (.json)',
  csv: 'Run as CSV',
  json: 'Run as JSON',
  png: 'PNG',
  svg: 'SVG',
  xmile: 'XMILE, to open in another tool',
};
/** The charts of a run, and those of the Uncertainty view (each as its canvas is named). */
export const RUN_CHARTS = ['loop', 'demand', 'funnel', 'bottlenecks'];
export const FUTURES_CHARTS = ['odds', 'fan', 'tornado'];
/** The largest scenario file opened, as the Rust reader bounds it (checked here before reading it). */
const MAX_FILE_BYTES = 65536;
/** An SVG's side, as `flywheel chart` bounds it. */
const SIDES = [120, 4000];

const CSV = 'text/csv;charset=utf-8';
const JSON_TYPE = 'application/json';

/**
 * The file `kind` of `playground`: `{name, type, blob}`. `chart` names the chart of a PNG or
 * SVG. Rejects with an Error naming what cannot be made; nothing on the page changes.
 */
export async function fileOf(playground, kind, { chart } = {}) {
  if (!Object.hasOwn(KINDS, kind)) {
    throw new Error(`unknown file \`${String(kind).slice(0, 40)}\` (files: ${Object.keys(KINDS).join(', ')})`);
  }
  const stem = `flywheel-${playground.preset}`;
  if (kind === 'png') {
    const canvas = canvasOf(playground, chart);
    const blob = await new Promise((done) => canvas.toBlob(done, 'image/png'));
    if (!blob) throw new Error(`the ${chart} chart could not be saved as PNG`);
    return { name: `${stem}-${chart}-week${playground.week}.png`, type: 'image/png', blob };
  }
  await studyModule(playground.options.wasm);
  playground.flush();
  const { preset, goal } = playground;
  const settings = playground.settings();
  const dark = playground.isDark();
  // A pinned baseline goes with the run and its charts, as the page shows them.
  const baseline = playground.run.pinned;
  const a = baseline ? [baseline.preset, baseline.settings, baseline.goal] : [];
  let text;
  let name;
  let type;
  if (kind === 'svg') {
    const canvas = canvasOf(playground, chart);
    const side = (n) => Math.max(SIDES[0], Math.min(SIDES[1], Math.round(n)));
    const [width, height] = [side(canvas.clientWidth), side(canvas.clientHeight)];
    text = FUTURES_CHARTS.includes(chart)
      ? playground.uncertainty.svg(chart, width, height, dark)
      : chartSvg(chart, preset, settings, goal, playground.week, width, height, dark, ...a);
    name = `${stem}-${chart}-week${playground.week}.svg`;
    type = 'image/svg+xml';
  } else if (kind === 'xmile') {
    text = xmileFile(preset, settings, goal);
    name = `${stem}.xmile`;
    type = 'application/xml';
  } else if (kind === 'scenario') {
    const futures = playground.uncertainty?.filePart() ?? [];
    text = scenarioFile(preset, settings, goal, ...futures);
    name = `${stem}.scenario.json`;
    type = JSON_TYPE;
  } else {
    text = runFile(kind, preset, settings, goal, ...a);
    name = `${stem}${baseline ? '-compared' : ''}.${kind}`;
    type = kind === 'csv' ? CSV : JSON_TYPE;
  }
  return { name, type, blob: new Blob([text], { type }) };
}

/** The canvas of `chart`, or an Error naming the charts this playground shows. */
function canvasOf(playground, chart) {
  const futures = FUTURES_CHARTS.includes(chart);
  const canvas = futures
    ? (playground.uncertainty?.open ? playground.uncertainty.parts[`chart-${chart}`] : null)
    : playground.parts[`chart-${chart}`];
  if (!canvas) {
    const shown = [...RUN_CHARTS.filter((c) => playground.parts[`chart-${c}`]),
      ...(playground.uncertainty?.open ? FUTURES_CHARTS : [])];
    throw new Error(`this playground does not show a chart \`${String(chart).slice(0, 40)}\`${futures ? ' (the Uncertainty view is closed)' : ''} (charts shown: ${shown.join(', ') || 'none'})`);
  }
  return canvas;
}

/** Saves `file` ({name, blob}) as a download. */
export function save(file) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(file.blob);
  link.download = file.name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60000);
}

/**
 * Reads a scenario file's text (or a File or Blob) for `playground`: `{preset, settings, goal,
 * futures, unused}` (see readScenarioFile in the study module). Rejects with an Error naming
 * what is wrong; reading changes nothing.
 */
export async function readScenario(playground, source) {
  let text = source;
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    if (source.size > MAX_FILE_BYTES) {
      throw new Error(`this scenario file cannot be read: it is ${source.size} bytes, more than the ${MAX_FILE_BYTES} a scenario file can be`);
    }
    const bytes = new Uint8Array(await source.arrayBuffer());
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new Error('this scenario file cannot be read: it is not UTF-8 text');
    }
  }
  if (typeof text !== 'string') throw new Error('a scenario file is text, a File or a Blob');
  await studyModule(playground.options.wasm);
  return readScenarioFile(text);
}

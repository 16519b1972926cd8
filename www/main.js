// The playground: sliders per layer drive the wasm model; every change re-runs it and repaints
// the four charts in the same task, and the state lives in the URL hash.
import init, {
  layers, params, parseLink, presets, presetValues, Run, sliderPosition, sliderValue, valueText,
} from './pkg/flywheel.js';

const $ = (id) => document.getElementById(id);
const dark = matchMedia('(prefers-color-scheme: dark)');
const LAYERS = ['compute', 'models', 'applications', 'users', 'payments', 'incentives', 'verification', 'trust'];
const SUPPLY = new Set(['compute', 'models', 'applications', 'users']);
const sliderId = (param) => `p-${param.replace('.', '-')}`;
/** Weeks of simulated time per second of play, and turns of the loop's dots per second. */
const PLAY_WEEKS_PER_SECOND = 20;
const DOTS_PER_SECOND = 0.6;

const state = {
  run: null,
  specs: [],
  presets: [],
  preset: '',
  /** Parameter id -> value now, and the preset's own values. */
  values: new Map(),
  base: new Map(),
  week: 0,
  phase: 0,
  playing: false,
  paints: 0,
};

function showError(error) {
  $('status').textContent = `Something went wrong: ${error?.message ?? error}`;
}

function clearError() {
  $('status').textContent = '';
}

// ---- Building the controls -------------------------------------------------------------

function layerTitle(layer) {
  return layer[0].toUpperCase() + layer.slice(1);
}

function buildControls(specs, units) {
  for (const layer of LAYERS) {
    const fieldset = document.createElement('fieldset');
    fieldset.dataset.layer = layer;
    fieldset.style.setProperty('--layer', `var(--${layer})`);
    const legend = document.createElement('legend');
    const name = document.createElement('span');
    name.textContent = layerTitle(layer);
    const unit = document.createElement('span');
    unit.className = 'unit';
    unit.textContent = units[layer];
    const reset = document.createElement('button');
    reset.type = 'button';
    reset.className = 'reset';
    reset.dataset.resetLayer = layer;
    reset.textContent = 'Reset';
    reset.setAttribute('aria-label', `Reset ${layer} to the scenario's values`);
    legend.append(name, unit, reset);
    fieldset.append(legend);
    for (const spec of specs.filter((s) => s.layer === layer)) fieldset.append(buildSlider(spec));
    $(SUPPLY.has(layer) ? 'controls-supply' : 'controls-demand').append(fieldset);
  }
}

function buildSlider(spec) {
  const id = sliderId(spec.id);
  const row = document.createElement('div');
  row.className = 'param';
  const top = document.createElement('div');
  top.className = 'row';
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = spec.label;
  const output = document.createElement('output');
  output.htmlFor = id;
  output.id = `o-${id.slice(2)}`;
  const unit = document.createElement('span');
  unit.className = 'unit';
  unit.textContent = spec.unit;
  top.append(label, output, unit);
  const input = document.createElement('input');
  Object.assign(input, { type: 'range', id, name: spec.id, min: '0', max: String(spec.positions), step: '1' });
  input.setAttribute('aria-describedby', `h-${id.slice(2)}`);
  const help = document.createElement('p');
  help.className = 'help';
  help.id = `h-${id.slice(2)}`;
  help.textContent = `${spec.meaning} Range ${valueText(spec.min)} to ${valueText(spec.max)}.`;
  row.append(top, input, help);
  return row;
}

/** Puts a parameter's value on its slider and in its output. */
function showValue(spec) {
  const id = sliderId(spec.id);
  const value = state.values.get(spec.id);
  const input = $(id);
  input.value = String(sliderPosition(spec.id, value));
  const text = valueText(value);
  input.setAttribute('aria-valuetext', `${text} ${spec.unit}`);
  input.closest('.param').querySelector('output').textContent = text;
}

// ---- Running and painting ---------------------------------------------------------------

function settings() {
  const changed = [];
  for (const [id, value] of state.values) {
    if (value !== state.base.get(id)) changed.push(`${id}=${value}`);
  }
  return changed;
}

/** Re-runs the model for the current preset and values; on an error the last run stays. */
function rerun() {
  try {
    state.run.update(state.preset, settings());
    clearError();
  } catch (error) {
    showError(error);
  }
}

const CHARTS = ['chart-loop', 'chart-demand', 'chart-funnel', 'chart-bottlenecks'];

/**
 * Keeps each canvas's bitmap at its CSS box in device pixels. The sizes come from a
 * ResizeObserver, so painting never asks for layout in the middle of an input.
 */
function watchSizes() {
  const observer = new ResizeObserver((entries) => {
    let resized = false;
    for (const entry of entries) {
      const canvas = entry.target;
      const box = entry.devicePixelContentBoxSize?.[0];
      const ratio = devicePixelRatio || 1;
      const width = Math.max(1, Math.round(box ? box.inlineSize : entry.contentRect.width * ratio));
      const height = Math.max(1, Math.round(box ? box.blockSize : entry.contentRect.height * ratio));
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
        resized = true;
      }
    }
    if (resized && state.run) paint();
  });
  for (const id of CHARTS) {
    const canvas = $(id);
    // Opaque canvases (every chart paints its own background) composite without blending.
    canvas.getContext('2d', { alpha: false });
    observer.observe(canvas, { box: 'device-pixel-content-box' });
  }
}

function setVerdictText(panel) {
  const verdict = $('verdict');
  const headline = document.createElement('p');
  headline.className = 'headline';
  const layer = document.createElement('strong');
  layer.textContent = panel.bottleneck;
  headline.append('Bottleneck: ', layer, '.');
  verdict.style.setProperty('--bottleneck', `var(--${panel.bottleneck})`);
  const detail = document.createElement('p');
  detail.textContent = panel.detail;
  const relief = document.createElement('p');
  relief.className = 'relief';
  relief.textContent = panel.relief;
  // Spaces between the paragraphs keep the text one readable sentence run for a screen reader.
  verdict.replaceChildren(headline, ' ', detail, ' ', relief);
}

/** Draws every chart for the current run and week; the words follow just after the frame. */
function paint() {
  const { run, week } = state;
  const isDark = dark.matches;
  try {
    run.drawLoop($('chart-loop'), week, state.phase, isDark);
    run.drawDemand($('chart-demand'), week, isDark);
    run.drawFunnel($('chart-funnel'), week, isDark);
    run.drawBottlenecks($('chart-bottlenecks'), week, isDark);
    $('week-out').textContent = String(week);
  } catch (error) {
    showError(error);
  }
  state.paints += 1;
  document.documentElement.dataset.paints = String(state.paints);
  scheduleWords();
}

let wordsPending = false;
/**
 * Updates the verdict, the loop gain and the charts' text alternatives in the task after the
 * next frame, so that laying out the text does not hold up the charts' pixels (a frame later
 * is 16 ms; the live region announces the settled verdict).
 */
function scheduleWords() {
  if (wordsPending) return;
  wordsPending = true;
  requestAnimationFrame(() => setTimeout(() => {
    wordsPending = false;
    writeWords();
  }));
}

function writeWords() {
  const { run, week } = state;
  try {
    const panel = run.panel(week);
    if ($('verdict').dataset.text !== panel.text) {
      $('verdict').dataset.text = panel.text;
      setVerdictText(panel);
    }
    $('loop-gain').textContent = panel.loop_gain.toFixed(2);
    $('loop-gain-note').textContent = `at week ${week}; median over the run ${panel.loop_gain_median.toFixed(2)}`;
    const captions = run.captions(week);
    $('cap-demand').textContent = captions.demand;
    $('cap-funnel').textContent = captions.funnel;
    $('cap-loop').textContent = captions.loop;
    $('cap-bottlenecks').textContent = captions.bottlenecks;
  } catch (error) {
    showError(error);
  }
}

// ---- The link -------------------------------------------------------------------------

let linkTimer = 0;
/** After a pause in changes, records the state in the URL as a new history entry. */
function scheduleLink() {
  clearTimeout(linkTimer);
  linkTimer = setTimeout(writeLink, 250);
}

function currentHash() {
  const week = state.week === state.run.weeks ? undefined : state.week;
  return `#${state.run.link(week)}`;
}

function writeLink() {
  if (state.playing) return;
  const hash = currentHash();
  if (hash !== location.hash) history.pushState(null, '', hash);
}

function showNotice(problems) {
  const notice = $('notice');
  if (!problems.length) {
    notice.hidden = true;
    $('notice-text').textContent = '';
    return;
  }
  $('notice-text').textContent =
    `Part of this link could not be used, so defaults stand in for it: ${problems.join('; ')}.`;
  notice.hidden = false;
}

/** Shows the state a hash describes, naming whatever in it could not be used. */
function applyHash(hash) {
  const { link, problems } = parseLink(hash, state.run.weeks);
  choosePreset(link.preset, { keepWeek: true });
  for (const [id, value] of link.settings) state.values.set(id, value);
  state.week = link.week ?? state.run.weeks;
  syncControls();
  rerun();
  paint();
  showNotice(problems);
}

// ---- Changes --------------------------------------------------------------------------

function choosePreset(id, { keepWeek = false } = {}) {
  state.preset = id;
  state.base = new Map(presetValues(id));
  state.values = new Map(state.base);
  $('preset').value = id;
  const preset = state.presets.find((p) => p.id === id);
  $('story').textContent = preset?.story ?? '';
  if (!keepWeek) state.week = Math.min(state.week, state.run.weeks);
}

function syncControls() {
  for (const spec of state.specs) showValue(spec);
  $('week').max = String(state.run.weeks);
  $('week').value = String(state.week);
}

function changed() {
  rerun();
  paint();
  scheduleLink();
}

function onSlider(event) {
  const input = event.target;
  const spec = state.specs.find((s) => s.id === input.name);
  if (!spec) return;
  state.values.set(spec.id, sliderValue(spec.id, Number(input.value)));
  showValue(spec);
  changed();
}

function resetLayer(layer) {
  for (const spec of state.specs) {
    if (layer === null || spec.layer === layer) state.values.set(spec.id, state.base.get(spec.id));
  }
  syncControls();
  changed();
}

function setWeek(week) {
  state.week = Math.max(0, Math.min(state.run.weeks, Math.round(week)));
  $('week').value = String(state.week);
  paint();
}

// ---- Play -----------------------------------------------------------------------------

let lastFrame = 0;
let simulated = 0;
function frame(time) {
  if (!state.playing) return;
  const seconds = lastFrame ? Math.min(0.1, (time - lastFrame) / 1000) : 0;
  lastFrame = time;
  simulated += seconds * PLAY_WEEKS_PER_SECOND;
  state.phase = (state.phase + seconds * DOTS_PER_SECOND) % 1;
  if (simulated >= state.run.weeks) {
    setPlaying(false);
    simulated = state.run.weeks;
  }
  state.week = Math.floor(simulated);
  $('week').value = String(state.week);
  paint();
  if (state.playing) requestAnimationFrame(frame);
}

function setPlaying(playing) {
  state.playing = playing;
  $('play').setAttribute('aria-pressed', String(playing));
  $('play-label').textContent = playing ? 'Pause' : 'Play';
  if (playing) {
    if (state.week >= state.run.weeks) state.week = 0;
    simulated = state.week;
    lastFrame = 0;
    requestAnimationFrame(frame);
  } else {
    scheduleLink();
  }
}

// ---- Start ----------------------------------------------------------------------------

async function start() {
  await init();
  state.specs = params();
  state.presets = presets();
  const units = Object.fromEntries(layers().map((u) => [u.layer, u.stock]));
  state.run = new Run(state.presets[0].id, []);
  buildControls(state.specs, units);

  const select = $('preset');
  select.replaceChildren(...state.presets.map((p) => new Option(p.title, p.id)));
  select.disabled = false;
  state.week = state.run.weeks;

  select.addEventListener('change', () => {
    choosePreset(select.value);
    syncControls();
    changed();
  });
  document.querySelector('.stage').addEventListener('input', (event) => {
    if (event.target.matches('input[type=range][name]')) onSlider(event);
  });
  document.querySelector('.stage').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-reset-layer]');
    if (button) resetLayer(button.dataset.resetLayer);
  });
  $('reset-all').addEventListener('click', () => resetLayer(null));
  $('week').addEventListener('input', () => {
    if (state.playing) setPlaying(false);
    setWeek(Number($('week').value));
    scheduleLink();
  });
  $('play').addEventListener('click', () => setPlaying(!state.playing));
  $('notice-close').addEventListener('click', () => showNotice([]));
  window.addEventListener('popstate', () => applyHash(location.hash));
  window.addEventListener('hashchange', () => {
    if (location.hash !== currentHash()) applyHash(location.hash);
  });
  dark.addEventListener('change', paint);
  for (const id of CHARTS) {
    const canvas = $(id);
    canvas.width = Math.max(1, Math.round(canvas.clientWidth * devicePixelRatio));
    canvas.height = Math.max(1, Math.round(canvas.clientHeight * devicePixelRatio));
  }
  watchSizes();

  applyHash(location.hash);
}

window.flywheel = {
  ready: start().catch((error) => {
    showError(error);
    throw error;
  }),
};

// The Uncertainty view of a playground: how often each layer is the bottleneck across many
// futures (every parameter drawn from a range around its value), worked out by Web Workers
// (ensemble-worker.js) in batches while the sliders stay responsive. It shows the odds by year,
// a fan of a chosen metric, the tornado and the rules in words, and holds the futures' controls
// (how many, seed, spread, verdicts, each parameter's range). Loaded by playground.js only
// when a playground asks for it (option `uncertainty`).
import { futuresLink } from './pkg/flywheel.js';
import { Study } from './pkg/flywheel_study.js';
import { studyModule } from './study-module.js';
import { chartFoot, h, isolated, setText } from './playground.js';

/** The fan's metrics, with the words its menu uses. */
export const METRICS = {
  served_requests: 'served requests',
  paid_requests: 'paid requests',
  users: 'active users',
  pool: 'incentive pool',
  loop_gain: 'loop gain',
};
/**
 * What each future is judged on. Whole-run verdicts are the default: 1,000 futures with them
 * take about 0.7 s on two workers here, inside the 0.8 s budget; verdicts for each year too
 * take about three times as long (see README, "The Uncertainty view").
 */
const VERDICTS = {
  whole: 'the whole run',
  stages: 'the whole run and each year (about 3× slower)',
};
export const DEFAULTS = { runs: 1000, seed: 1, spread: 0.25, verdicts: 'whole' };
/** Runs each worker takes first, so the first odds show soon after a change. */
const FIRST_BATCH = 16;
/** The largest batch: each costs the page 4 to 7 ms to add (whatever its size), and a change
 * terminates the workers, so a large batch delays nothing; halving what is left keeps the tail short. */
const MOST_BATCH = 512;
/**
 * Quiet time after a change before the futures start again: short after a lone change, so the
 * first odds show within 150 ms; longer while changes keep coming (a drag, keys held or pressed
 * in a row), when futures would be thrown away at the next change and their workers would only
 * take the processor from the sliders.
 */
const RESTART_MS = 40;
const RESTART_BUSY_MS = 250;
/** Changes closer together than this are a reader still moving things. */
const BUSY_GAP_MS = 400;
/** The least time between two redraws while futures stream in: a redraw takes the page 10 to
 * 30 ms (more under load), so five a second leave most of the main thread to the sliders. */
const DRAW_GAP_MS = 200;
/**
 * After the week slider moves, the futures leave the processor and the main thread to it for
 * this long: no new batch starts in a worker and no counts are added or drawn, so a reader
 * dragging the week through 100,000 futures is not held up by them (they pick up when the
 * input pauses). A parameter's change stops and restarts the futures instead (RESTART_MS).
 */
const QUIET_MS = 200;
/** Rows of the tornado drawn and described. */
const TOP = 8;

/** The futures' own wasm (see study-module.js), compiled once and instantiated in the page. */
function wasmModule(url) {
  return studyModule(url).then((module) => {
    studyReady = true;
    return module;
  });
}
/** Whether `Study` can be built yet (its module is fetched when the view first opens). */
let studyReady = false;

/** Two workers on these 2-core machines; up to four where there are more cores. */
const WORKERS = Math.min(4, Math.max(2, (navigator.hardwareConcurrency || 2) - 1));

/**
 * The batches of a plan of `runs`: a small one per worker first, then halves of what is left
 * per worker, at most MOST_BATCH, so the workers finish close together. The tornado goes
 * after the first batches.
 */
export function batches(runs, workers) {
  const jobs = [];
  let start = 0;
  for (let i = 0; i < workers && start < runs; i++) {
    const end = Math.min(runs, start + FIRST_BATCH);
    jobs.push({ kind: 'work', start, end });
    start = end;
  }
  jobs.push({ kind: 'tornado' });
  while (start < runs) {
    const size = Math.max(FIRST_BATCH, Math.min(MOST_BATCH, Math.ceil((runs - start) / workers / 2)));
    const end = Math.min(runs, start + size);
    jobs.push({ kind: 'work', start, end });
    start = end;
  }
  return jobs;
}

export class Uncertainty {
  /**
   * The view of `playground`, placed before its status line. `open`: running now; else a
   * button opens it. `wasm`: the address of flywheel_study_bg.wasm.
   */
  constructor(playground, { open, wasm }) {
    this.playground = playground;
    this.wasm = wasm;
    this.futures = { ...DEFAULTS };
    /** Ranges set by hand: parameter id to [lo, hi]. */
    this.ranges = new Map();
    this.open = false;
    this.generation = 0;
    this.study = null;
    /** The inputs of the futures shown (or being run), as text. */
    this.shown = '';
    this.queue = [];
    /** Counts from the workers not yet added: they are added just before a redraw. */
    this.inbox = [];
    this.lastInput = -Infinity;
    this.slots = Array.from({ length: WORKERS }, () => ({ worker: null, job: null }));
    this.state = 'idle';
    this.drawnAs = new Map();
    this.drawRequest = 0;
    this.drawTimer = 0;
    this.lastDraw = 0;
    this.timing = {};
    this.destroyed = false;
    this.build();
    this.showControls();
    this.watch();
    this.setOpen(open, { link: false });
  }

  // ---- Building --------------------------------------------------------------------------

  build() {
    const parts = this.parts = {};
    const field = (id, label, input, help) => h('div', { className: 'fw-field fw-u-field' },
      h('label', { for: id, textContent: label }), input, help ?? null);
    const number = (id, props) => h('input', {
      id, type: 'number', inputMode: 'numeric', required: true, onchange: () => this.onControls(), ...props,
    });
    parts.runs = number('u-runs', { min: '1', max: '100000', step: '1' });
    parts.seed = number('u-seed', { min: '0', step: '1' });
    parts.spread = number('u-spread', {
      min: '0', max: '10', step: '0.05', inputMode: 'decimal', title: 'The width of each default range: 0.25 is ±25% of the value',
    });
    parts.verdicts = h('select', { id: 'u-verdicts', onchange: () => this.onControls() },
      Object.entries(VERDICTS).map(([id, words]) => new Option(words, id)));
    parts.progress = h('div', {
      id: 'u-progress', className: 'fw-u-progress', role: 'progressbar', 'aria-label': 'Futures run',
      'aria-valuemin': '0', 'aria-valuemax': '1000', 'aria-valuenow': '0',
    }, parts.bar = h('span', { className: 'fw-u-done' }));
    parts.count = h('span', { id: 'u-count', className: 'fw-muted' });
    parts.cancel = h('button', { type: 'button', id: 'u-cancel', textContent: 'Cancel', onclick: () => this.onCancel() });
    parts.status = h('p', { id: 'u-status', className: 'fw-u-status', role: 'status' });
    parts.error = h('p', { id: 'u-error', className: 'fw-status', role: 'alert' });
    parts.headline = h('p', { id: 'u-headline', className: 'fw-u-headline' });
    parts.metric = h('select', { id: 'u-metric', onchange: () => this.scheduleDraw() },
      Object.entries(METRICS).map(([id, words]) => new Option(words, id)));
    const figure = (name, label, extra) => {
      const canvas = parts[`chart-${name}`] = h('canvas', {
        id: `u-chart-${name}`, role: 'img', 'aria-label': label, 'aria-describedby': `u-cap-${name}`,
      });
      parts[`cap-${name}`] = h('p', { id: `u-cap-${name}` });
      return h('figure', { className: `fw-chart fw-u-${name}` }, extra ?? null, canvas,
        chartFoot(name, label, true,
          h('details', { className: 'fw-words' }, h('summary', { textContent: 'This chart in words' }), parts[`cap-${name}`])));
    };
    parts.rules = h('ul', { id: 'u-rules', className: 'fw-u-rules' });
    parts.rangeRows = h('tbody');
    parts.ranges = h('details', { id: 'u-ranges', className: 'fw-u-ranges' },
      h('summary', { textContent: 'Ranges of the uncertain parameters' }),
      h('p', { className: 'fw-muted', textContent: 'Each future draws every parameter from its range, evenly (on a log scale where its slider is logarithmic). By default a range is the spread around the scenario\'s value; set LO and HI to choose one. A range from a value to itself holds it fixed.' }),
      h('div', { className: 'fw-u-table' }, h('table', {},
        h('thead', {}, h('tr', {}, ['Parameter', 'Value', 'Low', 'High'].map((t) => h('th', { scope: 'col', textContent: t })),
          h('th', { scope: 'col' }, h('span', { className: 'fw-hidden', textContent: 'Reset' })))),
        parts.rangeRows)),
      h('button', { type: 'button', id: 'u-reset-ranges', textContent: 'Reset every range', onclick: () => this.resetRanges() }));
    parts.body = h('div', { id: 'u-body', className: 'fw-u-body' },
      h('div', { className: 'fw-u-controls', role: 'group', 'aria-label': 'Futures' },
        field('u-runs', 'Futures', parts.runs),
        field('u-seed', 'Seed', parts.seed),
        field('u-spread', 'Spread', parts.spread),
        h('div', { className: 'fw-field fw-u-field fw-u-judge' },
          h('label', { for: 'u-verdicts', textContent: 'Judge' }), parts.verdicts),
        h('div', { className: 'fw-u-run' }, parts.progress, parts.count, parts.cancel)),
      parts.error,
      parts.headline,
      parts.status,
      h('div', { className: 'fw-u-charts' },
        figure('odds', 'How often each layer is the bottleneck, by year and over the whole run'),
        figure('fan', 'The spread of outcomes across futures, week by week',
          h('div', { className: 'fw-field fw-u-metric' }, h('label', { for: 'u-metric', textContent: 'Fan of' }), parts.metric)),
        figure('tornado', 'Which assumptions swing the goal most')),
      h('section', { className: 'fw-u-why', 'aria-labelledby': 'u-rules-title' },
        h('h3', { id: 'u-rules-title', textContent: 'Where each bottleneck happens' }), parts.rules),
      parts.ranges);
    parts.toggle = h('button', {
      type: 'button', id: 'u-open', 'aria-controls': 'u-body', 'aria-expanded': 'false', onclick: () => this.setOpen(!this.open),
    });
    parts.section = h('section', { id: 'uncertainty', className: 'fw-uncertainty', 'aria-labelledby': 'u-title' },
      h('div', { className: 'fw-u-head' },
        h('h2', { id: 'u-title', textContent: 'Uncertainty' }),
        h('p', { className: 'fw-muted', textContent: 'Every number behind a slider is a guess. Run many futures, each with every parameter drawn from a range, and see how often each layer is the bottleneck.' }),
        parts.toggle),
      parts.body);
    parts.rangeTable = new Map();
    parts.rangeRows.addEventListener('change', (event) => {
      if (event.target.matches('input[data-param]')) this.onRange(event.target);
    });
    parts.rangeRows.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-reset-range]');
      if (button) this.resetRanges(button.dataset.resetRange);
    });
    const { wrapper, status } = this.playground.parts;
    wrapper.insertBefore(parts.section, status);
  }

  /** Redraws on a change of size or of colour scheme. */
  watch() {
    this.sizes = new ResizeObserver((entries) => {
      for (const entry of entries) {
        const width = Math.max(1, Math.round(entry.contentRect.width * devicePixelRatio));
        const height = Math.max(1, Math.round(entry.contentRect.height * devicePixelRatio));
        if (entry.target.width !== width || entry.target.height !== height) Object.assign(entry.target, { width, height });
      }
      this.scheduleDraw();
    });
    for (const name of ['odds', 'fan', 'tornado']) {
      const canvas = this.parts[`chart-${name}`];
      canvas.getContext('2d', { alpha: false });
      this.sizes.observe(canvas);
    }
    this.onScheme = () => this.scheduleDraw();
    this.playground.darkQuery.addEventListener('change', this.onScheme);
    this.themes = new MutationObserver(this.onScheme);
    this.themes.observe(this.playground.parts.wrapper, { attributes: true, attributeFilter: ['data-theme'] });
  }

  // ---- The public side (playground.js calls these) ------------------------------------------

  /** Opens (and runs) or closes (and stops) the view; the link follows unless `link` is false. */
  setOpen(open, { link = true } = {}) {
    this.open = open;
    this.parts.body.hidden = !open;
    this.parts.toggle.setAttribute('aria-expanded', String(open));
    this.parts.toggle.textContent = open ? 'Hide the futures' : `Run ${this.futures.runs} futures`;
    if (open) {
      this.changed();
    } else {
      this.halt();
      this.shown = '';
    }
    if (link) this.playground.scheduleLink();
  }

  /** The scenario or the futures may have changed: runs them again if they did. */
  changed() {
    if (!this.open || this.destroyed) return;
    if (this.key() === this.shown && this.state !== 'idle') return;
    const now = performance.now();
    const busy = now - (this.changedAt ?? -Infinity) < BUSY_GAP_MS;
    this.changedAt = now;
    this.halt();
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => this.restart(), busy ? RESTART_BUSY_MS : RESTART_MS);
  }

  /** This view's part of the link (after `&`), or '' when it is closed. */
  linkPart() {
    const part = this.filePart();
    return part.length ? futuresLink(...part) : '';
  }

  /** The futures as `futuresLink` takes them, and `scenarioFile` after the scenario, or []
   * when the view is closed. */
  filePart() {
    if (!this.open) return [];
    const ranges = [...this.ranges];
    const { runs, seed, spread, verdicts } = this.futures;
    return [runs, seed, spread, verdicts, ranges.map(([id]) => id), ranges.map(([, r]) => r[0]), ranges.map(([, r]) => r[1])];
  }

  /** Chart `chart` (odds, fan or tornado) of the futures so far as SVG of `width` × `height`. */
  svg(chart, width, height, dark) {
    if (!this.study) throw new Error('the futures have not started yet: there is no chart of them to save');
    return this.study.svg(chart, this.parts.metric.value, TOP, width, height, dark);
  }

  /** Shows the futures a link describes (`link.futures` of parseLink), or closes without any. */
  fromLink(futures) {
    if (!futures) {
      if (this.open) this.setOpen(false, { link: false });
      return;
    }
    const { runs, seed, spread, verdicts, ranges } = futures;
    this.futures = { runs, seed, spread, verdicts };
    this.ranges = new Map(ranges.map(([id, lo, hi]) => [id, [lo, hi]]));
    this.showControls();
    this.clearErrors();
    if (!this.open) this.setOpen(true, { link: false });
    else this.changed();
  }

  /** The report so far (the CLI's ensemble JSON), or null before the first study. */
  report() {
    this.takeInbox();
    return this.study?.report() ?? null;
  }

  /** The week moved: the futures keep out of its way for QUIET_MS (see dispatch and scheduleDraw). */
  interacting() {
    this.lastInput = performance.now();
  }

  /** Milliseconds until the sliders have been quiet for QUIET_MS (0 when they have). */
  untilQuiet() {
    return Math.max(0, this.lastInput + QUIET_MS - performance.now());
  }

  /** Adds the counts that came in since the last redraw. */
  takeInbox() {
    const inbox = this.inbox;
    this.inbox = [];
    if (!this.study) return;
    for (const bytes of inbox) this.study.add(bytes);
  }

  destroy() {
    this.destroyed = true;
    clearTimeout(this.resumeTimer);
    this.halt();
    clearTimeout(this.restartTimer);
    cancelAnimationFrame(this.drawRequest);
    clearTimeout(this.drawTimer);
    for (const slot of this.slots) slot.worker?.terminate();
    this.sizes.disconnect();
    this.themes.disconnect();
    this.playground.darkQuery.removeEventListener('change', this.onScheme);
    this.study?.free();
    this.study = null;
    this.parts.section.remove();
  }

  // ---- Running ---------------------------------------------------------------------------

  /** What the workers are asked to build, from the playground's scenario and the futures. */
  ask(futures = this.futures, ranges = this.ranges) {
    const { playground } = this;
    return {
      preset: playground.preset,
      settings: playground.settings(),
      goal: playground.goal,
      spread: futures.spread,
      runs: futures.runs,
      seed: futures.seed,
      vary: [...ranges].map(([id, [lo, hi]]) => `${id}=${lo}:${hi}`),
      verdicts: futures.verdicts,
    };
  }

  key() {
    return JSON.stringify(this.ask());
  }

  /** A study of `ask`, or the constructor's Error. */
  static build(ask) {
    return new Study(ask.preset, ask.settings, ask.goal, ask.spread, ask.runs, ask.seed, ask.vary, ask.verdicts);
  }

  /** Stops the futures running: answers still on their way are of an older generation. */
  halt() {
    this.generation += 1;
    this.queue = [];
    this.inbox = [];
    for (const slot of this.slots) {
      if (slot.job) {
        slot.worker.terminate();
        slot.worker = null;
        slot.job = null;
      }
    }
    if (this.state === 'running') this.state = 'idle';
  }

  /** Starts the futures of the current scenario from the first run. */
  async restart() {
    if (!this.open || this.destroyed) return;
    const ask = this.ask();
    if (!studyReady) {
      const generation = this.generation;
      try {
        await wasmModule(this.wasm);
      } catch (error) {
        this.showError(error, 'run');
        return;
      }
      if (this.destroyed || generation !== this.generation) return;
    }
    let study;
    try {
      study = Uncertainty.build(ask);
    } catch (error) {
      this.showError(error, 'run');
      return;
    }
    const generation = this.generation;
    this.module ??= await wasmModule(this.wasm);
    // A change while the wasm compiled (the first time only) makes this start out of date.
    if (this.destroyed || generation !== this.generation) {
      study.free();
      return;
    }
    this.halt();
    this.study?.free();
    this.study = study;
    this.ask_ = ask;
    this.shown = JSON.stringify(ask);
    this.tornadoIn = false;
    this.queue = batches(ask.runs, this.slots.length);
    this.state = 'running';
    this.timing = { changed: this.changedAt ?? performance.now(), started: performance.now(), workMs: 0 };
    // A failed run's message goes; one naming an input still waiting to be corrected stays.
    if (this.errorFrom === 'run') this.clearErrors();
    this.fillRanges();
    for (const slot of this.slots) this.dispatch(slot);
    this.scheduleDraw();
  }

  /** Gives `slot` its next job, if the futures are running and any is left. */
  dispatch(slot) {
    if (this.state !== 'running' || slot.job) return;
    const wait = this.untilQuiet();
    if (wait > 0) {
      // Every idle worker starts again once the sliders are quiet.
      if (!this.resumeTimer) {
        this.resumeTimer = setTimeout(() => {
          this.resumeTimer = 0;
          if (!this.destroyed) for (const each of this.slots) this.dispatch(each);
        }, wait);
      }
      return;
    }
    const job = this.queue.shift();
    if (!job) return;
    if (!slot.worker) {
      slot.worker = new Worker(new URL('./ensemble-worker.js', import.meta.url), { type: 'module', name: 'flywheel-futures' });
      const worker = slot.worker;
      worker.onmessage = ({ data }) => {
        if (slot.worker === worker) this.answer(slot, data);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        if (slot.worker === worker) this.fail(new Error(`a worker failed: ${event.message || 'it could not start'}`));
      };
    }
    slot.job = job;
    slot.worker.postMessage({ generation: this.generation, job, ask: this.ask_, module: this.module });
  }

  /** A worker's answer: counts or the tornado, added here; then its next job. */
  answer(slot, data) {
    slot.job = null;
    if (data.generation !== this.generation || !this.study) {
      this.dispatch(slot);
      return;
    }
    if (data.error) {
      this.fail(new Error(data.error));
      return;
    }
    try {
      if (data.bytes) {
        this.inbox.push(new Uint8Array(data.bytes));
        this.timing.workMs += data.ms;
      } else {
        this.study.setTornado(data.swings);
        this.tornadoIn = true;
      }
    } catch (error) {
      this.fail(error);
      return;
    }
    if (this.queue.length === 0 && this.slots.every((s) => !s.job) && this.state === 'running') {
      this.state = 'done';
      // The last counts are drawn at once, not after the gap.
      clearTimeout(this.drawTimer);
      this.drawTimer = 0;
    }
    this.scheduleDraw();
    this.dispatch(slot);
  }

  fail(error) {
    this.halt();
    this.state = 'failed';
    this.showError(error, 'run');
    this.scheduleDraw();
  }

  /** Cancel stops the workers where they are; Continue picks up the runs not yet counted. */
  onCancel() {
    if (this.state === 'running') {
      // The counts already in are kept; only unfinished batches run again on Continue.
      this.takeInbox();
      const unfinished = this.slots.filter((s) => s.job).map((s) => s.job);
      const queue = [...unfinished, ...this.queue];
      this.halt();
      this.queue = queue;
      this.state = 'stopped';
    } else if (this.state === 'stopped') {
      this.generation += 1;
      this.state = 'running';
      for (const slot of this.slots) this.dispatch(slot);
    }
    // Drawn now, not after the gap between redraws: the count shown is where it stopped.
    clearTimeout(this.drawTimer);
    cancelAnimationFrame(this.drawRequest);
    this.drawTimer = 0;
    this.drawRequest = 0;
    this.draw();
  }

  // ---- Controls --------------------------------------------------------------------------

  showControls() {
    const { parts, futures } = this;
    parts.runs.value = String(futures.runs);
    parts.seed.value = String(futures.seed);
    parts.spread.value = String(futures.spread);
    parts.verdicts.value = futures.verdicts;
    // With whole-run verdicts only, the odds chart has one bar: a shorter canvas.
    parts.section.classList.toggle('fw-u-whole', futures.verdicts !== 'stages');
    if (!this.open) parts.toggle.textContent = `Run ${futures.runs} futures`;
  }

  /** A change of runs, seed, spread or verdicts: checked by building the study, else named. */
  onControls() {
    const { parts } = this;
    const futures = {
      runs: parts.runs.valueAsNumber,
      seed: parts.seed.valueAsNumber,
      spread: parts.spread.valueAsNumber,
      verdicts: parts.verdicts.value,
    };
    if (this.check(futures, this.ranges, null)) {
      this.futures = futures;
      this.showControls();
      this.changed();
      this.playground.scheduleLink();
    }
  }

  /** A change of one range bound. */
  onRange(input) {
    const id = input.dataset.param;
    const row = this.parts.rangeTable.get(id);
    const ranges = new Map(this.ranges);
    ranges.set(id, [Number(row.lo.value.trim() || NaN), Number(row.hi.value.trim() || NaN)]);
    if (this.check(this.futures, ranges, input)) {
      this.ranges = ranges;
      this.changed();
      this.playground.scheduleLink();
    }
  }

  resetRanges(id) {
    if (id) this.ranges.delete(id);
    else this.ranges.clear();
    this.clearErrors();
    this.changed();
    this.playground.scheduleLink();
  }

  /**
   * Builds a study of these futures to check them: on an error its message shows beside the
   * controls and the input is marked, and what runs stays as it was.
   */
  check(futures, ranges, input) {
    this.clearErrors();
    // Before the module has come, the futures' next start checks them and says what is wrong.
    if (!studyReady) return true;
    try {
      Uncertainty.build(this.ask(futures, ranges)).free();
      return true;
    } catch (error) {
      this.showError(error, 'input');
      const target = input ?? this.guilty(error);
      target?.setAttribute('aria-invalid', 'true');
      if (target) this.parts.error.dataset.for = target.id;
      return false;
    }
  }

  /** The control an error names, if one. */
  guilty(error) {
    const message = String(error?.message ?? error);
    const { parts } = this;
    if (/\bruns\b/.test(message)) return parts.runs;
    if (/\bseed\b/.test(message)) return parts.seed;
    if (/spread/.test(message)) return parts.spread;
    return null;
  }

  clearErrors() {
    for (const input of this.parts.section.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
    this.parts.error.replaceChildren();
  }

  /** Shows `error` beside the controls; `from` says whether a run or an input caused it. */
  showError(error, from = 'run') {
    this.errorFrom = from;
    this.parts.error.replaceChildren(...isolated(error?.message ?? error));
  }

  /** The range table: one row per parameter, its value and range in the current study. */
  fillRanges() {
    const plan = this.study.plan();
    const { rangeTable, rangeRows } = this.parts;
    const specs = new Map(this.playground.known.specs.map((s) => [s.id, s]));
    if (rangeTable.size === 0) {
      for (const param of plan.params) {
        const spec = specs.get(param.id);
        const key = param.id.replace('.', '-');
        const label = `${spec?.label ?? param.id} (${param.id.split('.')[0]})`;
        const input = (end) => h('input', {
          type: 'text', inputMode: 'decimal', id: `u-${end}-${key}`, 'data-param': param.id, size: 9,
          'aria-label': `${label}: ${end === 'lo' ? 'low' : 'high'} end`,
        });
        const row = { lo: input('lo'), hi: input('hi'), value: h('td', { className: 'fw-u-value' }) };
        rangeTable.set(param.id, row);
        rangeRows.append(h('tr', {},
          h('th', { scope: 'row', textContent: label }), row.value,
          h('td', {}, row.lo), h('td', {}, row.hi),
          h('td', {}, h('button', {
            type: 'button', className: 'fw-quiet', textContent: 'Reset', 'data-reset-range': param.id,
            'aria-label': `Reset the range of ${param.id}`,
          }))));
      }
    }
    const number = (x) => String(Number(x.toPrecision(6)));
    for (const param of plan.params) {
      const row = rangeTable.get(param.id);
      if (!row) continue;
      setText(row.value, `${number(param.value)} ${specs.get(param.id)?.unit ?? ''}`);
      for (const [end, value] of [['lo', param.lo], ['hi', param.hi]]) {
        const input = row[end];
        // An input being edited, or holding what could not be used, keeps its text.
        if (input.matches(':focus') || input.hasAttribute('aria-invalid')) continue;
        const text = number(value);
        if (input.value !== text) input.value = text;
      }
      row.lo.parentElement.parentElement.classList.toggle('fw-u-set', this.ranges.has(param.id));
    }
  }

  // ---- Drawing ---------------------------------------------------------------------------

  /**
   * Redraws in the next frame, once however many answers arrive before it. While futures
   * stream in, at most one redraw in DRAW_GAP_MS, and none until the week slider has been quiet
   * for QUIET_MS; the first odds and the last are drawn at once.
   */
  scheduleDraw() {
    if (this.drawRequest || this.drawTimer || this.destroyed) return;
    const counted = this.study?.counted ?? 0;
    const urgent = this.state !== 'running' || counted === 0 || this.timing.firstOdds === undefined;
    const wait = urgent ? 0 : Math.max(this.lastDraw + DRAW_GAP_MS - performance.now(), this.untilQuiet());
    const frame = () => {
      this.drawTimer = 0;
      // The week moved again meanwhile: wait until it is quiet.
      const quiet = this.untilQuiet();
      if (!urgent && quiet > 0) {
        this.drawTimer = setTimeout(frame, quiet);
        return;
      }
      this.drawRequest = requestAnimationFrame(() => {
        this.drawRequest = 0;
        this.lastDraw = performance.now();
        this.draw();
      });
    };
    if (wait > 0) this.drawTimer = setTimeout(frame, wait);
    else frame();
  }

  draw() {
    const { parts, study } = this;
    if (!this.open || !study) return;
    try {
      this.takeInbox();
    } catch (error) {
      this.fail(error);
      return;
    }
    const dark = this.playground.isDark();
    const metric = parts.metric.value;
    const counted = study.counted;
    const runs = study.runs;
    try {
      const charts = {
        odds: [`${counted}`, (canvas) => study.drawOdds(canvas, dark)],
        fan: [`${counted} ${metric}`, (canvas) => study.drawFan(canvas, metric, dark)],
        tornado: [`${this.tornadoIn}`, (canvas) => study.drawTornado(canvas, TOP, dark)],
      };
      for (const [name, [shows, paint]] of Object.entries(charts)) {
        const canvas = parts[`chart-${name}`];
        // A canvas not laid out yet (its size comes with the next resize report) waits.
        if (canvas.width < 64 || canvas.height < 64) continue;
        const key = `${this.shown} ${shows} ${dark} ${canvas.width}x${canvas.height}`;
        if (this.drawnAs.get(name) === key) continue;
        paint(canvas);
        this.drawnAs.set(name, key);
      }
      const summary = study.summary();
      setText(parts.headline, summary.headline);
      const captions = study.captions(metric, TOP);
      for (const name of ['odds', 'fan', 'tornado']) setText(parts[`cap-${name}`], captions[name]);
      this.writeRules(summary, counted === runs);
    } catch (error) {
      this.showError(error, 'run');
    }
    // When the first odds and the last were painted, for timing harnesses (performance.now()).
    const now = performance.now();
    if (counted > 0 && this.timing.firstOdds === undefined) {
      this.timing.firstOdds = now;
      parts.section.dataset.firstOddsAt = now.toFixed(1);
    }
    if (counted === runs && this.timing.done === undefined) {
      this.timing.done = now;
      this.timing.ran = now - this.timing.started;
      parts.section.dataset.doneAt = now.toFixed(1);
    }
    parts.section.dataset.changedAt = this.timing.changed.toFixed(1);
    this.writeProgress(counted, runs);
    parts.section.dataset.counted = String(counted);
    parts.section.dataset.generation = String(this.generation);
  }

  writeProgress(counted, runs) {
    const { parts, state } = this;
    parts.progress.setAttribute('aria-valuemax', String(runs));
    parts.progress.setAttribute('aria-valuenow', String(counted));
    parts.progress.setAttribute('aria-valuetext', `${counted} of ${runs} futures`);
    parts.bar.style.setProperty('--done', String(runs ? counted / runs : 0));
    setText(parts.count, `${counted} of ${runs}`);
    parts.cancel.hidden = !(state === 'running' || state === 'stopped');
    setText(parts.cancel, state === 'stopped' ? 'Continue' : 'Cancel');
    const judged = this.futures.verdicts === 'stages'
      ? 'Each future is judged over the whole run and in each year.'
      : 'Each future is judged over the whole run only, so there are no odds by year: choose “the whole run and each year” to see them (about 3× slower).';
    const words = {
      running: `Running futures in ${this.slots.length} workers. ${judged}`,
      stopped: `Stopped at ${counted} of ${runs} futures: Continue runs the rest.`,
      done: `${runs} futures in ${((this.timing.ran ?? 0) / 1000).toFixed(2)} s. ${judged}`,
      failed: 'The futures stopped: see the message above.',
      idle: 'Waiting for the scenario to settle.',
    }[state] ?? '';
    setText(parts.status, words);
  }

  /** The rules in words, once every future is in (finding them takes the counts of all). */
  writeRules(summary, complete) {
    const { rules } = this.parts;
    const texts = complete
      ? (summary.rules.length ? summary.rules.map((r) => r.text) : ['No layer is the bottleneck in enough futures for a rule.'])
      : ['The rules are found once every future is in.'];
    const key = texts.join('\n');
    if (rules.dataset.key === key) return;
    rules.dataset.key = key;
    rules.replaceChildren(...texts.map((text) => h('li', { textContent: text })));
  }
}

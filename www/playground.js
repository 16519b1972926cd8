// The Flywheel playground as a component: `mount(element, options)` renders sliders per layer,
// the verdict and the charts into an element (in its own shadow root unless told otherwise) and
// returns a handle. Every instance is independent; the wasm module and the stylesheet are
// fetched once per page. A page that mounts without a shadow root links playground.css itself.
import init, {
  difference, layers as layerUnits, params, parseLink, parseValues, presets, presetValues, quote, Run,
  sliderPosition, sliderValue, valueText,
} from './pkg/flywheel.js';

export const LAYERS = ['compute', 'models', 'applications', 'users', 'payments', 'incentives', 'verification', 'trust'];
export const CHARTS = ['loop', 'demand', 'funnel', 'bottlenecks'];
/** What the verdict can maximise, with the words the goal menu uses. */
export const GOALS = { paid: 'paid requests', revenue: 'revenue', users: 'active users' };
/** The options a tag or a frame's query can give as text (the tag also takes `values`). */
export const OPTIONS = ['preset', 'goal', 'week', 'layers', 'charts', 'controls', 'theme', 'height', 'uncertainty', 'compare', 'baseline', 'state'];
const SUPPLY = new Set(['compute', 'models', 'applications', 'users']);
/** Weeks of simulated time per second of play, and turns of the loop's dots per second. */
const PLAY_WEEKS_PER_SECOND = 20;
const DOTS_PER_SECOND = 0.6;
/** Where playground.css and pkg/flywheel_bg.wasm are: beside this module unless told. */
const HERE = new URL('./', import.meta.url);
const assetUrl = (path, assets) => new URL(path, assets ? new URL(assets, location.href) : HERE).href;

let model = null;
/**
 * Fetches and compiles the wasm module once for every instance on the page, and reads the
 * tables every instance shares. `assets` is the address of the folder holding playground.css
 * and pkg/ (default: this module's folder), for bundlers that do not resolve import.meta.url.
 */
export function loadModel(assets) {
  model ??= init({ module_or_path: assetUrl('pkg/flywheel_bg.wasm', assets) }).then(() => ({
    specs: params(),
    presets: presets(),
    units: Object.fromEntries(layerUnits().map((u) => [u.layer, u.stock])),
  }));
  return model;
}

/** Starts fetching the wasm and the stylesheet, for a page that knows it will mount soon. */
export function preload(assets) {
  loadModel(assets);
  styles(assets);
}

let sheet = null;
/**
 * The component's stylesheet, fetched once and shared by every shadow root on the page
 * (a constructed stylesheet needs no inline style, so strict Content-Security-Policies allow it).
 */
function styles(assets) {
  const url = assetUrl('playground.css', assets);
  sheet ??= fetch(url)
    .then((response) => {
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      return response.text();
    })
    .then((text) => {
      const css = new CSSStyleSheet();
      css.replaceSync(text);
      return css;
    });
  return sheet;
}

/** An element with properties, attributes (`aria-*`, `data-*`, `role`, `for`) and children. */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('aria-') || key.startsWith('data-') || key === 'role' || key === 'for') {
      element.setAttribute(key, value === true ? '' : String(value));
    } else {
      element[key] = value;
    }
  }
  element.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

/**
 * A message as nodes with each part quoted in backticks isolated in a <bdi>, so user text, even
 * right to left, cannot reorder the words around it. quote() writes bidi controls and backticks
 * in user text out as \u{…}, so a quoted part always ends at the next backtick.
 */
export function isolated(message) {
  const parts = String(message).split('`');
  // Unpaired backticks (a message from elsewhere): the whole message is isolated.
  if (parts.length % 2 === 0) return [h('bdi', { textContent: message })];
  return parts.flatMap((part, i) => (i % 2 ? ['`', h('bdi', { textContent: part }), '`'] : [part]));
}

const sliderId = (param) => `p-${param.replace('.', '-')}`;
/** Sets an element's text only when it differs: rewriting the same text still costs a layout. */
export const setText = (element, text) => {
  if (element.textContent !== text) element.textContent = text;
};
const title = (layer) => layer[0].toUpperCase() + layer.slice(1);

/**
 * Below a chart: its words, and (with controls) buttons that save it as PNG or SVG. `label`
 * names the chart for the buttons' accessible names.
 */
export function chartFoot(name, label, withButtons, words) {
  const button = (kind) => h('button', {
    type: 'button', className: 'fw-quiet', textContent: kind.toUpperCase(),
    'data-save': kind, 'data-chart': name, 'aria-label': `Save “${label}” as ${kind.toUpperCase()}`,
  });
  return h('div', { className: 'fw-chart-foot' }, words,
    withButtons ? h('span', { className: 'fw-save' }, h('span', { className: 'fw-muted', textContent: 'Save' }), button('png'), button('svg')) : null);
}

/** Reads and checks options; what is wrong is named in the error, quoting it as a link's problems do. */
function normalise(options, known) {
  const given = (value) => value !== undefined && value !== null && value !== '';
  // A list: `all` (or nothing) for all; `none`, an empty string or an empty list for none.
  const list = (value, all, what) => {
    if (value === undefined || value === null) return [...all];
    const items = (Array.isArray(value) ? value : String(value).split(','))
      .map((s) => String(s).trim()).filter(Boolean);
    if (items.length === 1 && items[0] === 'all') return [...all];
    if (items.length === 1 && items[0] === 'none') return [];
    const unknown = items.filter((i) => !all.includes(i));
    if (unknown.length) {
      throw new Error(`unknown ${what} ${unknown.map((u) => `\`${quote(u)}\``).join(', ')} (${what}s: ${all.join(', ')}; or all, or none)`);
    }
    return all.filter((i) => items.includes(i));
  };
  const choice = (value, all, fallback, what) => {
    if (!given(value)) return fallback;
    if (!all.includes(value)) throw new Error(`${what} \`${quote(String(value))}\` is not one of ${all.join(', ')}`);
    return value;
  };
  const presetIds = known.presets.map((p) => p.id);
  const height = given(options.height) ? Number(options.height) : null;
  if (height !== null && !(Number.isFinite(height) && height >= 160 && height <= 2000)) {
    throw new Error(`height \`${quote(String(options.height))}\` is not a number of pixels from 160 to 2000`);
  }
  // The week shown at the start; mount checks it against the run's horizon.
  const week = given(options.week) ? String(options.week).trim() : null;
  if (week !== null && !/^\d{1,6}$/.test(week)) {
    throw new Error(`week \`${quote(String(options.week))}\` is not a whole number of weeks`);
  }
  return {
    preset: choice(options.preset, presetIds, presetIds[0], 'preset'),
    goal: choice(options.goal, Object.keys(GOALS), 'paid', 'goal'),
    week: week === null ? null : Number(week),
    layers: list(options.layers, LAYERS, 'layer'),
    charts: list(options.charts, CHARTS, 'chart'),
    controls: choice(options.controls, ['full', 'compact', 'none'], 'full', 'controls'),
    theme: choice(options.theme, ['auto', 'light', 'dark'], 'auto', 'theme'),
    // The Uncertainty view (uncertainty.js): none, a button that opens it, or open and running.
    uncertainty: choice(options.uncertainty, ['none', 'closed', 'open'], 'none', 'uncertainty'),
    // A/B comparison: `button` shows Pin as baseline (with controls), `none` hides it; `baseline`
    // pins a preset as scenario A from the start.
    compare: choice(options.compare, ['button', 'none'], 'button', 'compare'),
    baseline: given(options.baseline) ? choice(options.baseline, presetIds, null, 'baseline') : null,
    // A whole state as a link writes it (what follows # in the page's address): preset, week,
    // goal, values, the futures and a baseline. It wins over the options that say the same.
    state: given(options.state) ? String(options.state).replace(/^#/, '') : null,
    height,
    link: Boolean(options.link),
    shadow: options.shadow !== false,
  };
}

/**
 * A playground in `element`. Fires `change` (detail: the verdict panel, the goal and the
 * settings) after every re-run once its verdict is whole (see judgeLater), and `bottleneck` (detail: the layer and the one before) when the
 * whole-run verdict's layer changes. The returned promise rejects with an Error naming a bad
 * option.
 */
export async function mount(element, options = {}) {
  if (!(element instanceof Element)) throw new Error('mount needs an element to render into');
  // The wasm and the stylesheet load side by side.
  const sheet = options.shadow === false ? null : styles(options.assets);
  const known = await loadModel(options.assets);
  const settings = normalise(options, known);
  let root = element;
  if (settings.shadow) {
    root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [await sheet];
  }
  root.replaceChildren();
  // The second module (the futures, the files and their charts as SVG), fetched when first used.
  settings.wasm = assetUrl('pkg/flywheel_study_bg.wasm', options.assets);
  // The Uncertainty view is fetched only by a playground that shows it.
  if (settings.uncertainty !== 'none') {
    settings.Uncertainty = (await import('./uncertainty.js')).Uncertainty;
  }
  const playground = new Playground(element, root, known, settings);
  const { weeks } = playground.run;
  if (settings.week !== null && settings.week > weeks) {
    playground.destroy();
    throw new Error(`week \`${settings.week}\` is not a whole number from 0 to ${weeks}`);
  }
  await playground.drawn;
  // Starting values, read as a link's are: the usable ones set, the rest named (a few of them,
  // quoted as given) in the notice and left at the preset's.
  const entries = Object.entries(options.values ?? {});
  const { settings: usable, problems } = parseValues(entries.map(([id]) => id), entries.map(([, value]) => String(value)));
  for (const [id, value] of usable) {
    try {
      playground.set(id, value, { quiet: true });
    } catch (error) {
      problems.push(error.message ?? String(error));
    }
  }
  if (problems.length) playground.showNotice(problems, 'Starting values that could not be used are left at the preset\'s');
  // A state as a link gives it, read as the page reads its link: what cannot be used is named.
  if (settings.state !== null) playground.applyHash(`#${settings.state}`);
  return playground;
}

/** Which playground each canvas (and each host) belongs to, for the watchers every playground shares. */
const owners = new WeakMap();
let sizes = null;
let sights = null;

/**
 * One IntersectionObserver for every playground on the page: which canvases are on or near the
 * screen (within a quarter screen), so changes redraw only those, and whether each playground is,
 * so one scrolled away stops playing until it is back.
 */
function sightWatcher() {
  sights ??= new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const owner = owners.get(entry.target);
      if (owner && !owner.destroyed) owner.seen(entry.target, entry.isIntersecting);
    }
  }, { rootMargin: '25% 0px' });
  return sights;
}

/** How each chart is drawn by the run. */
const DRAW = {
  loop: (run, canvas, week, phase, dark) => run.drawLoop(canvas, week, phase, dark),
  demand: (run, canvas, week, phase, dark) => run.drawDemand(canvas, week, dark),
  funnel: (run, canvas, week, phase, dark) => run.drawFunnel(canvas, week, dark),
  bottlenecks: (run, canvas, week, phase, dark) => run.drawBottlenecks(canvas, week, dark),
};
/** Weeks a step of play moves when the reader prefers reduced motion (a quarter). */
const STILL_STEP_WEEKS = 13;
/** Work for when the page is idle: requestIdleCallback where there is one (not Safari), else a task. */
const whenIdle = globalThis.requestIdleCallback
  ? (work) => requestIdleCallback(work, { timeout: 200 })
  : (work) => setTimeout(work, 1);
const cancelIdle = globalThis.cancelIdleCallback ?? clearTimeout;

/**
 * One ResizeObserver for every playground on the page. Its report comes after a layout and
 * before that frame is painted, so drawing needs no forced layout. Sizes come from the CSS box
 * rather than the device-pixel box: the device-pixel box depends on where a canvas sits, so a
 * playground above growing by half a pixel would resize (and redraw) every playground below.
 * A first drawing goes ahead at once for playgrounds on or near the screen; the others follow,
 * one a frame, so the first frame does not wait for charts nobody can see yet.
 */
function sizeWatcher() {
  sizes ??= new ResizeObserver((entries) => {
    const byOwner = new Map();
    for (const entry of entries) {
      const owner = owners.get(entry.target);
      if (!owner || owner.destroyed) continue;
      const size = [
        Math.max(1, Math.round(entry.contentRect.width * devicePixelRatio)),
        Math.max(1, Math.round(entry.contentRect.height * devicePixelRatio)),
      ];
      if (!byOwner.has(owner)) byOwner.set(owner, new Map());
      byOwner.get(owner).set(entry.target, size);
    }
    // Read every position before any canvas changes size (which would dirty the layout).
    const near = new Map([...byOwner.keys()].map((owner) => {
      const box = owner.host.getBoundingClientRect();
      return [owner, box.bottom > -200 && box.top < innerHeight + 200];
    }));
    const later = [];
    for (const [owner, canvasSizes] of byOwner) {
      if (owner.sized || near.get(owner)) {
        const first = !owner.sized;
        owner.sized = true;
        if (owner.applySizes(canvasSizes) || first) owner.paint();
      } else {
        later.push([owner, canvasSizes]);
      }
    }
    const next = () => {
      const item = later.shift();
      if (!item) return;
      const [owner, canvasSizes] = item;
      if (!owner.destroyed && !owner.sized) {
        owner.sized = true;
        owner.applySizes(canvasSizes);
        owner.paint();
      }
      requestAnimationFrame(next);
    };
    if (later.length) requestAnimationFrame(next);
  });
  return sizes;
}

/** One playground: its state, its DOM and its run. Create it with `mount`. */
export class Playground extends EventTarget {
  constructor(host, root, known, options) {
    super();
    this.host = host;
    this.root = root;
    this.known = known;
    this.options = options;
    this.parts = {};
    /** Values between two slider steps, by parameter: `{position, value}` (see showValue). */
    this.held = new Map();
    /** Sliders moved since the last frame, whose value the frame puts into words. */
    this.unshown = new Set();
    this.week = 0;
    this.phase = 0;
    this.playing = false;
    this.paints = 0;
    this.destroyed = false;
    /** Bumped by every run, so a chart can tell whether its picture is of the current run. */
    this.version = 0;
    /** Values changed since the last run: the next frame runs the model once for all of them. */
    this.runStale = false;
    /** The idle callback judging the verdict's pending parts, and the run it is for (see judgeLater). */
    this.judgeRequest = 0;
    /** The events of the latest run, held until its verdict is whole (see afterRun). */
    this.unannounced = null;
    this.frameRequest = 0;
    /** What each canvas shows (run version, week, scheme, size; the loop's phase), by canvas. */
    this.drawnAs = new Map();
    /** Canvases known to be far from the screen, and whether the whole playground is. */
    this.hidden = new Set();
    this.offscreen = false;
    this.darkQuery = matchMedia('(prefers-color-scheme: dark)');
    this.motionQuery = matchMedia('(prefers-reduced-motion: reduce)');
    this.onScheme = () => this.schedule();
    this.onLinkChange = () => {
      if (location.hash !== this.hash()) this.applyHash(location.hash);
    };
    this.sized = false;
    /** Resolves once the charts are first drawn at their laid-out size. */
    this.drawn = new Promise((resolve) => {
      this.onDrawn = resolve;
    });
    this.goal = options.goal;
    this.run = new Run(options.preset, [], this.goal);
    this.week = Math.min(options.week ?? this.run.weeks, this.run.weeks);
    this.lastBottleneck = this.run.bottleneck;
    this.build();
    this.choosePreset(options.preset);
    if (options.baseline) this.run.pinScenario(options.baseline, [], this.goal);
    this.syncControls();
    this.showPinned();
    this.uncertainty = options.Uncertainty
      ? new options.Uncertainty(this, { open: options.uncertainty === 'open', wasm: options.wasm })
      : null;
    this.watchSizes();
    this.darkQuery.addEventListener('change', this.onScheme);
    if (options.link) {
      addEventListener('popstate', this.onLinkChange);
      addEventListener('hashchange', this.onLinkChange);
      this.applyHash(location.hash);
    } else {
      // The run made above is already of the preset as given.
      this.schedule();
    }
  }

  // ---- The public handle -----------------------------------------------------------------

  /** The current value of a parameter (`users.word_of_mouth`). */
  get(param) {
    this.alive();
    if (!this.values.has(param)) throw new Error(`unknown parameter \`${param}\` (see flywheel params)`);
    return this.values.get(param);
  }

  /**
   * Sets a parameter and re-runs. Throws an Error naming the parameter and its range when the
   * value is not allowed; the playground is then unchanged.
   */
  set(param, value, { quiet = false } = {}) {
    this.alive();
    let number = value;
    if (typeof value !== 'number' || !this.values.has(param)) {
      // Text is read as starting values are, so an error quotes it as given (never as NaN).
      const { settings, problems } = parseValues([String(param)], [String(value)]);
      if (problems.length) throw new Error(problems[0]);
      [[, number]] = settings;
    }
    const previous = this.values.get(param);
    this.values.set(param, number);
    try {
      this.run.update(this.preset, this.settings(), this.goal);
    } catch (error) {
      this.values.set(param, previous);
      throw error;
    }
    this.showValue(this.spec(param));
    this.afterChange({ quiet, ran: true });
    return this;
  }

  /** Chooses what the verdict maximises: `paid` (requests), `revenue` or `users`; re-runs. */
  setGoal(goal) {
    this.alive();
    if (!Object.hasOwn(GOALS, goal)) throw new Error(`goal \`${goal}\` is not one of ${Object.keys(GOALS).join(', ')}`);
    this.goal = goal;
    if (this.parts.goal) this.parts.goal.value = goal;
    this.afterChange();
    return this;
  }

  /** The headline outcome: `{figures: [{value, label, goal}]}` for paid requests, growth,
   * revenue and users (the numbers themselves are in `results().summary`). */
  outcome() {
    this.alive();
    this.flush();
    return { figures: this.run.panel(this.week).figures };
  }

  /** The run's results as plain data: verdict, summary, units and every series. */
  results() {
    this.alive();
    this.settle();
    return this.run.toJSON();
  }

  /** The verdict panel at the week shown. */
  verdict() {
    this.alive();
    this.settle();
    return this.run.panel(this.week);
  }

  /**
   * A file of this playground: `scenario` (the scenario file), `csv` or `json` (the run, as
   * `flywheel run` prints it; both scenarios when one is pinned), `xmile` (the model with this
   * scenario, for other system-dynamics tools), `png` or `svg` of `chart`
   * (loop, demand, funnel, bottlenecks; odds, fan, tornado while the Uncertainty view is open).
   * Resolves to `{name, type, blob}`; rejects with an Error naming what cannot be made.
   */
  async file(kind, { chart } = {}) {
    this.alive();
    return (await import('./files.js')).fileOf(this, kind, { chart });
  }

  /** Saves `file(kind, options)` as a download; resolves to its name. */
  async download(kind, options = {}) {
    const file = await this.file(kind, options);
    (await import('./files.js')).save(file);
    return file.name;
  }

  /**
   * Opens a scenario file (its text, or a File or Blob): its preset, values, goal and futures
   * replace the scenario shown, and what the page does not use of it (run options) is named in
   * the notice. Rejects with an Error naming what is wrong, the scenario shown unchanged.
   */
  async openScenario(source) {
    this.alive();
    const file = await (await import('./files.js')).readScenario(this, source);
    if (this.destroyed) return this;
    if (this.playing) this.setPlaying(false, { link: false });
    this.showScenario(file);
    if (file.futures) this.uncertainty?.fromLink(file.futures);
    this.rerun();
    this.schedule();
    this.afterRun();
    if (file.unused.length) this.showNotice(file.unused, 'This scenario file also sets what the page does not use');
    return this;
  }

  /**
   * Pins the scenario shown as the baseline, scenario A: every chart draws it as a ghost behind
   * the scenario the sliders go on changing (B), and the verdict says A → B. Re-runs.
   */
  pin() {
    this.alive();
    this.flush();
    this.run.pin();
    this.afterPin();
    return this;
  }

  /** Clears the baseline. */
  unpin() {
    this.alive();
    this.run.unpin();
    this.afterPin();
    return this;
  }

  /** Swaps A and B: the baseline comes back to the sliders, and the scenario shown is pinned. */
  swap() {
    this.alive();
    const a = this.run.pinned;
    if (!a) throw new Error('nothing is pinned: pin() a baseline first');
    this.flush();
    this.run.pin();
    this.showScenario(a);
    this.afterChange();
    this.afterPin();
    return this;
  }

  /**
   * A against B at the week shown: `{goal, a_bottleneck, b_bottleneck, a_whole, b_whole,
   * a_goal, b_goal, change, change_percent, text}`, or null when nothing is pinned.
   */
  compare() {
    this.alive();
    this.flush();
    return this.run.compare(this.week);
  }

  /** Puts `{preset, goal, settings: ['id=value'...]}` on the controls, to be run. */
  showScenario({ preset, goal, settings }) {
    this.choosePreset(preset);
    this.goal = goal;
    for (const setting of settings) {
      const at = setting.indexOf('=');
      this.values.set(setting.slice(0, at), Number(setting.slice(at + 1)));
    }
    this.syncControls();
  }

  /** The baseline changed: the charts, the words, the controls and the link follow. */
  afterPin() {
    this.version += 1;
    this.drawnAs.clear();
    this.showPinned();
    this.schedule();
    this.scheduleLink();
  }

  /** The pin controls say whether a baseline is pinned, and which. */
  showPinned() {
    const { parts } = this;
    const pinned = this.run.pinned;
    if (parts.pin) {
      parts.pin.hidden = Boolean(pinned);
      parts.pinned.hidden = !pinned;
      if (pinned) {
        const title = this.known.presets.find((p) => p.id === pinned.preset)?.title ?? pinned.preset;
        const changes = pinned.settings.length;
        setText(parts.pinnedName, `${title}${changes ? `, ${changes} change${changes > 1 ? 's' : ''}` : ''}`);
      }
    }
    parts.wrapper.classList.toggle('fw-comparing', Boolean(pinned));
  }

  /** Switches between `auto` (the reader's colour scheme), `light` and `dark`. */
  setTheme(theme) {
    this.alive();
    if (!['auto', 'light', 'dark'].includes(theme)) throw new Error(`theme \`${theme}\` is not one of auto, light, dark`);
    this.options.theme = theme;
    this.parts.wrapper.dataset.theme = theme;
    this.schedule();
    return this;
  }

  /** Stops everything, removes the playground's DOM and frees its memory. */
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.playing = false;
    cancelAnimationFrame(this.frameRequest);
    this.cancelJudging();
    this.uncertainty?.destroy();
    clearTimeout(this.linkTimer);
    clearTimeout(this.settleTimer);
    for (const canvas of this.canvases ?? []) {
      sizes?.unobserve(canvas);
      sights?.unobserve(canvas);
    }
    sights?.unobserve(this.host);
    this.darkQuery.removeEventListener('change', this.onScheme);
    removeEventListener('popstate', this.onLinkChange);
    removeEventListener('hashchange', this.onLinkChange);
    this.parts.wrapper?.remove();
    this.run.free();
    this.run = null;
  }

  alive() {
    if (this.destroyed) throw new Error('this playground has been destroyed');
  }

  // ---- Building ---------------------------------------------------------------------------

  spec(id) {
    return this.known.specs.find((s) => s.id === id);
  }

  build() {
    const { options, known, parts } = this;
    const full = options.controls === 'full';
    const anyControls = options.controls !== 'none';
    parts.status = h('p', { id: 'status', className: 'fw-status', role: 'alert' });
    parts.notice = h('div', { id: 'notice', className: 'fw-notice', role: 'status', hidden: true },
      parts.noticeText = h('p', { id: 'notice-text' }),
      h('button', { type: 'button', className: 'fw-quiet', textContent: 'Dismiss', onclick: () => this.showNotice([]) }));

    let toolbar = null;
    if (anyControls) {
      // The button says what it will do: Play, or Pause while time runs.
      parts.playText = h('span', { textContent: 'Play' });
      parts.play = h('button', { type: 'button', id: 'play', onclick: () => this.setPlaying(!this.playing) },
        h('span', { className: 'fw-play-icon', 'aria-hidden': 'true' }), parts.playText);
      parts.week = h('input', {
        type: 'range', id: 'week', min: '0', max: String(this.run.weeks), step: '1',
        oninput: () => {
          if (this.playing) this.setPlaying(false);
          this.setWeek(Number(parts.week.value));
          this.scheduleLink();
        },
      });
      parts.weekOut = h('output', { id: 'week-out', for: 'week' });
      parts.preset = full ? h('select', {
        id: 'preset',
        onchange: () => {
          this.choosePreset(parts.preset.value);
          this.syncControls();
          this.afterChange();
        },
      }, known.presets.map((p) => new Option(p.title, p.id))) : null;
      parts.goal = full ? h('select', {
        id: 'goal',
        'aria-describedby': 'goal-help',
        onchange: () => this.setGoal(parts.goal.value),
      }, Object.entries(GOALS).map(([id, words]) => new Option(words, id))) : null;
      // Without the menu, the scenario is named in words.
      parts.scenario = full ? null : h('strong', { id: 'scenario' });
      toolbar = h('div', { className: 'fw-toolbar', role: 'group', 'aria-label': 'Scenario and time' },
        full && h('div', { className: 'fw-field fw-preset' }, h('label', { for: 'preset', textContent: 'Scenario' }), parts.preset),
        !full && h('p', { className: 'fw-field fw-scenario' }, h('span', { className: 'fw-muted', textContent: 'Scenario' }), parts.scenario),
        full && h('div', { className: 'fw-field fw-goal' },
          h('label', { for: 'goal', textContent: 'Bottleneck for' }), parts.goal,
          h('span', { id: 'goal-help', className: 'fw-hidden', textContent: 'The bottleneck is the layer whose relief raises this most.' })),
        full && h('button', { type: 'button', id: 'reset-all', textContent: 'Reset all', onclick: () => this.resetLayer(null) }),
        parts.play,
        h('div', { className: 'fw-field fw-week' }, h('label', { for: 'week', textContent: 'Week' }), parts.week, parts.weekOut));
    }
    parts.story = full ? h('p', { id: 'story', className: 'fw-story' }) : null;
    // Beside the story, where it leaves room: comparing and files, which the toolbar's one row
    // has no room for.
    const actions = [anyControls && options.compare !== 'none' && this.buildPin(), full && this.buildFiles()].filter(Boolean);
    const story = actions.length
      ? h('div', { className: 'fw-story-row' }, parts.story, h('div', { className: 'fw-actions', role: 'group', 'aria-label': 'Compare and files' }, actions))
      : parts.story;

    const chart = (name, label, wide) => {
      if (!options.charts.includes(name)) return null;
      const canvas = h('canvas', { id: `chart-${name}`, role: 'img', 'aria-label': label, 'aria-describedby': `cap-${name}` });
      parts[`chart-${name}`] = canvas;
      parts[`cap-${name}`] = h('p', { id: `cap-${name}` });
      return h('figure', { className: `fw-chart fw-chart-${name}${wide ? ' fw-wide' : ''}` }, canvas,
        chartFoot(name, label, anyControls, h('details', { className: 'fw-words' },
          h('summary', { textContent: name === 'loop' ? 'The loop in words' : 'This chart in words' }),
          parts[`cap-${name}`])));
    };
    parts.verdict = h('div', { id: 'verdict', 'aria-live': 'polite', 'aria-atomic': 'true' });
    parts.gain = h('strong', { id: 'loop-gain', textContent: '–' });
    parts.gainNote = h('span', { className: 'fw-muted' });
    // A region named after its scenario, so several playgrounds on a page are told apart.
    parts.compare = h('p', { id: 'compare', className: 'fw-compare', hidden: true });
    const verdict = parts.verdictRegion = h('section', { className: 'fw-verdict', 'aria-label': 'Verdict' },
      parts.compare,
      parts.verdict,
      h('p', { id: 'difference', className: 'fw-reading', textContent: difference() }),
      h('p', { className: 'fw-gain' }, 'Loop gain ', parts.gain, ' ', parts.gainNote));
    // The run's headline numbers; the guided tour quotes them.
    parts.outcome = h('dl', { id: 'outcome', className: 'fw-outcome', 'aria-label': 'Outcome of the run' });

    const groups = (which) => (anyControls ? options.layers.filter(which).map((layer) => this.buildLayer(layer)) : []);
    const supply = groups((l) => SUPPLY.has(l));
    const demand = groups((l) => !SUPPLY.has(l));
    // Classes, not :has(), say which columns are missing: :has() is re-checked on every change
    // of text inside the stage, which costs every slider input a little.
    const missing = `${supply.length ? '' : ' fw-no-supply'}${demand.length ? '' : ' fw-no-demand'}`;
    // What the host page put inside the tag (a story, say) goes first, beside the scenario, the
    // numbers and the loop where there is room; the sliders and charts follow below both.
    const aside = this.root !== this.host && this.host.children.length > 0
      ? h('div', { className: 'fw-aside' }, h('slot')) : null;
    const centre = h('div', { className: 'fw-centre' }, chart('loop', 'The flywheel: eight layers in a loop', false), verdict);
    const stage = h('div', { className: `fw-stage${missing}${aside ? ' fw-no-centre' : ''}` },
      supply.length ? h('div', { className: 'fw-controls fw-supply', role: 'group', 'aria-label': 'Supply layers' }, supply) : null,
      aside ? null : centre,
      demand.length ? h('div', { className: 'fw-controls fw-demand', role: 'group', 'aria-label': 'Demand, money and trust layers' }, demand) : null);
    const lead = aside
      ? [h('div', { className: 'fw-lead' }, aside, h('div', { className: 'fw-lead-main' }, toolbar, story, parts.outcome, centre))]
      : [toolbar, story, parts.outcome];
    const charts = ['demand', 'funnel', 'bottlenecks'].filter((c) => options.charts.includes(c));
    const labels = {
      demand: 'Demand arriving and served per layer over time',
      funnel: 'Where demand is lost in the week shown',
      bottlenecks: 'Which layer holds the loop back, year by year',
    };
    const chartArea = charts.length
      ? h('div', { className: 'fw-charts', role: 'group', 'aria-label': 'Charts' },
        charts.map((c) => chart(c, labels[c], c === 'demand')))
      : null;

    const wrapper = h('div', {
      className: `fw fw-controls-${options.controls}${supply.length + demand.length ? '' : ' fw-no-sliders'}${options.height ? ' fw-fixed-height' : ''}`,
      'data-theme': options.theme,
    }, parts.notice, lead, stage, chartArea, parts.status);
    if (options.height) wrapper.style.setProperty('--fw-chart-height', `${options.height}px`);
    wrapper.addEventListener('input', (event) => {
      if (event.target.matches('input[type=range][name]')) this.onSlider(event.target);
    });
    wrapper.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-reset-layer]');
      if (button) this.resetLayer(button.dataset.resetLayer);
      const save = event.target.closest('button[data-save]');
      if (save) this.saveFile(save.dataset.save, { chart: save.dataset.chart });
    });
    if (full) {
      // A scenario file dropped anywhere on the playground opens.
      wrapper.addEventListener('dragover', (event) => {
        if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
      });
      wrapper.addEventListener('drop', (event) => {
        const file = event.dataTransfer?.files[0];
        if (!file) return;
        event.preventDefault();
        this.openFile(file);
      });
    }
    parts.wrapper = wrapper;
    this.root.append(wrapper);
  }

  /** Pin as baseline, and once pinned: which scenario A is, Swap and Clear. */
  buildPin() {
    const { parts } = this;
    parts.pin = h('button', {
      type: 'button', id: 'pin', onclick: () => this.pin(),
      title: 'Freeze this scenario as A; the sliders go on changing B, drawn over A',
    }, h('span', { className: 'fw-a-mark', 'aria-hidden': 'true', textContent: 'A' }), ' Pin as baseline');
    parts.pinnedName = h('strong', { id: 'pinned-name' });
    parts.pinned = h('div', { id: 'pinned', className: 'fw-pinned', role: 'group', 'aria-label': 'Comparison', hidden: true },
      h('span', { className: 'fw-a-mark', 'aria-hidden': 'true', textContent: 'A' }),
      h('span', {}, 'Baseline: ', parts.pinnedName),
      h('button', { type: 'button', id: 'swap', className: 'fw-quiet', textContent: 'Swap A and B', onclick: () => this.swap() }),
      h('button', { type: 'button', id: 'unpin', className: 'fw-quiet', textContent: 'Clear', onclick: () => this.unpin() }));
    return h('div', { className: 'fw-field fw-compare-controls' }, parts.pin, parts.pinned);
  }

  /** The Files menu, beside the story: save the scenario, the run or XMILE, open a scenario file. */
  buildFiles() {
    const { parts } = this;
    parts.fileInput = h('input', {
      type: 'file', id: 'open-file', accept: '.json,application/json', className: 'fw-hidden', tabIndex: -1,
      onchange: () => {
        const [file] = parts.fileInput.files;
        parts.fileInput.value = '';
        if (file) this.openFile(file);
      },
    });
    const item = (id, text, onclick) => h('button', { type: 'button', id, textContent: text, onclick });
    parts.files = h('details', { className: 'fw-files', id: 'files' },
      h('summary', { textContent: 'Files' }),
      h('div', { className: 'fw-files-menu', role: 'group', 'aria-label': 'Files' },
        item('save-scenario', 'Save the scenario', () => this.saveFile('scenario')),
        item('open-scenario', 'Open a scenario file…', () => parts.fileInput.click()),
        item('save-csv', 'Save the run as CSV', () => this.saveFile('csv')),
        item('save-json', 'Save the run as JSON', () => this.saveFile('json')),
        item('save-xmile', 'Open in another tool (XMILE)', () => this.saveFile('xmile')),
        h('p', { className: 'fw-muted', textContent: 'XMILE opens in Stella, Simlin and PySD. Drop a scenario file on the page to open it. Each chart saves itself as PNG or SVG below it.' }),
        parts.fileInput));
    return parts.files;
  }

  /** Saves a file for a button, naming in the notice what went wrong. */
  async saveFile(kind, options) {
    try {
      await this.download(kind, options);
    } catch (error) {
      if (!this.destroyed) this.showNotice([error.message ?? String(error)], 'This file could not be saved');
    }
  }

  /** Opens a scenario file for a button or a drop, naming in the notice what is wrong with it. */
  async openFile(file) {
    try {
      await this.openScenario(file);
      if (this.parts.files) this.parts.files.open = false;
    } catch (error) {
      if (!this.destroyed) this.showNotice([error.message ?? String(error)], `The scenario file \u2068${file.name.slice(0, 60)}\u2069 was not opened, and nothing changed`);
    }
  }

  buildLayer(layer) {
    const specs = this.known.specs.filter((s) => s.layer === layer);
    const fieldset = h('fieldset', { 'data-layer': layer, className: 'fw-layer' },
      h('legend', {},
        h('span', { textContent: title(layer) }),
        h('span', { className: 'fw-unit', textContent: this.known.units[layer] })),
      h('button', {
        type: 'button', className: 'fw-reset', textContent: 'Reset', 'data-reset-layer': layer,
        'aria-label': `Reset ${layer} to the scenario's values`,
      }),
      h('div', { className: 'fw-params' }, specs.map((spec) => this.buildSlider(spec))));
    fieldset.style.setProperty('--layer', `var(--fw-${layer})`);
    return fieldset;
  }

  buildSlider(spec) {
    const id = sliderId(spec.id);
    const key = id.slice(2);
    this.parts[id] = h('input', {
      type: 'range', id, name: spec.id, min: '0', max: String(spec.positions), step: '1', 'aria-describedby': `h-${key}`,
    });
    this.parts[`o-${key}`] = h('output', { id: `o-${key}`, for: id });
    return h('div', { className: 'fw-param' },
      h('div', { className: 'fw-row' },
        h('label', { for: id, textContent: spec.label }),
        this.parts[`o-${key}`],
        h('span', { className: 'fw-unit', textContent: spec.unit })),
      this.parts[id],
      h('p', { className: 'fw-help', id: `h-${key}`, textContent: `${spec.meaning} Range ${valueText(spec.min)} to ${valueText(spec.max)} ${spec.unit}.` }));
  }

  /**
   * Puts a parameter's value on its slider and in its output, where it has a slider. A value
   * set other than by the slider (a link, `set`) that lies between two steps shows at the
   * nearest step and is held there: moving the slider away and back gives it back exactly.
   */
  showValue(spec, { moved = false } = {}) {
    const input = this.parts[sliderId(spec.id)];
    if (!input) return;
    const value = this.values.get(spec.id);
    // A slider the reader moved is already at the value's position.
    const position = moved ? Number(input.value) : sliderPosition(spec.id, value);
    if (!moved) {
      if (sliderValue(spec.id, position) === value) this.held.delete(spec.id);
      else this.held.set(spec.id, { position, value });
    }
    if (!moved) input.value = String(position);
    const text = valueText(value);
    input.setAttribute('aria-valuetext', `${text} ${spec.unit}`);
    setText(this.parts[`o-${sliderId(spec.id).slice(2)}`], text);
  }

  syncControls() {
    for (const spec of this.known.specs) this.showValue(spec);
    if (this.parts.goal) this.parts.goal.value = this.goal;
    if (this.parts.week) {
      this.parts.week.max = String(this.run.weeks);
      this.parts.week.value = String(this.week);
    }
  }

  // ---- Running and painting ----------------------------------------------------------------

  settings() {
    const changed = [];
    for (const [id, value] of this.values) {
      if (value !== this.base.get(id)) changed.push(`${id}=${value}`);
    }
    return changed;
  }

  /**
   * Re-runs the model for the current preset, goal and values, judging only the year that holds
   * the week shown: the other years and the whole run are judged in idle time after the paint
   * (judgeLater), and show as pending until then. On an error the last run stays.
   */
  rerun() {
    this.runStale = false;
    this.cancelJudging();
    try {
      this.run.update(this.preset, this.settings(), this.goal, this.week);
      this.version += 1;
      setText(this.parts.status, '');
    } catch (error) {
      this.showError(error);
    }
    this.judgeLater();
    this.uncertainty?.changed();
  }

  /** Runs now what changes have left for the next frame, for a reader that needs it now. */
  flush() {
    if (!this.runStale) return;
    this.rerun();
    this.afterRun();
  }

  /** As flush, and judges the verdict's pending parts now too, for a reader of the whole verdict. */
  settle() {
    this.flush();
    if (this.run.pending === 0) return;
    this.cancelJudging();
    while (this.run.judgeNext());
    this.judged();
  }

  /** Forgets pending judging: a newer run replaces the one it was for. */
  cancelJudging() {
    if (this.judgeRequest) cancelIdle(this.judgeRequest);
    this.judgeRequest = 0;
  }

  /** Judges the verdict's pending parts in idle time, a part or more each time, redrawing as they come. */
  judgeLater() {
    if (this.judgeRequest || this.destroyed || this.run.pending === 0) return;
    const version = this.version;
    this.judgeRequest = whenIdle(() => {
      this.judgeRequest = 0;
      // A newer run cancels this; the check is for a callback already on its way.
      if (this.destroyed || version !== this.version || this.runStale) return;
      // One part a callback: a part is eight runs of the model, 0.3 to 1.3 ms in Chromium here,
      // and all of them together 4 to 5 ms, which would hold up an input arriving meanwhile.
      if (this.run.judgeNext()) {
        this.judgeLater();
        return;
      }
      // The timeline and the words show the whole verdict at once (one more paint, not one a
      // part); the charts of the year shown are unchanged and are not redrawn.
      this.schedule();
      this.judged();
    });
  }

  /** The verdict is whole: the events held for it go out. */
  judged() {
    const held = this.unannounced;
    this.unannounced = null;
    if (held) this.announce(held);
  }

  /**
   * Asks for a frame (`run`: with a run of the model first). However many changes ask before it
   * comes, the frame runs the model at most once and draws each chart at most once, so input
   * never queues behind work for input already replaced.
   */
  schedule({ run = false } = {}) {
    if (run) {
      // Judging the last run's other years would only delay this change's paint.
      this.runStale = true;
      this.cancelJudging();
    }
    if (this.frameRequest || this.destroyed) return;
    this.frameRequest = requestAnimationFrame((time) => this.frame(time));
  }

  /** One frame: time moves on if playing, the model runs if values changed, charts are drawn. */
  frame(time) {
    this.frameRequest = 0;
    if (this.destroyed) return;
    if (this.playing) this.advance(time);
    for (const spec of this.unshown) this.showValue(spec, { moved: true });
    this.unshown.clear();
    this.flush();
    this.paint();
    // Play goes on while the playground is on or near the screen; back in view, it resumes.
    if (this.playing && !this.offscreen) this.schedule();
  }

  /** Reduced motion: the dots stand still and play moves the week a quarter at a time. */
  get still() {
    return this.motionQuery.matches;
  }

  showError(error) {
    this.parts.status.textContent = `Something went wrong: ${error?.message ?? error}`;
  }

  isDark() {
    const theme = this.options.theme;
    return theme === 'dark' || (theme === 'auto' && this.darkQuery.matches);
  }

  /**
   * Draws each chart whose picture is out of date (another run, week, scheme or size; for the
   * loop, the dots' phase) and that is on or near the screen; a chart far off screen keeps its
   * last picture until it comes near, unless it has none at its size (never a blank chart). The
   * first paint draws every chart. Counts a repaint when the run or the week shown moved on or
   * anything was drawn; the words follow just after the frame.
   */
  paint() {
    // The first drawing waits for the layout's sizes (see watchSizes).
    if (this.destroyed || !this.sized) return;
    const { run, week, parts, phase } = this;
    const dark = this.isDark();
    const first = this.paints === 0;
    let state = `${this.version} ${week}`;
    let drawn = 0;
    try {
      // The year shown is judged before anything is drawn (a week moved into a pending year
      // judges it now); the timeline and the words also show how many other parts are known.
      run.judgeWeek(week);
      const known = `${state} ${run.pending}`;
      state = known;
      for (const name of CHARTS) {
        const canvas = parts[`chart-${name}`];
        if (!canvas) continue;
        const size = `${canvas.width}x${canvas.height}`;
        const shows = name === 'bottlenecks' ? known : `${this.version} ${week}`;
        const key = `${shows} ${dark} ${size}${name === 'loop' ? ` ${phase}` : ''}`;
        const was = this.drawnAs.get(canvas);
        if (was === key) continue;
        if (!first && this.hidden.has(canvas) && was?.endsWith(size)) continue;
        DRAW[name](run, canvas, week, phase, dark);
        this.drawnAs.set(canvas, key);
        drawn += 1;
      }
      if (parts.weekOut) setText(parts.weekOut, String(week));
    } catch (error) {
      this.showError(error);
    }
    if (!first && !drawn && state === this.paintedState) return;
    this.paintedState = state;
    this.paints += 1;
    // The first drawing is marked for start-up timing (performance.getEntriesByName).
    if (this.paints === 1) {
      performance.mark('flywheel:first-paint');
      this.onDrawn();
    }
    // The page's own playground reports its repaints on <html> for tests and timing harnesses.
    const counter = this.options.shadow ? this.host : document.documentElement;
    counter.dataset.paints = String(this.paints);
    this.scheduleWords();
  }

  /**
   * Updates the verdict, the loop gain and the charts' text alternatives in the task after the
   * next frame, so laying out text does not hold up the charts' pixels (a frame is 16 ms; the
   * live region announces the settled verdict).
   */
  scheduleWords() {
    if (this.wordsPending || this.wordsState === this.paintedState) return;
    this.wordsPending = true;
    requestAnimationFrame(() => setTimeout(() => {
      this.wordsPending = false;
      if (this.destroyed) return;
      this.wordsState = this.paintedState;
      this.writeWords();
    }));
  }

  writeWords() {
    const { run, week, parts } = this;
    try {
      const panel = run.panel(week);
      if (parts.verdict.dataset.text !== panel.text) {
        parts.verdict.dataset.text = panel.text;
        // The headline names the bottleneck of the year holding the week, in its layer's colour
        // (a tie or none in the text colour); the busiest layer follows, muted.
        const headline = h('p', { className: 'fw-headline' }, panel.lead,
          panel.name ? [' ', h('strong', { textContent: panel.name })] : null, '.');
        const paragraphs = [
          headline,
          panel.detail && h('p', { className: 'fw-detail', textContent: panel.detail }),
          panel.relief && h('p', { className: 'fw-relief', textContent: panel.relief }),
          h('p', { className: 'fw-whole', textContent: panel.whole }),
          h('p', { className: 'fw-busiest', textContent: panel.busiest_text }),
        ].filter(Boolean);
        // Spaces between the paragraphs keep the text one readable run for a screen reader.
        parts.verdict.replaceChildren(...paragraphs.flatMap((p, i) => (i ? [' ', p] : [p])));
        const single = panel.bottleneck && panel.tied.length === 0;
        parts.verdict.style.setProperty('--bottleneck', single ? `var(--fw-${panel.bottleneck})` : 'var(--fw-text)');
        parts.verdict.dataset.bottleneck = panel.bottleneck ?? '';
      }
      const compared = run.pinned ? run.compare(week) : null;
      parts.compare.hidden = !compared;
      if (compared) this.writeCompare(compared);
      this.writeOutcome(panel.figures);
      setText(parts.gain, panel.loop_gain.toFixed(2));
      setText(parts.gainNote, `at week ${week}; median over the run ${panel.loop_gain_median.toFixed(2)}`);
      const captions = run.captions(week);
      for (const name of CHARTS) {
        if (parts[`cap-${name}`]) setText(parts[`cap-${name}`], captions[name]);
      }
    } catch (error) {
      this.showError(error);
    }
  }

  /** A → B in words: each one's bottleneck, and the goal's change, the change in bold. */
  writeCompare(compared) {
    const { compare } = this.parts;
    if (compare.dataset.text === compared.text) return;
    compare.dataset.text = compared.text;
    const [lead, rest] = compared.text.split(/(?<=^A → B\.) /);
    const at = rest.lastIndexOf(' (');
    compare.replaceChildren(h('span', { className: 'fw-compare-lead' },
      h('span', { className: 'fw-a-mark', 'aria-hidden': 'true', textContent: 'A' }), ' → ',
      h('span', { className: 'fw-b-mark', 'aria-hidden': 'true', textContent: 'B' }), h('span', { className: 'fw-hidden', textContent: lead })),
    ' ', rest.slice(0, at), ' ', h('strong', { textContent: rest.slice(at + 1) }));
  }

  /** The headline numbers, rewritten only when the run changed them. */
  writeOutcome(figures) {
    const { outcome } = this.parts;
    const key = figures.map((f) => `${f.value} ${f.label}${f.goal ? ' *' : ''}`).join('|');
    if (outcome.dataset.key === key) return;
    outcome.dataset.key = key;
    outcome.replaceChildren(...figures.map((figure) => h('div', { className: `fw-figure${figure.goal ? ' fw-is-goal' : ''}` },
      h('dt', {}, figure.label, figure.goal ? h('span', { className: 'fw-goal-mark', textContent: ' · the goal' }) : null),
      h('dd', { textContent: figure.value }))));
  }

  /**
   * Holds the live verdict's announcements while the numbers are moving (playing, scrubbing,
   * dragging), so a screen reader hears the verdict once it settles, not one per frame.
   */
  busy(on) {
    if (this.parts.verdict.getAttribute('aria-busy') !== String(on)) {
      this.parts.verdict.setAttribute('aria-busy', String(on));
    }
  }

  /** Marks the verdict busy until 700 ms pass without a change. */
  settling() {
    if (this.playing) return;
    this.busy(true);
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      if (!this.playing && !this.destroyed) this.busy(false);
    }, 700);
  }

  /** Keeps each canvas's bitmap at its CSS box in device pixels, without forcing layout. */
  watchSizes() {
    const canvases = CHARTS.map((c) => this.parts[`chart-${c}`]).filter(Boolean);
    this.canvases = canvases;
    // Opaque canvases (every chart paints its own background) composite without blending.
    for (const canvas of canvases) canvas.getContext('2d', { alpha: false });
    if (!this.host.isConnected || canvases.length === 0) {
      // Nothing will be laid out: draw at the canvases' own sizes.
      this.sized = true;
      queueMicrotask(() => this.paint());
      return;
    }
    for (const canvas of canvases) {
      owners.set(canvas, this);
      sizeWatcher().observe(canvas);
      sightWatcher().observe(canvas);
    }
    owners.set(this.host, this);
    sightWatcher().observe(this.host);
  }

  /** The visibility watcher's report: `target` (a canvas, or the host) is on or near the screen or not. */
  seen(target, near) {
    if (target === this.host) {
      this.offscreen = !near;
      if (near && this.playing) {
        // Back in view: play resumes where it stood, as if no time had passed.
        this.lastTime = 0;
        this.schedule();
      }
      return;
    }
    if (near) {
      this.hidden.delete(target);
      this.schedule();
    } else {
      this.hidden.add(target);
    }
  }

  /** Gives the canvases their new bitmap sizes; true if any changed. */
  applySizes(sizes) {
    let resized = false;
    for (const [canvas, [width, height]] of sizes) {
      if (canvas.width !== width || canvas.height !== height) {
        Object.assign(canvas, { width, height });
        resized = true;
      }
    }
    return resized;
  }

  // ---- Changes ----------------------------------------------------------------------------

  choosePreset(id) {
    this.preset = id;
    this.base = new Map(presetValues(id));
    this.values = new Map(this.base);
    const preset = this.known.presets.find((p) => p.id === id);
    if (this.parts.preset) this.parts.preset.value = id;
    if (this.parts.story) this.parts.story.textContent = preset?.story ?? '';
    if (this.parts.scenario) this.parts.scenario.textContent = preset?.title ?? id;
    this.parts.verdictRegion.setAttribute('aria-label', `Verdict: ${preset?.title ?? id}`);
  }

  /**
   * After a change of values or goal: the run (now if `ran`, else in the next frame, once for
   * every change before it), the paint, the link and the events.
   */
  afterChange({ quiet = false, ran = false } = {}) {
    if (ran) {
      this.version += 1;
      this.runStale = false;
      this.uncertainty?.changed();
      this.schedule();
      this.afterRun({ quiet });
    } else {
      this.schedule({ run: true });
    }
  }

  /** After a run for a change: the link, the notice, the busy verdict and the events (once a frame). */
  afterRun({ quiet = false } = {}) {
    this.scheduleLink();
    if (!quiet) {
      if (!this.parts.notice.hidden) this.showNotice([]);
      this.settling();
    }
    // The events carry the whole-run verdict: they wait until it is judged.
    // A quiet change held with a loud one stays loud.
    this.unannounced = { quiet: quiet && (this.unannounced?.quiet ?? true) };
    if (this.run.pending === 0) this.judged();
  }

  /** Tells listeners about the run just made: `change`, and `bottleneck` when that moved. */
  announce({ quiet = false } = {}) {
    if (quiet) {
      // A quiet change (a starting value) is where the next event's `previous` starts from.
      this.lastBottleneck = this.run.bottleneck;
      return;
    }
    // The panel is worded only if a listener reads it (most inputs have no listener), when it
    // is first read: read it in the listener. After destroy() it is null.
    const owner = this;
    const bottleneck = this.run.bottleneck;
    let panel;
    const detail = {
      bottleneck,
      get panel() {
        if (panel === undefined) panel = owner.destroyed ? null : owner.run.panel(owner.week);
        return panel;
      },
      preset: this.preset,
      goal: this.goal,
      settings: this.settings(),
    };
    this.dispatchEvent(new CustomEvent('change', { detail }));
    if (bottleneck !== this.lastBottleneck) {
      this.dispatchEvent(new CustomEvent('bottleneck', {
        detail: { bottleneck, previous: this.lastBottleneck ?? null },
      }));
    }
    this.lastBottleneck = bottleneck;
  }

  onSlider(input) {
    const spec = this.spec(input.name);
    if (!spec) return;
    const position = Number(input.value);
    const held = this.held.get(spec.id);
    this.values.set(spec.id, held?.position === position ? held.value : sliderValue(spec.id, position));
    // Its words wait for the frame: a change to the page between two key presses would make
    // the next one's default action lay the whole page out again.
    this.unshown.add(spec);
    this.afterChange();
  }

  resetLayer(layer) {
    for (const spec of this.known.specs) {
      if (layer === null || spec.layer === layer) this.values.set(spec.id, this.base.get(spec.id));
    }
    this.syncControls();
    this.afterChange();
  }

  setWeek(week) {
    // The week does not change the futures, which would otherwise go on taking the processor
    // from the slider (a parameter's change stops and restarts them on its own).
    this.uncertainty?.interacting();
    this.settling();
    this.week = Math.max(0, Math.min(this.run.weeks, Math.round(week)));
    if (this.parts.week) this.parts.week.value = String(this.week);
    this.schedule();
  }

  // ---- The link (the page's own playground only) -------------------------------------------

  /** After a pause in changes, records the state in the URL as a new history entry. */
  scheduleLink() {
    if (!this.options.link) return;
    clearTimeout(this.linkTimer);
    this.linkTimer = setTimeout(() => {
      if (this.destroyed || this.playing) return;
      this.flush();
      const hash = this.hash();
      if (hash !== location.hash) history.pushState(null, '', hash);
    }, 250);
  }

  /** This playground's state as a URL hash. */
  hash() {
    this.flush();
    const futures = this.uncertainty?.linkPart();
    return `#${this.run.link(this.week === this.run.weeks ? undefined : this.week)}${futures ? `&${futures}` : ''}`;
  }

  /** Names what could not be used (each problem says what stands in for it, if anything). */
  showNotice(problems, lead = `Part${problems.length > 1 ? 's' : ''} of this link could not be used`) {
    const { notice, noticeText } = this.parts;
    notice.hidden = problems.length === 0;
    noticeText.replaceChildren(...(problems.length
      ? [`${lead}: `, ...problems.flatMap((problem, i) => [i ? '; ' : '', ...isolated(problem)]), '.']
      : []));
  }

  /** Shows the state a hash describes, naming whatever in it could not be used. */
  applyHash(hash) {
    clearTimeout(this.linkTimer);
    if (this.playing) this.setPlaying(false, { link: false });
    const { link, problems } = parseLink(hash, this.run.weeks);
    this.choosePreset(link.preset);
    this.goal = link.goal;
    for (const [id, value] of link.settings) this.values.set(id, value);
    this.week = link.week ?? this.run.weeks;
    this.syncControls();
    this.uncertainty?.fromLink(link.futures);
    const a = link.baseline;
    if (a) {
      const settings = a.settings.map(([id, value]) => `${id}=${value}`);
      try {
        this.run.pinScenario(a.preset, settings, a.goal);
      } catch (error) {
        problems.push(`baseline A: ${error.message ?? error}`);
      }
    } else {
      this.run.unpin();
    }
    this.showPinned();
    this.version += 1;
    this.rerun();
    this.schedule();
    this.showNotice(problems);
    // A state from a link is where the next event's `previous` starts from; none is sent for it.
    this.unannounced = null;
    this.lastBottleneck = this.run.bottleneck;
  }

  // ---- Play -------------------------------------------------------------------------------

  /** Starts or stops time; `link: false` stops without recording the stop in the URL. */
  setPlaying(playing, { link = true } = {}) {
    this.playing = playing;
    if (this.parts.play) {
      this.parts.play.classList.toggle('fw-playing', playing);
      this.parts.playText.textContent = playing ? 'Pause' : 'Play';
    }
    this.busy(playing);
    if (!playing) {
      if (link) this.scheduleLink();
      return;
    }
    if (this.week >= this.run.weeks) this.week = 0;
    this.simulated = this.week;
    this.lastTime = 0;
    this.schedule();
  }

  /** Moves time on to the frame at `time` (ms): the week, and the dots unless motion is reduced. */
  advance(time) {
    const seconds = this.lastTime ? Math.min(0.1, (time - this.lastTime) / 1000) : 0;
    this.lastTime = time;
    this.simulated += seconds * PLAY_WEEKS_PER_SECOND;
    if (!this.still) this.phase = (this.phase + seconds * DOTS_PER_SECOND) % 1;
    if (this.simulated >= this.run.weeks) {
      this.simulated = this.run.weeks;
      this.setPlaying(false);
    }
    const step = this.still && this.playing ? STILL_STEP_WEEKS : 1;
    this.week = Math.floor(this.simulated / step) * step;
    if (this.parts.week) this.parts.week.value = String(this.week);
  }
}

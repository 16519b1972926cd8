// Types for the Flywheel playground's module (`flywheel-playground`): mount(), its handle and
// its events. The element is typed in element.d.ts, the wasm facade in pkg/flywheel.d.ts.

/** The eight layers of the flywheel, in loop order. */
export type Layer =
  | 'compute' | 'models' | 'applications' | 'users'
  | 'payments' | 'incentives' | 'verification' | 'trust';

/** The six stories the model tells. */
export type PresetId =
  | 'healthy' | 'models-nobody-uses' | 'apps-without-audience'
  | 'hype-without-value' | 'verification-ignored' | 'compute-crunch';

export type Chart = 'loop' | 'demand' | 'funnel' | 'bottlenecks';
/** What the verdict maximises: cumulative paid requests (default), revenue, or active users
 * (user-weeks). */
export type Goal = 'paid' | 'revenue' | 'users';
export type Controls = 'full' | 'compact' | 'none';
export type Theme = 'auto' | 'light' | 'dark';

/** A parameter id, `layer.name`, e.g. `users.word_of_mouth` (see `flywheel params`). */
export type ParamId = `${Layer}.${string}`;

export interface MountOptions {
  /** The story to start from (default `healthy`). */
  preset?: PresetId;
  /** What the bottleneck is judged by: the layer whose relief raises this most (default
   * `paid`). The full controls offer it as a menu; a link carries it as `g=`. */
  goal?: Goal;
  /** The layers whose sliders are shown, as a list or comma-separated (default `all`); `none`,
   * an empty string or an empty list for none. */
  layers?: Layer[] | 'all' | 'none' | string;
  /** The week shown at the start, a whole number from 0 to 260 (default 260, the end). */
  week?: number | string;
  /** The charts drawn, as a list or comma-separated (default `all`, the four); `none`, an empty
   * string or an empty list for none. */
  charts?: Chart[] | 'all' | 'none' | string;
  /** `full`: preset menu, resets, play, week and sliders; `compact`: play, week and sliders;
   * `none`: charts and verdict only (default `full`). */
  controls?: Controls;
  /** `auto` follows the reader's colour scheme (default). */
  theme?: Theme;
  /** Height of each chart in CSS pixels, 160 to 2000 (default: each chart's own proportions). */
  height?: number | string;
  /** The Uncertainty view, the odds of each bottleneck across many futures worked out in Web
   * Workers: `none` (default), `closed` (a button runs it) or `open` (running from the start).
   * It loads uncertainty.js and ensemble-worker.js beside playground.js. */
  uncertainty?: 'none' | 'closed' | 'open';
  /** A/B comparison: `button` (default) shows "Pin as baseline" among the controls, `none`
   * hides it (pin() still works). */
  compare?: 'button' | 'none';
  /** A preset pinned as the baseline, scenario A, from the start; the playground's scenario is
   * B. Every chart draws A dashed behind B and the verdict says A → B. */
  baseline?: PresetId;
  /** A whole state as the playground page's link writes it (what follows `#`: preset, week,
   * goal, values, the Uncertainty view's futures and a pinned baseline), read as that link is:
   * what cannot be used is named in the notice. It wins over the options that say the same.
   * The page's "Embed this" writes it when the futures or a baseline need it. */
  state?: string;
  /** Starting values of parameters; a value that is not allowed is named in the playground's
   * notice (at most five named, quoting at most 40 characters of each) and the preset's value
   * kept. More than 2,000 characters in all (written `id=value,...`) are not read. (The element
   * takes them as `values="id=value,..."`.) */
  values?: Partial<Record<ParamId, number | string>>;
  /** Render into the element itself instead of a shadow root (one playground per page only). */
  shadow?: boolean;
  /** Keep the state in the page's URL hash (one playground per page only). */
  link?: boolean;
  /** The folder holding playground.css and pkg/flywheel_bg.wasm, for bundlers that do not
   * resolve `new URL(..., import.meta.url)` (default: the module's own folder). */
  assets?: string | URL;
}

/** One headline number of a run, as the playground shows it. */
export interface Figure {
  /** `10.9G`, `71×`, `$69.6M`. */
  value: string;
  /** `paid requests in five years`, `served demand grew in five years`, ... */
  label: string;
  /** Whether this is the goal the verdict maximises. */
  goal: boolean;
}

/** The verdict panel for the week shown: the bottleneck of the year (stage of growth) that
 * holds it. */
export interface Panel {
  week: number;
  goal: Goal;
  /** The year holding the week (1 for weeks 0 to 52) and its weeks. */
  year: number;
  from_week: number;
  to_week: number;
  /** The year's bottleneck, the first in loop order of a tie; null when no relief in that year
   * raises the goal (`detail` says why). */
  bottleneck: Layer | null;
  /** Every layer of a tie, in loop order; empty otherwise. */
  tied: Layer[];
  /** `Bottleneck in year 3:` or `No bottleneck in year 3`. */
  lead: string;
  /** `compute`, `compute and models, tied`, or empty. */
  name: string;
  /** `Bottleneck in year 3: compute`. */
  headline: string;
  /** How the bottleneck holds the loop back, in that week's numbers; or why there is none. */
  detail: string;
  /** What relieving it in that year adds to the goal, and the next best layer. */
  relief: string;
  /** The whole-run verdict: `Over all five years: compute, +10.4% paid requests.` */
  whole: string;
  /** The layer at the highest share of its capacity that week: where requests queue, which
   * need not be the bottleneck. */
  busiest: Layer;
  busiest_load: number;
  busiest_text: string;
  /** Everything above in one paragraph. */
  text: string;
  loop_gain: number;
  loop_gain_median: number;
  /** The run's headline numbers (the same every week). */
  figures: Figure[];
}

export interface ChangeDetail {
  /** The whole-run bottleneck; null when no relief raises the goal. */
  bottleneck: Layer | null;
  /** Worded when first read: read it in the listener. Null once the playground is destroyed. */
  readonly panel: Panel | null;
  preset: PresetId;
  goal: Goal;
  /** The values that differ from the preset, as `layer.param=value`. */
  settings: string[];
}

/** Fired when the whole-run bottleneck changes. */
export interface BottleneckDetail {
  bottleneck: Layer | null;
  previous: Layer | null;
}

/** One layer's relief and what it adds to the goal. */
export interface ReliefGain {
  layer: Layer;
  /** The goal with this layer relieved, in the goal's unit. */
  goal: number;
  gain: number;
  /** Null where the goal without relief is 0. */
  gain_percent: number | null;
}

/** Which layer's relief pays most over some weeks. */
export interface Ranking {
  bottleneck: Layer | null;
  tied: Layer[];
  note: string | null;
  baseline_goal: number;
  gains: ReliefGain[];
}

/** A year of growth: relief only in its weeks, the goal counted to the end of the run. */
export interface Stage extends Ranking {
  from_week: number;
  to_week: number;
}

/** A run's results as plain data: verdict, summary, units and every series (see MODEL.md). */
export interface Results {
  preset: PresetId | null;
  bottleneck: Layer | null;
  stages: Stage[];
  params: { id: ParamId; value: number }[];
  verdict: Ranking & {
    goal: Goal;
    relief_percent: number;
    stages: Stage[];
  };
  summary: Record<string, unknown>;
  series: {
    week: number[];
    layers: {
      layer: Layer;
      stock: number[];
      demand: number[];
      served: number[];
      capacity: number[];
      utilization: number[];
      lost: number[];
    }[];
    money: Record<string, number[]>;
    served_requests: number[];
    paid_requests: number[];
    cumulative_paid_requests: number[];
    served_fraction: number[];
    trust_level: number[];
    loop_gain: number[];
    binding: Layer[];
  };
  [key: string]: unknown;
}

/** The files a playground makes. */
export type FileKind = 'scenario' | 'csv' | 'json' | 'xmile' | 'png' | 'svg';
/** The Uncertainty view's charts, while it is open. */
export type FuturesChart = 'odds' | 'fan' | 'tornado';

export interface ExportedFile {
  /** A name to save it under, e.g. `flywheel-healthy-funnel-week60.svg`. */
  name: string;
  type: string;
  blob: Blob;
}

/** Two scenarios compared at a week, both measured by B's goal. */
export interface Compare {
  goal: Goal;
  /** The bottleneck of the year holding the week, in A and in B. */
  a_bottleneck: Layer | null;
  b_bottleneck: Layer | null;
  /** The bottleneck over the whole run. */
  a_whole: Layer | null;
  b_whole: Layer | null;
  /** The goal each reached over the run, and B less A, also as a percentage of A (null when
   * A reached nothing). */
  a_goal: number;
  b_goal: number;
  change: number;
  change_percent: number | null;
  /** All of it in words: `A → B. Bottleneck in year 4: compute → applications; ...`. */
  text: string;
}

export interface PlaygroundEventMap {
  change: CustomEvent<ChangeDetail>;
  bottleneck: CustomEvent<BottleneckDetail>;
}

/** One playground, as mount() returns it. */
export interface Playground extends EventTarget {
  /** The current value of a parameter. Throws an Error naming an unknown parameter. */
  get(param: ParamId): number;
  /** Sets a parameter and re-runs; throws an Error naming the parameter and its range when the
   * value is not allowed (the playground is then unchanged). */
  set(param: ParamId, value: number | string): this;
  /** Chooses what the verdict maximises and re-runs. Throws an Error naming another goal. */
  setGoal(goal: Goal): this;
  /** The headline numbers: paid requests, growth, revenue and users (or user-weeks). */
  outcome(): { figures: Figure[] };
  /** The run's results as plain data. */
  results(): Results;
  /** The verdict panel at the week shown. */
  verdict(): Panel;
  setTheme(theme: Theme): this;
  /** Pins the scenario shown as the baseline A; the sliders go on changing B. */
  pin(): this;
  /** Clears the baseline. */
  unpin(): this;
  /** Swaps A and B; throws an Error when nothing is pinned. */
  swap(): this;
  /** A against B at the week shown, or null when nothing is pinned. */
  compare(): Compare | null;
  /** A file of this playground: the scenario file, the run as CSV or JSON (as `flywheel run`
   * prints it; both scenarios, tagged A and B, while one is pinned), the model as XMILE 1.0,
   * or a chart as PNG (the canvas's pixels) or SVG (drawn by the same Rust code). Rejects
   * with an Error naming what cannot be made. */
  file(kind: FileKind, options?: { chart?: Chart | FuturesChart }): Promise<ExportedFile>;
  /** Saves file(kind, options) as a download; resolves to the file's name. */
  download(kind: FileKind, options?: { chart?: Chart | FuturesChart }): Promise<string>;
  /** Opens a scenario file (its text, or a File or Blob): its preset, values, goal and
   * futures replace the scenario shown; run options the page does not use are named in the
   * notice. Rejects with an Error naming the key, value or range that is wrong, and nothing
   * changes then. */
  openScenario(source: string | Blob): Promise<this>;
  /** Stops everything, removes the playground's DOM and frees it. Calling it again does
   * nothing; the other methods throw afterwards. */
  destroy(): void;
  addEventListener<K extends keyof PlaygroundEventMap>(
    type: K, listener: (event: PlaygroundEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof PlaygroundEventMap>(
    type: K, listener: (event: PlaygroundEventMap[K]) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/** Renders a playground into `element`; rejects with an Error naming a bad option. */
export function mount(element: Element, options?: MountOptions): Promise<Playground>;

/** Fetches and compiles the wasm module (once per page); mount() calls it for you. */
export function loadModel(assets?: string | URL): Promise<unknown>;

/** Starts fetching the wasm and the stylesheet early, for a page that will mount soon. */
export function preload(assets?: string | URL): void;


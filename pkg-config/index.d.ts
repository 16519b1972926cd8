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
export type Controls = 'full' | 'compact' | 'none';
export type Theme = 'auto' | 'light' | 'dark';

/** A parameter id, `layer.name`, e.g. `users.word_of_mouth` (see `flywheel params`). */
export type ParamId = `${Layer}.${string}`;

export interface MountOptions {
  /** The story to start from (default `healthy`). */
  preset?: PresetId;
  /** The layers whose sliders are shown, as a list or comma-separated (default all). */
  layers?: Layer[] | string;
  /** The charts drawn, as a list or comma-separated (default all four). */
  charts?: Chart[] | string;
  /** `full`: preset menu, resets, play, week and sliders; `compact`: play, week and sliders;
   * `none`: charts and verdict only (default `full`). */
  controls?: Controls;
  /** `auto` follows the reader's colour scheme (default). */
  theme?: Theme;
  /** Height of each chart in CSS pixels, 160 to 2000 (default: each chart's own proportions). */
  height?: number | string;
  /** Starting values of parameters; a value that is not allowed is named in the playground's
   * notice and the preset's value kept. (The element takes them as `values="id=value,..."`.) */
  values?: Partial<Record<ParamId, number | string>>;
  /** Render into the element itself instead of a shadow root (one playground per page only). */
  shadow?: boolean;
  /** Keep the state in the page's URL hash (one playground per page only). */
  link?: boolean;
  /** The folder holding playground.css and pkg/flywheel_bg.wasm, for bundlers that do not
   * resolve `new URL(..., import.meta.url)` (default: the module's own folder). */
  assets?: string | URL;
}

/** The verdict panel for the week shown. */
export interface Panel {
  week: number;
  bottleneck: Layer;
  headline: string;
  detail: string;
  relief: string;
  /** Headline, detail and relief in one paragraph. */
  text: string;
  /** The layer with the highest utilization in the week shown. */
  binding: Layer;
  loop_gain: number;
  loop_gain_median: number;
}

export interface ChangeDetail {
  bottleneck: Layer;
  /** Worded when first read: read it in the listener. Null once the playground is destroyed. */
  readonly panel: Panel | null;
  preset: PresetId;
  /** The values that differ from the preset, as `layer.param=value`. */
  settings: string[];
}

export interface BottleneckDetail {
  bottleneck: Layer;
  previous: Layer | null;
}

/** A run's results as plain data: verdict, summary, units and every series (see MODEL.md). */
export interface Results {
  preset: PresetId | null;
  bottleneck: Layer;
  params: { id: ParamId; value: number }[];
  verdict: {
    bottleneck: Layer;
    relief_percent: number;
    baseline_goal: number;
    gains: { layer: Layer; goal: number; gain_percent: number }[];
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
  /** The run's results as plain data. */
  results(): Results;
  /** The verdict panel at the week shown. */
  verdict(): Panel;
  setTheme(theme: Theme): this;
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


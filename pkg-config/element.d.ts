// Types for `flywheel-playground/element`: everything the module exports, and the
// <flywheel-playground> element, which this module defines when imported.
import type { Figure, Goal, ParamId, Panel, Playground, PlaygroundEventMap, Results } from './index.js';

export * from './index.js';

/** `<flywheel-playground>`: attributes preset, goal, week, layers, charts, controls, theme,
 * height, uncertainty and values (`id=value,...`). */
export declare class FlywheelPlayground extends HTMLElement {
  /** The current playground once drawn; rejects with an Error naming a bad attribute, or when
   * the element is destroyed or removed first. A new promise after each change of attributes. */
  readonly ready: Promise<Playground>;
  get(param: ParamId): number;
  set(param: ParamId, value: number | string): this;
  setGoal(goal: Goal): this;
  outcome(): { figures: Figure[] };
  results(): Results;
  verdict(): Panel;
  /** Removes the playground and frees it: no more events, no canvas left. */
  destroy(): void;
  addEventListener<K extends keyof PlaygroundEventMap>(
    type: K, listener: (this: FlywheelPlayground, event: PlaygroundEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener<K extends keyof HTMLElementEventMap>(
    type: K, listener: (this: FlywheelPlayground, event: HTMLElementEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'flywheel-playground': FlywheelPlayground;
  }
}

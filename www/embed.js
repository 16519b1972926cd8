// <flywheel-playground preset="..." goal="paid|revenue|users" week="60" layers="..."
// charts="...|none" controls="full|compact|none" theme="auto|light|dark" height="480"
// values="users.word_of_mouth=0.8,...">: the playground as a tag. Several tags on one page are
// independent and share one wasm module. The element
// forwards the playground's `change` and `bottleneck` events and offers the handle's methods.
import { isolated, mount, OPTIONS as TEXT_OPTIONS, preload } from './playground.js';

export { mount, loadModel, preload } from './playground.js';

const OPTIONS = [...TEXT_OPTIONS, 'values'];

// A page that loads this module has tags to fill: start the downloads before they upgrade.
preload();

/**
 * `a.b=1,c.d=2` as `{ 'a.b': '1', 'c.d': '2' }`; a malformed entry is kept for mount to name
 * (mount reads them as a link's values are, with the same bounds on length and problems named).
 */
function values(text) {
  const entries = String(text).split(',').map((s) => s.trim()).filter(Boolean);
  return Object.fromEntries(entries.map((entry) => {
    const at = entry.indexOf('=');
    return at < 0 ? [entry, ''] : [entry.slice(0, at).trim(), entry.slice(at + 1).trim()];
  }));
}

export class FlywheelPlayground extends HTMLElement {
  static observedAttributes = OPTIONS;

  constructor() {
    super();
    this.handle = null;
    this.renders = 0;
    this.queue = Promise.resolve();
    this.fresh();
  }

  /**
   * Resolves to the current playground once it has drawn; rejects with an Error naming a bad
   * attribute, or when the element is destroyed or removed first. Each change of attributes
   * makes a new playground, and a new promise.
   */
  get ready() {
    return this.pending.promise;
  }

  fresh() {
    const pending = {};
    pending.promise = new Promise((resolve, reject) => Object.assign(pending, { resolve, reject }));
    pending.promise.catch(() => {});
    this.pending = pending;
  }

  connectedCallback() {
    this.render();
  }

  disconnectedCallback() {
    this.destroy();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.render();
  }

  /**
   * Renders after the attributes settle: renders run one after another, and one that a later
   * change has made out of date is skipped, so quick changes end in one playground, the last.
   */
  render() {
    const render = ++this.renders;
    if (this.pending.settled) this.fresh();
    const pending = this.pending;
    this.queue = this.queue.then(async () => {
      if (render !== this.renders || !this.isConnected) return;
      this.handle?.destroy();
      this.handle = null;
      const options = Object.fromEntries(OPTIONS.filter((o) => this.hasAttribute(o)).map((o) => [o, this.getAttribute(o)]));
      if ('values' in options) options.values = values(options.values);
      try {
        const handle = await mount(this, options);
        if (render !== this.renders || !this.isConnected) {
          handle.destroy();
          return;
        }
        this.handle = handle;
        for (const type of ['change', 'bottleneck']) {
          handle.addEventListener(type, (event) => {
            this.dispatchEvent(new CustomEvent(type, { detail: event.detail, bubbles: true, composed: true }));
          });
        }
        pending.settled = true;
        pending.resolve(handle);
      } catch (error) {
        if (render !== this.renders) return;
        // A bad attribute is named inside the element, where the playground would have been.
        const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
        const message = document.createElement('p');
        message.setAttribute('role', 'alert');
        message.append('Flywheel playground: ', ...isolated(error.message ?? error));
        // Content given inside the tag (a story) still shows, after the message.
        root.replaceChildren(message, document.createElement('slot'));
        pending.settled = true;
        pending.reject(error);
      }
    });
  }

  /** The current value of a parameter, e.g. `users.word_of_mouth`. */
  get(param) {
    return this.playground().get(param);
  }

  /** Sets a parameter and re-runs; throws an Error naming a bad value and the allowed range. */
  set(param, value) {
    this.playground().set(param, value);
    return this;
  }

  /** Chooses what the verdict maximises (`paid`, `revenue` or `users`); throws on another. */
  setGoal(goal) {
    this.playground().setGoal(goal);
    return this;
  }

  /** The headline outcome: paid requests, growth, revenue and users. */
  outcome() {
    return this.playground().outcome();
  }

  /** The run's results as plain data. */
  results() {
    return this.playground().results();
  }

  /** The verdict panel at the week shown. */
  verdict() {
    return this.playground().verdict();
  }

  /** Removes the playground and frees it: no more events, no canvas left. */
  destroy() {
    this.renders += 1;
    this.handle?.destroy();
    this.handle = null;
    if (!this.pending.settled) {
      this.pending.settled = true;
      this.pending.reject(new Error('the playground was destroyed before it was ready'));
    }
  }

  playground() {
    if (!this.handle) throw new Error('the playground is not ready (await element.ready) or was destroyed');
    return this.handle;
  }
}

if (!customElements.get('flywheel-playground')) {
  customElements.define('flywheel-playground', FlywheelPlayground);
}

// <flywheel-playground preset="..." layers="..." charts="..." controls="full|compact|none"
// theme="auto|light|dark" height="480">: the playground as a tag. Several tags on one page are
// independent and share one wasm module. The element forwards the playground's `change` and
// `bottleneck` events and offers the same methods as the handle `mount` returns.
import { mount, preload } from './playground.js';

export { mount, loadModel } from './playground.js';

// A page that loads this module has tags to fill: start the downloads before they upgrade.
preload();

const OPTIONS = ['preset', 'layers', 'charts', 'controls', 'theme', 'height'];

export class FlywheelPlayground extends HTMLElement {
  static observedAttributes = OPTIONS;

  constructor() {
    super();
    this.handle = null;
    this.renders = 0;
    /** Resolves to the playground once it has drawn; rejects with an Error naming a bad option. */
    this.ready = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    this.ready.catch(() => {});
  }

  connectedCallback() {
    this.render();
  }

  disconnectedCallback() {
    this.destroy();
  }

  attributeChangedCallback() {
    if (this.isConnected && this.renders > 0) this.render();
  }

  async render() {
    const render = ++this.renders;
    this.handle?.destroy();
    this.handle = null;
    const options = Object.fromEntries(OPTIONS.filter((o) => this.hasAttribute(o)).map((o) => [o, this.getAttribute(o)]));
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
      this.settle.resolve(handle);
    } catch (error) {
      // A bad attribute is named inside the element, where the playground would have been.
      const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      const message = document.createElement('p');
      message.setAttribute('role', 'alert');
      message.textContent = `Flywheel playground: ${error.message ?? error}`;
      root.replaceChildren(message);
      this.settle.reject(error);
    }
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
  }

  playground() {
    if (!this.handle) throw new Error('the playground is not ready (await element.ready) or was destroyed');
    return this.handle;
  }
}

if (!customElements.get('flywheel-playground')) {
  customElements.define('flywheel-playground', FlywheelPlayground);
}

// The page inside an embed frame: a playground from the query (preset, layers, charts, controls,
// theme, height, and parameter values by id, e.g. users.word_of_mouth=0.8), telling the host
// page its height whenever it changes (frame.js on the host listens).
import { mount } from './playground.js';

const OPTIONS = ['preset', 'layers', 'charts', 'controls', 'theme', 'height'];
const query = new URLSearchParams(location.search);
const options = { shadow: false, values: {} };
for (const [key, value] of query) {
  if (OPTIONS.includes(key)) options[key] = value;
  else if (key.includes('.')) options.values[key] = value;
}
options.controls ??= 'compact';

const app = document.getElementById('app');
let reported = 0;
new ResizeObserver(() => {
  const height = document.documentElement.scrollHeight;
  if (height !== reported && parent !== window) {
    reported = height;
    parent.postMessage({ type: 'flywheel:size', height }, '*');
  }
}).observe(document.body);

window.flywheel = {
  ready: mount(app, options).then((playground) => {
    window.flywheel.playground = playground;
    return playground;
  }, (error) => {
    const message = document.createElement('p');
    message.className = 'frame-error';
    message.setAttribute('role', 'alert');
    message.textContent = `Flywheel playground: ${error.message ?? error}`;
    app.replaceChildren(message);
    throw error;
  }),
};

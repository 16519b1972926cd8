// The page inside an embed frame: a playground from the query (preset, goal, week, layers, charts,
// controls, theme, height, and parameter values by id, e.g. users.word_of_mouth=0.8), telling the host
// page its height whenever it changes and taking the host's colour scheme (frame.js on the host
// does both ends).
import { isolated, mount, OPTIONS } from './playground.js';
const query = new URLSearchParams(location.search);
const options = { shadow: false, values: {} };
for (const [key, value] of query) {
  if (OPTIONS.includes(key)) options[key] = value;
  // Anything else is a starting value, and mount names it if it is not a parameter's id.
  else options.values[key] = value;
}
options.controls ??= 'compact';

const app = document.getElementById('app');
let reported = 0;
new ResizeObserver(() => {
  // The body, not the document: a document is never shorter than its frame, so it could not shrink.
  const height = Math.ceil(document.body.getBoundingClientRect().height);
  if (height !== reported && parent !== window) {
    reported = height;
    parent.postMessage({ type: 'flywheel:size', height }, '*');
  }
}).observe(document.body);

// Without a theme of its own the frame follows the host page's scheme, which frame.js sends
// (possibly before the playground is ready, so the latest one is kept).
const followHost = !query.has('theme') || query.get('theme') === 'auto';
let hostTheme = null;
let playground = null;
addEventListener('message', (event) => {
  const data = event.data;
  if (event.source !== parent || !data || data.type !== 'flywheel:theme' || !followHost) return;
  if (!['auto', 'light', 'dark'].includes(data.theme)) return;
  hostTheme = data.theme;
  playground?.setTheme(hostTheme);
});

window.flywheel = {
  ready: mount(app, options).then((ready) => {
    playground = ready;
    window.flywheel.playground = ready;
    if (hostTheme) ready.setTheme(hostTheme);
    return ready;
  }, (error) => {
    const message = document.createElement('p');
    message.className = 'frame-error';
    message.setAttribute('role', 'alert');
    message.append('Flywheel playground: ', ...isolated(error.message ?? error));
    app.replaceChildren(message);
    return null;
  }),
};

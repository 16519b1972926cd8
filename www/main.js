// The page: one playground bound to the URL hash, and the embed codes for the state it shows.
import { mount } from './playground.js';

const $ = (id) => document.getElementById(id);

/** The tag and frame forms of the playground as it is now (preset, goal, week and changed
 * values; the futures and a baseline as its link's state), with absolute addresses. Nothing in them is inline, so they suit hosts with a strict CSP. */
function embedCodes(playground) {
  const base = new URL('.', location.href);
  const { preset, goal, week } = playground;
  const settings = playground.settings();
  // The goal and the week are written only when they are not the defaults, as in the link.
  const options = {
    preset,
    ...(goal === 'paid' ? {} : { goal }),
    ...(week === playground.run.weeks ? {} : { week: String(week) }),
    controls: 'full',
    // An open Uncertainty view opens in the embed too.
    ...(playground.uncertainty?.open ? { uncertainty: 'open' } : {}),
  };
  // What the options above cannot say (the futures' seed, number and ranges, a pinned
  // baseline) goes whole, as the page's link has it.
  if (playground.uncertainty?.open || playground.run.pinned) options.state = playground.hash().slice(1);
  const values = settings.length ? ` values="${settings.join(',')}"` : '';
  const attribute = (value) => String(value).replaceAll('&', '&amp;').replaceAll('"', '&quot;');
  const attributes = Object.entries(options).map(([name, value]) => ` ${name}="${attribute(value)}"`).join('');
  const tag = `<script type="module" src="${new URL('embed.js', base)}"></script>\n` +
    `<flywheel-playground${attributes} theme="auto"${values}></flywheel-playground>`;
  const query = new URLSearchParams(options);
  for (const setting of settings) {
    const [id, value] = setting.split('=');
    query.append(id, value);
  }
  const frame = `<iframe src="${new URL(`embed.html?${query}`, base)}" title="Flywheel playground: ${preset}" width="100%" height="900"></iframe>\n` +
    `<script type="module" src="${new URL('frame.js', base)}"></script>`;
  return { tag, frame };
}

function wireEmbedPanel(playground) {
  const panel = $('embed-panel');
  const open = $('embed-open');
  const refresh = () => {
    const { tag, frame } = embedCodes(playground);
    $('embed-tag').textContent = tag;
    $('embed-frame').textContent = frame;
  };
  const show = (shown) => {
    panel.hidden = !shown;
    open.setAttribute('aria-expanded', String(shown));
    if (shown) refresh();
  };
  open.addEventListener('click', () => show(panel.hidden));
  // Escape closes the panel from anywhere and gives focus back to the button that opened it.
  addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || panel.hidden) return;
    show(false);
    open.focus();
  });
  playground.addEventListener('change', refresh);
  // The week and play are not changes of the run: the codes follow them a frame later.
  const later = () => requestAnimationFrame(() => {
    if (!panel.hidden) refresh();
  });
  $('app').addEventListener('input', later);
  $('app').addEventListener('click', later);
  panel.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-copy]');
    if (!button) return;
    const text = $(button.dataset.copy).textContent;
    try {
      await navigator.clipboard.writeText(text);
      $('embed-copied').textContent = 'Copied.';
    } catch {
      // Without clipboard access, select the code so the reader can copy it by hand.
      getSelection().selectAllChildren($(button.dataset.copy));
      $('embed-copied').textContent = 'Selected: press Ctrl+C or ⌘C to copy.';
    }
  });
}

/** The skip link moves focus to the first slider without touching the hash, which holds the state. */
function wireSkipLink(playground) {
  document.querySelector('.skip-link')?.addEventListener('click', (event) => {
    event.preventDefault();
    playground.root.querySelector('input[type=range][name]')?.focus();
  });
}

window.flywheel = {
  ready: mount($('app'), { shadow: false, link: true, uncertainty: 'closed' }).then((playground) => {
    window.flywheel.playground = playground;
    wireEmbedPanel(playground);
    wireSkipLink(playground);
    return playground;
  }, (error) => {
    $('app').textContent = `The playground could not start: ${error.message ?? error}`;
    throw error;
  }),
};

// For pages that embed Flywheel as an <iframe>: sizes each frame to its content as the frame
// reports it, and tells the frames this page's colour scheme where the page sets one (a frame
// otherwise follows the reader's). Include once per page; other frames are left alone.
const frames = new Set();

/**
 * `dark` or `light` where this page declares just one colour scheme (the root's color-scheme
 * property, else <meta name="color-scheme">), else `auto`.
 */
function scheme() {
  let declared = getComputedStyle(document.documentElement).colorScheme.trim();
  if (declared === 'normal') {
    declared = document.querySelector('meta[name="color-scheme"]')?.content.trim() ?? '';
  }
  return declared === 'dark' || declared === 'light' ? declared : 'auto';
}

/** Whether a message came from this frame's own page (same window and origin as its src). */
function from(frame, event) {
  if (frame.contentWindow !== event.source) return false;
  try {
    return new URL(frame.src, location.href).origin === event.origin;
  } catch {
    return false;
  }
}

function tell(frame) {
  frame.contentWindow?.postMessage({ type: 'flywheel:theme', theme: scheme() }, '*');
}

addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'flywheel:size' || !Number.isFinite(data.height)) return;
  for (const frame of document.querySelectorAll('iframe')) {
    if (!from(frame, event)) continue;
    frame.style.height = `${Math.ceil(Math.min(Math.max(data.height, 120), 10000))}px`;
    if (!frames.has(frame)) {
      frames.add(frame);
      tell(frame);
    }
  }
});

// A page that switches its scheme (a class or attribute on <html>, or the reader's setting)
// passes the change on.
const update = () => frames.forEach(tell);
new MutationObserver(update).observe(document.documentElement, { attributes: true });
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', update);

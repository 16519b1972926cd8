// For pages that embed Flywheel as an <iframe>: sizes each frame to its content as the frame
// reports it. Include once per page; it does nothing for frames that are not Flywheel's.
addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'flywheel:size' || !Number.isFinite(data.height)) return;
  for (const frame of document.querySelectorAll('iframe')) {
    if (frame.contentWindow === event.source) {
      frame.style.height = `${Math.ceil(Math.min(Math.max(data.height, 120), 10000))}px`;
    }
  }
});

// The second wasm module (flywheel_study_bg.wasm: the model with the ensemble, the files a page
// exports and opens, and their charts as SVG), apart from the playground's own so that a page
// that never opens the Uncertainty view or a file does not fetch it. Compiled once for the page
// and its workers, and instantiated here once, whoever asks first.
import initStudy from './pkg/flywheel_study.js';

let compiled = null;

/** The compiled module of `url`, instantiated in this page; the same promise for every caller. */
export function studyModule(url) {
  compiled ??= WebAssembly.compileStreaming(fetch(url)).catch(async () => {
    const response = await fetch(url);
    return WebAssembly.compile(await response.arrayBuffer());
  }).then(async (module) => {
    await initStudy({ module_or_path: module });
    return module;
  });
  return compiled;
}

// A module worker of the Uncertainty view (uncertainty.js): builds the same Study as the page
// from the same inputs and answers its jobs one at a time, the counts of runs start..end as
// transferable bytes and the tornado as plain data. The page ignores answers of an older
// generation and terminates a worker busy with one.
import init, { Study } from './pkg/flywheel_study.js';

let ready = null;
let study = null;
/** The inputs `study` was built from, as text, so a new scenario builds a new one. */
let built = '';

self.onmessage = async ({ data }) => {
  const { generation, job, ask, module } = data;
  try {
    // The page compiles the wasm once and sends the module: instantiating it takes a few ms.
    ready ??= init({ module_or_path: module });
    await ready;
    const key = JSON.stringify(ask);
    if (key !== built) {
      study?.free();
      study = null;
      study = new Study(ask.preset, ask.settings, ask.goal, ask.spread, ask.runs, ask.seed, ask.vary, ask.verdicts);
      built = key;
    }
    const started = performance.now();
    if (job.kind === 'tornado') {
      postMessage({ generation, job, swings: study.tornado(), ms: performance.now() - started });
    } else {
      const bytes = study.work(job.start, job.end);
      postMessage({ generation, job, bytes: bytes.buffer, ms: performance.now() - started }, [bytes.buffer]);
    }
  } catch (error) {
    postMessage({ generation, job, error: String(error?.message ?? error) });
  }
};

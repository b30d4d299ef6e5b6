// The page's background worker: the same WebAssembly model as the page, for the work that takes
// longer than a frame (the Monte Carlo; the binding factor and what the levers buy, which take
// 8 x clusters + 2 perturbed runs), so the sliders never wait for it.
import createClustersim from './wasm/clustersim.mjs';

let sim = null;
const module = createClustersim();

function post(type, id, payload) {
  self.postMessage({ type, id, ...payload });
}

self.onmessage = async (event) => {
  const m = event.data;
  const M = await module;
  try {
    if (m.type === 'init') {
      sim = new M.Simulator(m.doc);
      post('ready', m.id, {});
    } else if (m.type === 'analyse') {
      post('analyse', m.id, { state: m.state, result: JSON.parse(sim.analyse(m.state)) });
    } else if (m.type === 'mc') {
      const start = JSON.parse(sim.mcStart(m.state, m.n, m.seed));
      if (start.error) {
        post('mc', m.id, { result: start });
        return;
      }
      let done = 0;
      const t0 = performance.now();
      while (done < m.n) {
        done = sim.mcStep(10);
        post('mc-progress', m.id, { done, n: m.n });
      }
      const result = JSON.parse(sim.mcResult());
      result.seconds = (performance.now() - t0) / 1000;
      post('mc', m.id, { result });
    }
  } catch (e) {
    post(m.type, m.id, { result: { error: String(e && e.message ? e.message : e) } });
  }
};

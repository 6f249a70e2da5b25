// Module Web Worker entry: loads the engine's wasm (crates/worker), then hands every message to it.
// onmessage is registered at once, so nothing sent while the wasm compiles is lost; the wasm
// posts its own typed responses (JSON strings of entity_lens_protocol::Response).
import init, { load, handle } from './pkg/entity_lens_worker.js';

// The one message this file writes by hand: Response::Crashed (see crates/protocol).
const crashed = (id, err) =>
  self.postMessage(JSON.stringify({ Crashed: { id: id ?? null, message: String(err) } }));

const ready = init().then(() => self.postMessage(load()));
ready.catch((err) => crashed(null, err));

self.onmessage = async (event) => {
  try {
    await ready;
    handle(event.data);
  } catch (err) {
    crashed(event.data?.Analyze?.id ?? event.data?.AnalyzeItem?.id, err);
  }
};

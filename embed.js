// embed.html: the <entity-lens> widget alone, for hosts that prefer an iframe.
//
//   <iframe src="https://ASSETS/embed.html#text=Angela%20Merkel%20visited%20Paris.&labels=PERSON,GPE"
//           title="Entity Lens" loading="lazy"></iframe>
//
// The fragment holds the widget's options as URL parameters: text, or src (a URL on this
// frame's own origin: the frame cannot read the host's files), labels, views, theme, entities,
// drop, and frame (any name, echoed in messages so that a host with several frames can tell
// them apart). Changing the fragment updates the widget.
//
// Messages to the parent window (postMessage, target origin "*": they carry nothing the host
// did not give):
//   {type: "entity-lens:resize", frame, height}   the content's height in CSS pixels, whenever
//                                                 it changes: set it as the iframe's height
//   {type: "entity-lens:analyzed", frame, entities, title}   after each analysis (entities as in
//                                                 the widget's `analyzed` event)
//   {type: "entity-lens:error", frame, message}
import { mount } from './widget.js';

const OPTIONS = ['text', 'src', 'labels', 'views', 'theme', 'entities', 'drop'];

function options() {
  const params = new URLSearchParams(location.hash.slice(1));
  const out = {};
  for (const name of OPTIONS) out[name] = params.has(name) ? params.get(name) : null;
  out.drop = params.has('drop') && params.get('drop') !== 'false';
  if (out.src !== null) {
    const url = new URL(out.src, location.href);
    // Only this origin's files: anything else is refused (and shown as the widget's error).
    if (url.origin !== location.origin) {
      out.error = `Only files from ${location.origin} can be shown here, not ${url.href}`;
      out.src = null;
    } else {
      out.src = url.href;
    }
  }
  return { frame: params.get('frame'), ...out };
}

const post = (message) => {
  if (window.parent !== window) window.parent.postMessage({ frame: options().frame, ...message }, '*');
};

const widget = mount(document.body, {});
widget.addEventListener('analyzed', (e) =>
  post({ type: 'entity-lens:analyzed', entities: e.detail.entities, title: e.detail.title ?? null }));
widget.addEventListener('error', (e) => post({ type: 'entity-lens:error', message: e.detail.message }));

const refused = document.createElement('p');
refused.setAttribute('role', 'alert');
refused.className = 'refused';
document.body.prepend(refused);

function apply() {
  const { error, frame, ...opts } = options();
  mount(widget, opts);
  refused.textContent = error ?? '';
  refused.hidden = !error;
  if (error) post({ type: 'entity-lens:error', message: error });
}
apply();
window.addEventListener('hashchange', apply);

let last = -1;
new ResizeObserver(() => {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (height !== last) {
    last = height;
    post({ type: 'entity-lens:resize', height });
  }
}).observe(document.documentElement);

// <entity-lens>: Entity Lens embedded in any page, in two lines:
//   <script type="module" src="https://ASSETS/widget.js"></script>
//   <entity-lens text="Angela Merkel met Emmanuel Macron in Paris."></entity-lens>
//
// This file is the whole of what loads before a widget is seen: a plain-JS custom element that
// shows its text at once. The engine (the page's wasm, then the worker pool and its model)
// loads when the first widget becomes visible or is used, from the folder this file came from.
// Every widget of the page shares the page's worker pool (src/pool.rs), started with one
// analysis worker, so the model loads once; it outlives the last widget by a minute (or until
// `release()`). Importing the module touches nothing until an element is connected (safe for
// server-side rendering); loading it twice is harmless.
//
// Attributes (and the same options of `mount`): text, src (fetched relative to the host page),
// labels ("PERSON,GPE,ORG"), views ("reader,entities,corpus"; default "reader,entities"; corpus
// adds the entity table, network, timeline and contexts of the widget's articles), theme
// (light|dark|auto), drop (boolean: visitors may drop or pick files, which join the corpus with
// the corpus view and replace the article without it), entities (refined|raw). Events:
// `analyzed` (detail: {entities: [{start, end, label, text, byteStart, byteEnd, spacyLabel,
// change}], title, date, source, text, mode, words, name, articles}; offsets in code points of
// detail.text; one per article analyzed) and `error` (detail: {message}); both bubble and are
// composed. Theming: --entity-lens-* custom properties and ::part() names (style/widget.css
// lists them).

const TAG = 'entity-lens';
const ASSETS = new URL('./', import.meta.url);
const OPTIONS = ['text', 'src', 'labels', 'views', 'theme', 'drop', 'entities'];
// Shared by every copy of this module on the page (a second <script> with another URL).
const ENGINE = Symbol.for('entity-lens.engine');
const SHEETS = Symbol.for('entity-lens.sheets');

/** The page's wasm module, loaded once (the first widget seen or used asks for it). */
function loadEngine() {
  globalThis[ENGINE] ??= (async () => {
    const mod = await import(new URL('pkg/entity_lens_web.js', ASSETS).href);
    await mod.default({ module_or_path: new URL('pkg/entity_lens_web_bg.wasm', ASSETS) });
    return mod;
  })();
  return globalThis[ENGINE];
}

/** The widget's stylesheets (the page's components, then the widget's own), built once. */
function loadSheets() {
  globalThis[SHEETS] ??= Promise.all(['style/main.css', 'style/widget.css'].map(async (name) => {
    const url = new URL(name, ASSETS);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    const sheet = new CSSStyleSheet();
    await sheet.replace(await res.text());
    return sheet;
  }));
  return globalThis[SHEETS];
}

let observer;
/** One IntersectionObserver for every widget: a widget starts when it first comes into view. */
function visibility() {
  observer ??= new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) {
        observer.unobserve(entry.target);
        entry.target.start?.();
      }
    }
  }, { rootMargin: '200px' });
  return observer;
}

function make(tag, className, part) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (part) el.setAttribute('part', part);
  return el;
}

function defineElement() {
  class EntityLensElement extends HTMLElement {
    static get observedAttributes() { return OPTIONS; }

    #shadow = null;
    #parts = null;
    /** The mounted wasm widget (`EntityLensWidget`), once the engine is loaded. */
    #widget = null;
    #starting = null;
    /** Text given to `analyze()`, which takes over from the attributes until they change. */
    #given = null;
    #entities = [];
    #last = null;
    /** Bumped per requested analysis, so late fetches of an older `src` are dropped. */
    #generation = 0;
    #waiting = [];

    /** The entities of the last analysis (as in the `analyzed` event's detail). */
    get entities() { return this.#entities; }
    /** The last `analyzed` detail, or null. */
    get result() { return this.#last; }

    connectedCallback() {
      if (!this.#shadow) {
        this.#shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
        const widget = make('div', 'widget', 'widget');
        const status = make('p', 'status', 'status');
        status.setAttribute('role', 'status');
        status.hidden = true;
        status.append(make('progress', null, 'progress'), make('span'));
        const error = make('p', 'error', 'error');
        error.setAttribute('role', 'alert');
        error.hidden = true;
        const preview = make('div', 'preview', 'text');
        const mount = make('div', 'mount');
        widget.append(status, error, preview, mount);
        this.#shadow.append(widget);
        this.#parts = { widget, status, error, preview, mount };
      }
      loadSheets().then((sheets) => { this.#shadow.adoptedStyleSheets = sheets; },
        (err) => this.#fail(`The widget's styles could not be loaded: ${err.message}`));
      this.#showPreview();
      if (this.#widget) return;
      visibility().observe(this);
    }

    disconnectedCallback() {
      observer?.unobserve(this);
      if (this.#widget) {
        this.#widget.unmount();
        this.#widget.free();
        this.#widget = null;
      }
      this.#parts.mount.replaceChildren();
    }

    attributeChangedCallback(name, old, value) {
      if (old === value || !this.#parts) return;
      if (name === 'text' || name === 'src') {
        this.#given = null;
        if (this.#widget) this.#analyze();
        else this.#showPreview();
      } else if (this.#widget) {
        this.#configure(name);
      }
    }

    /** Analyzes `text` (loading the engine if needed); resolves with the `analyzed` detail. */
    analyze(text) {
      this.#given = String(text);
      const done = new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
      if (this.#widget) this.#analyze();
      else this.#showPreview();
      this.start();
      return done;
    }

    /** Loads the engine and mounts the widget (at first sight, or when used). */
    start() {
      this.#starting ??= (async () => {
        this.#setStatus('Loading the recognizer…');
        let mod;
        try {
          mod = await loadEngine();
        } catch (err) {
          this.#fail(`The recognizer could not be loaded: ${err.message}`);
          return;
        } finally {
          this.#starting = null;
        }
        if (!this.isConnected || this.#widget) return;
        this.#widget = mod.mount_widget(this.#parts.mount, ASSETS.href,
          (kind, detail) => this.#hear(kind, detail));
        for (const name of OPTIONS) this.#configure(name);
        this.#analyze();
      })();
      return this.#starting;
    }

    #source() {
      if (this.#given !== null) return { text: this.#given };
      if (this.hasAttribute('src')) return { src: this.getAttribute('src') };
      if (this.hasAttribute('text')) return { text: this.getAttribute('text') };
      return null;
    }

    /** The text as it is, before the engine (replaced by the highlighted article). */
    #showPreview() {
      const source = this.#source();
      const p = make('p');
      p.textContent = source?.text ?? '';
      this.#parts.preview.replaceChildren(...(source?.text ? [p] : []));
      this.#parts.preview.hidden = !!this.#widget;
    }

    #configure(name) {
      const w = this.#widget;
      const value = this.getAttribute(name);
      if (name === 'labels') w.set_labels(value ?? undefined);
      else if (name === 'views') w.set_views(value ?? undefined);
      else if (name === 'entities') w.set_mode(value ?? undefined);
      else if (name === 'drop') w.set_drop(value !== null && value !== 'false');
    }

    async #analyze() {
      const generation = ++this.#generation;
      this.#parts.preview.hidden = true;
      this.#parts.error.hidden = true;
      const source = this.#source();
      if (!source) return;
      if (source.text !== undefined) {
        this.#widget.analyze_text(source.text);
        return;
      }
      let url;
      try {
        url = new URL(source.src, document.baseURI);
        const res = await fetch(url);
        if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`.trim());
        const blob = await res.blob();
        if (generation !== this.#generation || !this.#widget) return;
        const name = decodeURIComponent(url.pathname.split('/').pop() || url.hostname);
        // As a file, it takes the page's path: decoded, split into articles, cleaned.
        this.#widget.analyze_file(new File([blob], name, { type: blob.type }));
      } catch (err) {
        if (generation === this.#generation) this.#fail(`Could not load ${url ?? source.src}: ${err.message}`);
      }
    }

    #setStatus(text) {
      const { status } = this.#parts;
      status.lastChild.textContent = text;
      status.hidden = !text;
    }

    #hear(kind, detail) {
      if (kind === 'status') {
        // Loading is shown from start(); ready or failed ends it (a failure also comes as an error).
        if (detail.state !== 'loading') this.#setStatus('');
      } else if (kind === 'analyzed') {
        this.#setStatus('');
        this.#entities = detail.entities;
        this.#last = detail;
        this.dispatchEvent(new CustomEvent('analyzed', { detail, bubbles: true, composed: true }));
        for (const w of this.#waiting.splice(0)) w.resolve(detail);
      } else if (kind === 'error') {
        this.#fail(detail.message);
      }
    }

    #fail(message) {
      this.#setStatus('');
      const { error } = this.#parts;
      error.textContent = message;
      error.hidden = false;
      this.dispatchEvent(new CustomEvent('error', { detail: { message }, bubbles: true, composed: true }));
      for (const w of this.#waiting.splice(0)) w.reject(new Error(message));
    }
  }
  customElements.define(TAG, EntityLensElement);
}

/** Defines `<entity-lens>` unless it already is (by this or another copy of this file). */
export function define() {
  if (typeof customElements !== 'undefined' && !customElements.get(TAG)) defineElement();
}

/**
 * Mounts a widget from script: `element` is an `<entity-lens>` (configured in place) or any
 * element (a new `<entity-lens>` is appended to it). `options` are the attributes' names:
 * `{text, src, labels, views, theme, drop, entities}` (labels and views may be arrays).
 * Returns the `<entity-lens>` element.
 */
export function mount(element, options = {}) {
  define();
  const widget = element.localName === TAG ? element : element.ownerDocument.createElement(TAG);
  for (const name of OPTIONS) {
    if (!(name in options)) continue;
    const value = options[name];
    if (value === undefined || value === null || value === false) widget.removeAttribute(name);
    else if (value === true) widget.setAttribute(name, '');
    else widget.setAttribute(name, Array.isArray(value) ? value.join(',') : String(value));
  }
  if (widget !== element) element.append(widget);
  return widget;
}

/** How many worker pools the widgets started (1 once any widget was seen; 0 before). */
export async function engines() {
  return globalThis[ENGINE] ? (await globalThis[ENGINE]).widget_engines() : 0;
}

/**
 * Ends the widgets' workers now if no widget is on the page (a single-page app that removed
 * them; otherwise they end a minute after the last widget left). Resolves to whether any ended.
 */
export async function release() {
  return globalThis[ENGINE] ? (await globalThis[ENGINE]).release_idle_engine() : false;
}

define();

// The workspace in IndexedDB, for src/store.rs (a wasm-bindgen snippet: the browser API is
// promise- and event-shaped, so this thin layer stays in JS; every decision is in store.rs).
//
// Schema (SCHEMA = 1): database "entity-lens-workspace",
//   files:    {id, name, state: "done"|"error"|"split", record?: string (DocumentRecord JSON),
//              error?: string (FileError JSON), parent?: id of the file it was split from,
//              articles?: number (of a "split" file)}, key id
//   settings: {key: "choices", value: string (JSON)}, key key
// Migrations run in order in `onupgradeneeded` (one step per version).
//
// Several tabs: the tab holding the Web Lock "entity-lens-workspace" writes; the others read
// the workspace at start and save nothing (told to the page, which says so).

const NAME = 'entity-lens-workspace';
export const SCHEMA = 1;

const MIGRATIONS = [
  // 0 -> 1
  (db) => {
    db.createObjectStore('files', { keyPath: 'id' });
    db.createObjectStore('settings', { keyPath: 'key' });
  },
];

const promised = (request) => new Promise((resolve, reject) => {
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});

let db = null;
let writer = false;
const pending = new Map();
let flushTimer = null;
let onError = () => {};

/** Opens (and migrates) the database; resolves to whether this tab is the writer. */
export async function open_workspace(errorCallback) {
  onError = errorCallback;
  const request = indexedDB.open(NAME, SCHEMA);
  request.onupgradeneeded = (event) => {
    for (let v = event.oldVersion; v < SCHEMA; v++) MIGRATIONS[v](request.result);
  };
  db = await promised(request);
  // Another tab upgrading the schema: let it (this tab then stops saving).
  db.onversionchange = () => { db.close(); db = null; writer = false; };
  writer = await takeWriterLock();
  return writer;
}

/** The writer lock: held for the tab's lifetime when free; without Web Locks, every tab writes. */
function takeWriterLock() {
  if (!navigator.locks) return Promise.resolve(true);
  return new Promise((resolve) => {
    navigator.locks.request(NAME, { ifAvailable: true }, (lock) => {
      resolve(lock !== null);
      // Held until the tab closes.
      return lock ? new Promise(() => {}) : undefined;
    }).catch(() => resolve(false));
  });
}

/** Every saved file, in id order, and the saved choices (JSON string or null). */
export async function load_workspace() {
  if (!db) return { files: [], choices: null };
  const tx = db.transaction(['files', 'settings'], 'readonly');
  const files = await promised(tx.objectStore('files').getAll());
  const choices = await promised(tx.objectStore('settings').get('choices'));
  return { files, choices: choices ? choices.value : null };
}

/** Queues a file to save (written in batches, one transaction per batch). */
export function save_file(file) {
  if (!db || !writer) return;
  pending.set(file.id, file);
  if (!flushTimer) flushTimer = setTimeout(flush, 200);
}

/** Saves the user's choices at once. */
export function save_choices(json) {
  if (!db || !writer) return;
  const tx = db.transaction('settings', 'readwrite');
  tx.objectStore('settings').put({ key: 'choices', value: json });
  tx.onabort = () => onError(describe(tx.error), ['your choices (hidden labels, merges and splits, raw or refined)']);
}

function flush() {
  flushTimer = null;
  if (!db || pending.size === 0) return;
  const files = [...pending.values()];
  pending.clear();
  const tx = db.transaction('files', 'readwrite');
  const store = tx.objectStore('files');
  for (const f of files) store.put(f);
  // A quota error aborts the transaction: nothing of it was saved.
  tx.onabort = () => onError(describe(tx.error), files.map((f) => f.name));
}

function describe(error) {
  if (error && error.name === 'QuotaExceededError') return "the browser's storage for this site is full";
  return error ? `${error.name}: ${error.message}` : 'the browser refused to save';
}

/** Empties the workspace. */
export async function clear_workspace() {
  pending.clear();
  if (!db || !writer) return;
  const tx = db.transaction(['files', 'settings'], 'readwrite');
  tx.objectStore('files').clear();
  tx.objectStore('settings').clear();
  await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onabort = () => reject(tx.error); });
}

/** Writes what is queued now (tests and page unload). */
export function flush_now() {
  if (flushTimer) { clearTimeout(flushTimer); flushTimer = null; }
  flush();
}

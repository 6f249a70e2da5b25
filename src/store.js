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
//
// Writes never make a long task: queued files are written in slices (at most SLICE_FILES files
// or SLICE_MS of work, one transaction each), the rest in a later task; a slice the browser
// refuses (storage full) is reported with the names of its files.

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

/** Files written per transaction at most (a slice), and the time a slice may take. */
const SLICE_FILES = 32;
const SLICE_MS = 8;
/** Wait after the first file is queued, so that files arriving together share a slice. */
const BATCH_MS = 200;

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
  // Leaving the page: what waits for its slice is written at once.
  if (writer) addEventListener('pagehide', flush_now);
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

/**
 * Up to `count` saved files with ids above `after` (null: from the first), in id order: the
 * workspace is read a page at a time, each page in a task of its own.
 */
export async function load_files(after, count) {
  if (!db) return [];
  const range = after === null || after === undefined ? null : IDBKeyRange.lowerBound(after, true);
  return promised(db.transaction('files', 'readonly').objectStore('files').getAll(range, count));
}

/** The saved choices (JSON string or null). */
export async function load_choices() {
  if (!db) return null;
  const choices = await promised(db.transaction('settings', 'readonly').objectStore('settings').get('choices'));
  return choices ? choices.value : null;
}

/** Queues a file to save (written in slices, one transaction per slice). */
export function save_file(file) {
  if (!db || !writer) return;
  pending.set(file.id, file);
  if (!flushTimer) flushTimer = setTimeout(flush, BATCH_MS);
}

/** Saves the user's choices at once. */
export function save_choices(json) {
  if (!db || !writer) return;
  const tx = db.transaction('settings', 'readwrite');
  tx.objectStore('settings').put({ key: 'choices', value: json });
  tx.onabort = () => onError(describe(tx.error), ['your choices (hidden labels, merges and splits, raw or refined)']);
}

/** Writes one slice of the queue; the rest follows in a later task. */
function flush() {
  flushTimer = null;
  writeSlice(SLICE_FILES, SLICE_MS);
  if (db && pending.size > 0) flushTimer = setTimeout(flush, 0);
}

/**
 * Writes queued files in one transaction, oldest first, until `maxFiles` are written or
 * `maxMs` have passed (at least one file).
 */
function writeSlice(maxFiles, maxMs) {
  if (!db || pending.size === 0) return;
  const t0 = performance.now();
  let tx;
  try {
    tx = db.transaction('files', 'readwrite');
  } catch (e) {
    // The database is closing (another tab upgrades it): what is queued cannot be saved.
    const names = [...pending.values()].map((f) => f.name);
    pending.clear();
    onError(describe(e), names);
    return;
  }
  const store = tx.objectStore('files');
  const written = [];
  const refused = [];
  let error = null;
  for (const [id, f] of pending) {
    pending.delete(id);
    try {
      store.put(f);
      written.push(f.name);
    } catch (e) {
      error ??= e;
      refused.push(f.name);
    }
    if (written.length + refused.length >= maxFiles || performance.now() - t0 >= maxMs) break;
  }
  if (refused.length > 0) onError(describe(error), refused);
  // A quota error aborts the transaction: nothing of it was saved.
  tx.onabort = () => onError(describe(tx.error), written);
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

/** Writes everything queued now, in one task (page unload: no later task would run). */
export function flush_now() {
  if (flushTimer) { clearTimeout(flushTimer); flushTimer = null; }
  while (db && pending.size > 0) writeSlice(SLICE_FILES, Infinity);
}

// What a drop carried, taken in one call inside the drop event (for src/intake.rs): crossing
// from wasm to JS once per item costs milliseconds per hundred files, and a drop of thousands
// must stay a short task. Returns [folderEntries, files].
export function take_items(transfer) {
  const folders = [];
  const files = [];
  for (const item of transfer.items) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry ? item.webkitGetAsEntry() : null;
    if (entry && entry.isDirectory) {
      folders.push(entry);
    } else {
      const file = item.getAsFile();
      if (file) files.push(file);
    }
  }
  if (folders.length === 0 && files.length === 0 && transfer.files) files.push(...transfer.files);
  return [folders, files];
}

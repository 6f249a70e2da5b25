//! Where files come from: drops (files and whole folders), file pickers, pasted text.

use std::collections::VecDeque;

use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DataTransfer, File, FileList, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry,
};

/// Something to analyze.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file from a drop or a picker.
    File(File),
    /// Pasted text, under a made-up file name.
    Text { name: String, text: String },
}

impl Source {
    /// The name shown in the list.
    pub fn name(&self) -> String {
        match self {
            Source::File(f) => f.name(),
            Source::Text { name, .. } => name.clone(),
        }
    }

    /// The bytes to analyze (a file's, undecoded; pasted text as UTF-8).
    pub async fn bytes(&self) -> Result<Vec<u8>, String> {
        match self {
            Source::Text { text, .. } => Ok(text.as_bytes().to_vec()),
            Source::File(file) => {
                let buffer = JsFuture::from(file.array_buffer())
                    .await
                    .map_err(|e| describe(&e))?;
                Ok(Uint8Array::new(&buffer).to_vec())
            }
        }
    }
}

fn describe(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}

/// The files of a picker's list.
pub fn from_file_list(list: &FileList) -> Vec<Source> {
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(Source::File)
        .collect()
}

/// What a drop carried, taken synchronously inside the drop event (a `DataTransfer` is emptied
/// once the event returns): folder and file entries where the browser gives them, plain files
/// otherwise.
pub struct Dropped {
    entries: Vec<FileSystemEntry>,
    files: Vec<File>,
}

impl Dropped {
    /// Takes the items of a drop.
    pub fn take(transfer: &DataTransfer) -> Self {
        let mut entries = Vec::new();
        let mut files = Vec::new();
        let items = transfer.items();
        for i in 0..items.length() {
            let Some(item) = items.get(i) else { continue };
            if item.kind() != "file" {
                continue;
            }
            match item.webkit_get_as_entry() {
                Ok(Some(entry)) => entries.push(entry),
                _ => {
                    if let Ok(Some(file)) = item.get_as_file() {
                        files.push(file);
                    }
                }
            }
        }
        if entries.is_empty() && files.is_empty() {
            if let Some(list) = transfer.files() {
                files.extend((0..list.length()).filter_map(|i| list.get(i)));
            }
        }
        Self { entries, files }
    }

    /// Every file, with folders walked recursively (in name order; hidden files skipped).
    pub async fn into_sources(self) -> Vec<Source> {
        let mut out: Vec<Source> = self.files.into_iter().map(Source::File).collect();
        let mut queue: VecDeque<FileSystemEntry> = self.entries.into();
        while let Some(entry) = queue.pop_front() {
            if entry.is_directory() {
                let dir: FileSystemDirectoryEntry = entry.unchecked_into();
                let mut children = read_directory(&dir).await;
                children.retain(|e| !e.name().starts_with('.'));
                children.sort_by_key(|e| e.name());
                // Depth first, keeping name order: children go to the front.
                for child in children.into_iter().rev() {
                    queue.push_front(child);
                }
            } else if entry.is_file() {
                let entry: FileSystemFileEntry = entry.unchecked_into();
                if let Ok(file) = entry_file(&entry).await {
                    out.push(Source::File(file));
                }
            }
        }
        out
    }
}

/// All entries of a directory (`readEntries` returns them in chunks until an empty one).
async fn read_directory(dir: &FileSystemDirectoryEntry) -> Vec<FileSystemEntry> {
    let reader = dir.create_reader();
    let mut all = Vec::new();
    loop {
        let promise = Promise::new(&mut |resolve, reject| {
            if let Err(e) = reader.read_entries_with_callback_and_callback(&resolve, &reject) {
                let _ = reject.call1(&JsValue::NULL, &e);
            }
        });
        let Ok(chunk) = JsFuture::from(promise).await else {
            break;
        };
        let chunk: Array = chunk.unchecked_into();
        if chunk.length() == 0 {
            break;
        }
        all.extend(chunk.iter().map(|v| v.unchecked_into::<FileSystemEntry>()));
    }
    all
}

async fn entry_file(entry: &FileSystemFileEntry) -> Result<File, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        entry.file_with_callback_and_callback(&resolve, &reject);
    });
    Ok(JsFuture::from(promise).await?.unchecked_into())
}

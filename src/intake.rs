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

#[wasm_bindgen(module = "/src/intake.js")]
extern "C" {
    /// `[folderEntries, files]` of a drop (one call, see `intake.js`).
    fn take_items(transfer: &DataTransfer) -> Array;
}

/// What a drop carried, taken synchronously inside the drop event (a `DataTransfer` is emptied
/// once the event returns): folder entries where the browser gives them, and files.
pub struct Dropped {
    folders: Array,
    files: Array,
}

impl Dropped {
    /// Takes the items of a drop.
    pub fn take(transfer: &DataTransfer) -> Self {
        let taken = take_items(transfer);
        Self {
            folders: taken.get(0).dyn_into().unwrap_or_default(),
            files: taken.get(1).dyn_into().unwrap_or_default(),
        }
    }

    /// Every file, with folders walked recursively (in name order; hidden files skipped).
    pub async fn into_sources(self) -> Vec<Source> {
        let mut out: Vec<Source> = Vec::with_capacity(self.files.length() as usize);
        for (i, f) in self.files.iter().enumerate() {
            // A drop of thousands is taken over several short tasks.
            if i > 0 && i % 500 == 0 {
                gloo_timers::future::TimeoutFuture::new(0).await;
            }
            out.push(Source::File(f.unchecked_into()));
        }
        let mut queue: VecDeque<FileSystemEntry> =
            self.folders.iter().map(|e| e.unchecked_into()).collect();
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

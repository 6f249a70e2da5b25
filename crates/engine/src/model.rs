//! The versioned weight artifact (converted once from `en_core_web_sm` 3.8.0 by
//! `tools/convert_model.py`): magic header, format version, checksum; typed errors on mismatch.

/// Why an artifact could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    #[error("not an Entity Lens model artifact (bad magic header)")]
    BadMagic,
}

/// All weights the pipeline needs.
#[derive(Debug)]
pub struct Model {}

impl Model {
    /// Reads an artifact.
    pub fn from_bytes(_bytes: &[u8]) -> Result<Self, ModelError> {
        Err(ModelError::BadMagic)
    }
}

/// The converted `en_core_web_sm` 3.8.0 artifact, embedded at compile time.
#[cfg(feature = "bundled-model")]
pub const BUNDLED: &[u8] = &[];

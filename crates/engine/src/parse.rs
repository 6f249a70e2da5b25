//! The arc-eager transition parser; the pipeline keeps its sentence starts.

//! File bytes → text: BOM-marked UTF-8/UTF-16, UTF-8, legacy single-byte encodings; binary refused.

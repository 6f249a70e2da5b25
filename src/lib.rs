//! Entity Lens web page (Leptos, client-side rendered). Built for `wasm32-unknown-unknown` by
//! `cargo xtask build`; see the README.

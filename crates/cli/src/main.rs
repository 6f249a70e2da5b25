//! `entity-lens`: run the engine over article files and folders.

fn main() -> anyhow::Result<()> {
    Ok(())
}

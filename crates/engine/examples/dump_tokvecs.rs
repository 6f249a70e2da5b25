//! Debug aid: prints the shared token vectors of the first document on stdin (JSON array).
use std::io::BufRead;

fn main() -> anyhow::Result<()> {
    let model = entity_lens_engine::model::Model::bundled()?;
    let line = std::io::stdin()
        .lock()
        .lines()
        .next()
        .unwrap_or(Ok(String::new()))?;
    let v: serde_json::Value = serde_json::from_str(&line)?;
    let feats: Vec<entity_lens_engine::tokenize::Features> =
        serde_json::from_value::<Vec<[u64; 6]>>(v["features"].clone())?
            .iter()
            .map(|f| entity_lens_engine::tokenize::Features {
                norm: f[0],
                prefix: f[1],
                suffix: f[2],
                shape: f[3],
                spacy: f[4] != 0,
                is_space: f[5] != 0,
            })
            .collect();
    let (a, b) = model.token_vectors(&feats);
    println!("{}", serde_json::json!({"t2v": a, "ner": b}));
    Ok(())
}

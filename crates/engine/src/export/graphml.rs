//! `graphml`: the co-occurrence network as GraphML (yEd, Cytoscape, igraph, networkx).
//!
//! An undirected graph; each node is an entity (`id` = entity id) with the attributes `name`,
//! `label` (the entity's label), `aliases` (joined by `|`), `mentions` and `documents`; each edge
//! has an integer `weight` (the number of sentences, paragraphs or articles, as the scope says,
//! where both occur). The graph's `scope` attribute records that scope.

use std::io::Write;

use super::graph::{entity, node_values, scope_name};
use super::markup::{Escaped, EscapedText};
use super::{Corpus, ExportError};
use crate::group::Network;

/// Node attribute keys: (key id, attribute name, type), in [`node_values`]' order.
const NODE_KEYS: [(&str, &str, &str); 5] = [
    ("d0", "name", "string"),
    ("d1", "label", "string"),
    ("d2", "aliases", "string"),
    ("d3", "mentions", "int"),
    ("d4", "documents", "int"),
];

/// Writes the `graphml` export of `network`.
pub fn write(
    corpus: &Corpus<'_>,
    network: &Network,
    out: &mut impl Write,
) -> Result<(), ExportError> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    writeln!(
        out,
        r#"  <key id="g0" for="graph" attr.name="scope" attr.type="string"/>"#
    )?;
    for (id, name, kind) in NODE_KEYS {
        writeln!(
            out,
            r#"  <key id="{id}" for="node" attr.name="{name}" attr.type="{kind}"/>"#
        )?;
    }
    writeln!(
        out,
        r#"  <key id="w" for="edge" attr.name="weight" attr.type="int"/>"#
    )?;
    writeln!(
        out,
        r#"  <graph id="co-occurrence" edgedefault="undirected">"#
    )?;
    writeln!(
        out,
        r#"    <data key="g0">{}</data>"#,
        scope_name(network.scope)
    )?;
    for &index in &network.nodes {
        let e = entity(corpus, index)?;
        writeln!(out, r#"    <node id="{}">"#, Escaped(&e.id))?;
        for ((key, _, _), value) in NODE_KEYS.iter().zip(node_values(e)) {
            writeln!(
                out,
                r#"      <data key="{key}">{}</data>"#,
                EscapedText(&value)
            )?;
        }
        writeln!(out, "    </node>")?;
    }
    for (i, edge) in network.edges.iter().enumerate() {
        let (source, target) = (entity(corpus, edge.source)?, entity(corpus, edge.target)?);
        writeln!(
            out,
            r#"    <edge id="x{i}" source="{}" target="{}"><data key="w">{}</data></edge>"#,
            Escaped(&source.id),
            Escaped(&target.id),
            edge.weight
        )?;
    }
    writeln!(out, "  </graph>\n</graphml>")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::fixture::Fixture;
    use super::*;

    #[test]
    fn nodes_and_edges_with_escaped_attributes() {
        let fixture = Fixture::new();
        let mut out = Vec::new();
        write(&fixture.corpus(), &fixture.network, &mut out).unwrap();
        let xml = String::from_utf8(out).unwrap();
        assert_eq!(xml.matches("<node ").count(), fixture.network.nodes.len());
        assert_eq!(xml.matches("<edge ").count(), fixture.network.edges.len());
        assert!(
            xml.contains(r#"<node id="E&lt;5&gt;&amp;&quot;&#39;">"#),
            "{xml}"
        );
        assert!(
            xml.contains(r#"<data key="d0">&lt;EU&gt; &amp; &quot;co&quot; &#39;x&#39;</data>"#)
        );
        assert!(
            xml.contains(r#"<edge id="x1" source="E1" target="E3"><data key="w">3</data></edge>"#)
        );
        assert!(xml.contains("<data key=\"d2\">&quot;Big, Co&quot;|Big,\nCo</data>"));
        assert!(xml.contains(r#"<data key="g0">sentence</data>"#));
        // No raw special character outside markup.
        assert!(!xml.contains("<EU>") && !xml.contains("AT&T"));
    }

    #[test]
    fn an_edge_to_an_unknown_entity_is_an_error() {
        let fixture = Fixture::new();
        let mut network = fixture.network.clone();
        network.edges[0].target = 99;
        let err = write(&fixture.corpus(), &network, &mut Vec::new()).unwrap_err();
        assert!(matches!(err, ExportError::UnknownEntity { index: 99, .. }));
    }
}

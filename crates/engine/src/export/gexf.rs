//! `gexf`: the co-occurrence network as GEXF 1.3, Gephi's own format.
//!
//! An undirected static graph; each node is an entity (`id` = entity id, `label` = its name, which
//! Gephi shows) with the attributes `name`, `entity_label` (PERSON, ORG, ...; not `label`, which
//! GEXF readers such as networkx's merge with the node's own `label`), `aliases` (joined by `|`),
//! `mentions` and `documents`; each edge carries its `weight` (co-occurrence count).

use std::io::Write;

use super::graph::{entity, node_values, scope_name};
use super::markup::Escaped;
use super::{Corpus, ExportError};
use crate::group::Network;

/// Node attributes: (id, title, type), in [`node_values`]' order.
const ATTRIBUTES: [(&str, &str, &str); 5] = [
    ("0", "name", "string"),
    ("1", "entity_label", "string"),
    ("2", "aliases", "string"),
    ("3", "mentions", "integer"),
    ("4", "documents", "integer"),
];

/// Writes the `gexf` export of `network`.
pub fn write(
    corpus: &Corpus<'_>,
    network: &Network,
    out: &mut impl Write,
) -> Result<(), ExportError> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">"#
    )?;
    writeln!(
        out,
        "  <meta>\n    <creator>Entity Lens</creator>\n    <description>Entity co-occurrence by {}; edge weight = number of {}s where both entities occur</description>\n  </meta>",
        scope_name(network.scope),
        scope_name(network.scope)
    )?;
    writeln!(
        out,
        r#"  <graph mode="static" defaultedgetype="undirected">"#
    )?;
    writeln!(out, r#"    <attributes class="node" mode="static">"#)?;
    for (id, title, kind) in ATTRIBUTES {
        writeln!(
            out,
            r#"      <attribute id="{id}" title="{title}" type="{kind}"/>"#
        )?;
    }
    writeln!(out, "    </attributes>\n    <nodes>")?;
    for &index in &network.nodes {
        let e = entity(corpus, index)?;
        writeln!(
            out,
            r#"      <node id="{}" label="{}">"#,
            Escaped(&e.id),
            Escaped(&e.name)
        )?;
        writeln!(out, "        <attvalues>")?;
        for ((id, _, _), value) in ATTRIBUTES.iter().zip(node_values(e)) {
            writeln!(
                out,
                r#"          <attvalue for="{id}" value="{}"/>"#,
                Escaped(&value)
            )?;
        }
        writeln!(out, "        </attvalues>\n      </node>")?;
    }
    writeln!(out, "    </nodes>\n    <edges>")?;
    for (i, edge) in network.edges.iter().enumerate() {
        let (source, target) = (entity(corpus, edge.source)?, entity(corpus, edge.target)?);
        writeln!(
            out,
            r#"      <edge id="{i}" source="{}" target="{}" weight="{}"/>"#,
            Escaped(&source.id),
            Escaped(&target.id),
            edge.weight
        )?;
    }
    writeln!(out, "    </edges>\n  </graph>\n</gexf>")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::fixture::Fixture;
    use super::*;

    #[test]
    fn nodes_and_weighted_edges() {
        let fixture = Fixture::new();
        let mut out = Vec::new();
        write(&fixture.corpus(), &fixture.network, &mut out).unwrap();
        let xml = String::from_utf8(out).unwrap();
        assert!(xml.contains(r#"xmlns="http://gexf.net/1.3""#));
        assert_eq!(xml.matches("<node ").count(), fixture.network.nodes.len());
        assert_eq!(xml.matches("<edge ").count(), fixture.network.edges.len());
        assert!(xml.contains(
            r#"<node id="E&lt;5&gt;&amp;&quot;&#39;" label="&lt;EU&gt; &amp; &quot;co&quot; &#39;x&#39;">"#
        ));
        assert!(xml.contains(r#"<edge id="1" source="E1" target="E3" weight="3"/>"#));
        // A line break in an attribute value survives as a character reference.
        assert!(
            xml.contains(r#"value="&quot;Big, Co&quot;|Big,&#10;Co""#),
            "{xml}"
        );
        assert!(xml.contains(r#"<attvalue for="1" value="PERSON"/>"#));
    }
}

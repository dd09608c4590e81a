//! `rapport graph`: the dependency graph as Mermaid or DOT, in plan order.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::GraphFormat;
use crate::plan::{Plan, PlanOptions};

/// Prints the graph to standard output.
pub fn run(options: &PlanOptions, format: GraphFormat) -> Result<ExitCode> {
    let plan = Plan::load(options)?;
    crate::cli::emit(&render(&plan, format))?;
    Ok(ExitCode::SUCCESS)
}

/// Renders the graph; edges point from an input to the node that uses it.
pub fn render(plan: &Plan, format: GraphFormat) -> String {
    let id = |i: usize| plan.nodes[i].id().replace('.', "__");
    let mut out = String::new();
    match format {
        GraphFormat::Mermaid => {
            out.push_str("graph LR\n");
            for &i in &plan.order {
                let node = &plan.nodes[i];
                let (open, close) = match node.kind {
                    crate::plan::NodeKind::Dataset => ("[(", ")]"),
                    crate::plan::NodeKind::Document => ("[[", "]]"),
                    _ => ("[", "]"),
                };
                out.push_str(&format!(
                    "  {}{open}\"{} {}\"{close}\n",
                    id(i),
                    node.kind.noun(),
                    node.name
                ));
            }
            for &i in &plan.order {
                for &dep in &plan.nodes[i].deps {
                    out.push_str(&format!("  {} --> {}\n", id(dep), id(i)));
                }
            }
        }
        GraphFormat::Dot => {
            out.push_str("digraph rapport {\n  rankdir=LR;\n");
            for &i in &plan.order {
                let node = &plan.nodes[i];
                let shape = match node.kind {
                    crate::plan::NodeKind::Dataset => "cylinder",
                    crate::plan::NodeKind::Document => "note",
                    _ => "box",
                };
                out.push_str(&format!(
                    "  {} [label=\"{} {}\", shape={shape}];\n",
                    id(i),
                    node.kind.noun(),
                    node.name
                ));
            }
            for &i in &plan.order {
                for &dep in &plan.nodes[i].deps {
                    out.push_str(&format!("  {} -> {};\n", id(dep), id(i)));
                }
            }
            out.push_str("}\n");
        }
    }
    out
}

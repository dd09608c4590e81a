//! `rapport graph`: the dependency graph as Mermaid or DOT, in plan order.

use std::process::ExitCode;

use anyhow::Result;
use clap::ValueEnum;

use crate::console;
use crate::context::BuildContext;
use crate::plan::Plan;
use crate::project::{Project, ProjectOptions};

/// Graph output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// A Mermaid flowchart (renders in GitHub Markdown).
    Mermaid,
    /// Graphviz DOT.
    Dot,
}

/// Prints the graph to standard output.
pub(crate) fn run(
    options: &ProjectOptions,
    context: &BuildContext,
    format: GraphFormat,
) -> Result<ExitCode> {
    let plan = Plan::load(&Project::open(options)?, context)?;
    console::emit(&render(&plan, format))?;
    Ok(ExitCode::SUCCESS)
}

/// Renders the graph; edges point from an input to the step that uses it.
pub(crate) fn render(plan: &Plan, format: GraphFormat) -> String {
    let id = |i: usize| plan.steps[i].id().replace('.', "__");
    let mut out = String::new();
    let (header, footer) = match format {
        GraphFormat::Mermaid => ("graph LR\n", ""),
        GraphFormat::Dot => ("digraph rapport {\n  rankdir=LR;\n", "}\n"),
    };
    out.push_str(header);
    for &i in &plan.order {
        let step = &plan.steps[i];
        let kind = step.kind();
        out.push_str(&match format {
            GraphFormat::Mermaid => {
                let (open, close) = kind.mermaid_brackets();
                format!(
                    "  {}{open}\"{} {}\"{close}\n",
                    id(i),
                    kind.noun(),
                    step.name
                )
            }
            GraphFormat::Dot => format!(
                "  {} [label=\"{} {}\", shape={}];\n",
                id(i),
                kind.noun(),
                step.name,
                kind.dot_shape()
            ),
        });
    }
    for &i in &plan.order {
        for &dep in &plan.steps[i].deps {
            out.push_str(&match format {
                GraphFormat::Mermaid => format!("  {} --> {}\n", id(dep), id(i)),
                GraphFormat::Dot => format!("  {} -> {};\n", id(dep), id(i)),
            });
        }
    }
    out.push_str(footer);
    out
}

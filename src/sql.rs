//! Reading table SQL before running it: which relations it names, and whether it sorts.
//!
//! A table's inputs are the dataset and table names its query mentions, minus the CTEs it
//! defines itself. Parsing with `sqlparser` (the parser `polars-sql` uses) rather than matching
//! words means names inside strings or column references are never mistaken for inputs.

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use anyhow::{Result, bail};
use sqlparser::ast::{
    Expr, ObjectName, ObjectNamePart, OrderByKind, Query, Statement, TableFactor, Visit, Visitor,
};
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser;

/// What the planner needs to know about one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SqlInfo {
    /// Relations read from outside the query, sorted.
    pub relations: BTreeSet<String>,
    /// Whether the outermost query has an `ORDER BY`.
    pub ordered: bool,
    /// Names of the CTEs the query defines.
    pub ctes: BTreeSet<String>,
    /// The outer `ORDER BY` keys when every one is a plain column name: (name, descending).
    pub order_keys: Option<Vec<(String, bool)>>,
}

#[derive(Default)]
struct RelationCollector {
    relations: BTreeSet<String>,
    ctes: BTreeSet<String>,
    table_functions: BTreeSet<String>,
}

impl Visitor for RelationCollector {
    type Break = ();

    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
        if let Some(with) = &query.with {
            for cte in &with.cte_tables {
                self.ctes.insert(cte.alias.name.value.clone());
            }
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_table_factor(&mut self, factor: &TableFactor) -> ControlFlow<()> {
        if let TableFactor::Table {
            name,
            args: Some(_),
            ..
        } = factor
        {
            self.table_functions.insert(name.to_string());
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_relation(&mut self, relation: &ObjectName) -> ControlFlow<()> {
        // polars-sql resolves `a.b` by its first part.
        if let Some(ObjectNamePart::Identifier(ident)) = relation.0.first() {
            self.relations.insert(ident.value.clone());
        }
        ControlFlow::Continue(())
    }
}

/// Parses one `SELECT` query and lists the relations it reads.
pub(crate) fn analyse(sql: &str) -> Result<SqlInfo> {
    let statements = match Parser::parse_sql(&GenericDialect {}, sql) {
        Ok(statements) => statements,
        Err(e) => bail!("SQL syntax error: {e}"),
    };
    let [Statement::Query(query)] = statements.as_slice() else {
        bail!(
            "a table must be exactly one SELECT query, found {} statement(s)",
            statements.len()
        );
    };
    let mut collector = RelationCollector::default();
    let _ = statements.visit(&mut collector);
    if let Some(function) = collector.table_functions.first() {
        // `read_csv('…')` and friends would read files the cache does not track.
        bail!(
            "table functions such as `{function}(…)` are not allowed; declare the file as a dataset"
        );
    }
    let relations = collector
        .relations
        .difference(&collector.ctes)
        .cloned()
        .collect();
    Ok(SqlInfo {
        relations,
        ordered: query.order_by.is_some(),
        order_keys: plain_order_keys(query),
        ctes: collector.ctes,
    })
}

/// The outer `ORDER BY` as (column, descending) pairs, if every key is a bare column name.
fn plain_order_keys(query: &Query) -> Option<Vec<(String, bool)>> {
    let order_by = query.order_by.as_ref()?;
    let OrderByKind::Expressions(items) = &order_by.kind else {
        return None;
    };
    items
        .iter()
        .map(|item| match &item.expr {
            Expr::Identifier(ident) => Some((ident.value.clone(), item.options.asc == Some(false))),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_inputs_but_not_ctes_or_strings() {
        let info = analyse(
            "WITH mh AS (SELECT * FROM workforce WHERE setting = 'leavers') \
             SELECT a.x FROM mh a JOIN orgs o ON a.code = o.code ORDER BY a.x",
        )
        .unwrap();
        assert_eq!(
            info.relations.into_iter().collect::<Vec<_>>(),
            vec!["orgs", "workforce"]
        );
        assert!(info.ordered);
    }

    #[test]
    fn finds_subquery_inputs_and_missing_order() {
        let info =
            analyse("SELECT * FROM (SELECT * FROM a) t WHERE x IN (SELECT x FROM b)").unwrap();
        assert_eq!(
            info.relations.into_iter().collect::<Vec<_>>(),
            vec!["a", "b"]
        );
        assert!(!info.ordered);
    }

    #[test]
    fn rejects_table_functions_that_read_untracked_files() {
        let err = analyse("SELECT * FROM read_csv('/etc/passwd')")
            .unwrap_err()
            .to_string();
        assert!(err.contains("read_csv"), "{err}");
    }

    #[test]
    fn rejects_non_queries_and_syntax_errors() {
        assert!(analyse("DROP TABLE a").is_err());
        assert!(analyse("SELECT a FROM").is_err());
        assert!(analyse("SELECT 1; SELECT 2").is_err());
    }
}

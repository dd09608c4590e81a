//! Deterministic topological ordering of the node graph, with cycles reported as a path.
//!
//! Kahn's algorithm with a sorted ready-set: the order depends only on the declarations, never
//! on hash-map iteration, so logs, manifests and `rapport graph` are stable.

use std::collections::BTreeSet;

/// A dependency cycle, printed as `a -> b -> a`.
#[derive(Debug, thiserror::Error)]
#[error("dependency cycle: {}", .path.join(" -> "))]
pub struct CycleError {
    /// Node labels along the cycle, first repeated at the end.
    pub path: Vec<String>,
}

/// Orders `deps` (node index → indices it depends on) so every node follows its inputs.
///
/// `labels` names nodes in the cycle error.
pub fn topological_order(deps: &[Vec<usize>], labels: &[String]) -> Result<Vec<usize>, CycleError> {
    let n = deps.len();
    let mut remaining: Vec<usize> = deps.iter().map(Vec::len).collect();
    let mut dependents = vec![Vec::new(); n];
    for (node, inputs) in deps.iter().enumerate() {
        for &input in inputs {
            dependents[input].push(node);
        }
    }
    let mut ready: BTreeSet<usize> = (0..n).filter(|&i| remaining[i] == 0).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(node) = ready.pop_first() {
        order.push(node);
        for &next in &dependents[node] {
            remaining[next] -= 1;
            if remaining[next] == 0 {
                ready.insert(next);
            }
        }
    }
    if order.len() == n {
        return Ok(order);
    }
    Err(CycleError {
        path: find_cycle(deps, &remaining, labels),
    })
}

/// Walks from a node that never became ready along unfinished inputs until one repeats.
fn find_cycle(deps: &[Vec<usize>], remaining: &[usize], labels: &[String]) -> Vec<String> {
    let start = (0..deps.len())
        .find(|&i| remaining[i] > 0)
        .expect("a cycle leaves a node unfinished");
    let mut path = vec![start];
    let mut current = start;
    loop {
        let next = *deps[current]
            .iter()
            .filter(|&&d| remaining[d] > 0)
            .min()
            .expect("an unfinished node has an unfinished input");
        if let Some(pos) = path.iter().position(|&p| p == next) {
            let mut cycle: Vec<String> = path[pos..].iter().map(|&i| labels[i].clone()).collect();
            // The path follows "uses" edges: `a -> b` reads "a uses b".
            cycle.push(labels[next].clone());
            return cycle;
        }
        path.push(next);
        current = next;
    }
}

/// Groups an order into waves whose nodes depend only on earlier waves (run each in parallel).
pub fn waves(deps: &[Vec<usize>], order: &[usize]) -> Vec<Vec<usize>> {
    let mut depth = vec![0usize; deps.len()];
    let mut out: Vec<Vec<usize>> = Vec::new();
    for &node in order {
        let d = deps[node].iter().map(|&i| depth[i] + 1).max().unwrap_or(0);
        depth[node] = d;
        if out.len() <= d {
            out.resize_with(d + 1, Vec::new);
        }
        out[d].push(node);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("n{i}")).collect()
    }

    #[test]
    fn orders_inputs_first_and_stably() {
        let deps = vec![vec![2], vec![], vec![1], vec![1]];
        assert_eq!(
            topological_order(&deps, &labels(4)).unwrap(),
            vec![1, 2, 0, 3]
        );
        assert_eq!(
            waves(&deps, &[1, 2, 0, 3]),
            vec![vec![1], vec![2, 3], vec![0]]
        );
    }

    #[test]
    fn prints_a_longer_cycle_in_uses_order() {
        // n0 uses n1, n1 uses n2, n2 uses n0.
        let deps = vec![vec![1], vec![2], vec![0]];
        let err = topological_order(&deps, &labels(3)).unwrap_err();
        assert_eq!(err.to_string(), "dependency cycle: n0 -> n1 -> n2 -> n0");
    }

    #[test]
    fn reports_a_cycle_as_a_path() {
        // n0 uses n1, n1 uses n0; n2 is independent.
        let deps = vec![vec![1], vec![0], vec![]];
        let err = topological_order(&deps, &labels(3)).unwrap_err();
        assert_eq!(err.to_string(), "dependency cycle: n0 -> n1 -> n0");
    }
}

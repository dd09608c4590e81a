//! Exact integer allocation: largest-remainder splitting and controlled rounding.
//!
//! All quantities are integers in their smallest printed unit (hundredths of an FTE,
//! whole heads, whole pounds).  `split` shares a total across weights so that the
//! parts sum exactly to the total; `split_min` does the same above per-part floors;
//! `round_matrix` fits a non-negative seed matrix to given row and column totals
//! (iterative proportional fitting) and rounds it so that every row and every column
//! still sums exactly.  Ties are broken by position, so results are deterministic.

/// Split `total` across `weights` by the largest-remainder (Hamilton) method.
/// Parts with zero weight get zero.  Panics if every weight is zero and total > 0.
pub(crate) fn split(total: i64, weights: &[f64]) -> Vec<i64> {
    assert!(total >= 0, "split of a negative total {total}");
    let sum: f64 = weights.iter().map(|w| w.max(0.0)).sum();
    if total == 0 {
        return vec![0; weights.len()];
    }
    assert!(sum > 0.0, "split of {total} over zero weights");
    let mut out = Vec::with_capacity(weights.len());
    let mut rem: Vec<(f64, usize)> = Vec::with_capacity(weights.len());
    let mut used = 0i64;
    for (i, w) in weights.iter().enumerate() {
        let q = total as f64 * w.max(0.0) / sum;
        let f = q.floor();
        out.push(f as i64);
        used += f as i64;
        if *w > 0.0 {
            rem.push((q - f, i));
        }
    }
    rem.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut left = total - used;
    let mut k = 0;
    while left > 0 {
        out[rem[k % rem.len()].1] += 1;
        left -= 1;
        k += 1;
    }
    out
}

/// Like `split`, but part `i` is at least `mins[i]` (requires sum(mins) <= total).
pub(crate) fn split_min(total: i64, weights: &[f64], mins: &[i64]) -> Vec<i64> {
    let floor: i64 = mins.iter().sum();
    assert!(
        floor <= total,
        "split_min: minimums {floor} exceed total {total}"
    );
    let scale = weights.iter().sum::<f64>() / total.max(1) as f64;
    let base: Vec<f64> = weights
        .iter()
        .zip(mins)
        .map(|(w, m)| (w - *m as f64 * scale).max(0.0) + 1e-9)
        .collect();
    let extra = split(total - floor, &base);
    extra.iter().zip(mins).map(|(e, m)| e + m).collect()
}

/// Fit `seed` to row totals `rows` and column totals `cols` (equal grand totals) and
/// round to integers preserving every margin exactly.  Cells with a zero seed stay zero.
pub(crate) fn round_matrix(seed: &[Vec<f64>], rows: &[i64], cols: &[i64]) -> Vec<Vec<i64>> {
    let nr = rows.len();
    let nc = cols.len();
    assert_eq!(seed.len(), nr);
    let total: i64 = rows.iter().sum();
    assert_eq!(
        total,
        cols.iter().sum::<i64>(),
        "round_matrix: margins disagree"
    );
    let mut m: Vec<Vec<f64>> = seed
        .iter()
        .map(|r| r.iter().map(|v| v.max(0.0)).collect())
        .collect();
    for _ in 0..500 {
        for (r, row) in m.iter_mut().enumerate() {
            let s: f64 = row.iter().sum();
            if s > 0.0 {
                let f = rows[r] as f64 / s;
                row.iter_mut().for_each(|v| *v *= f);
            }
        }
        let mut worst = 0.0f64;
        for c in 0..nc {
            let s: f64 = m.iter().map(|row| row[c]).sum();
            if s > 0.0 {
                let f = cols[c] as f64 / s;
                worst = worst.max((f - 1.0).abs());
                m.iter_mut().for_each(|row| row[c] *= f);
            }
        }
        if worst < 1e-12 {
            break;
        }
    }
    let mut out: Vec<Vec<i64>> = m
        .iter()
        .map(|r| r.iter().map(|v| v.floor() as i64).collect())
        .collect();
    let mut rdef: Vec<i64> = (0..nr)
        .map(|r| rows[r] - out[r].iter().sum::<i64>())
        .collect();
    let mut cdef: Vec<i64> = (0..nc)
        .map(|c| cols[c] - out.iter().map(|row| row[c]).sum::<i64>())
        .collect();
    let mut cand: Vec<(f64, usize, usize)> = Vec::new();
    for (r, row) in m.iter().enumerate() {
        for (c, &v) in row.iter().enumerate() {
            if v > 0.0 {
                cand.push((v - v.floor(), r, c));
            }
        }
    }
    cand.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for &(_, r, c) in &cand {
        if rdef[r] > 0 && cdef[c] > 0 {
            out[r][c] += 1;
            rdef[r] -= 1;
            cdef[c] -= 1;
        }
    }
    // Fallback: any remaining deficit goes to a supported cell of a deficient row and column.
    while let Some(r) = (0..nr).find(|&r| rdef[r] > 0) {
        let c = (0..nc)
            .filter(|&c| cdef[c] > 0)
            .max_by(|&a, &b| seed[r][a].total_cmp(&seed[r][b]).then(b.cmp(&a)))
            .expect("round_matrix: no column with a deficit");
        out[r][c] += 1;
        rdef[r] -= 1;
        cdef[c] -= 1;
    }
    // Rows with surplus cannot occur: floors never exceed the fitted values.
    out
}

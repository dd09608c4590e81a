//! Disclosure control, end to end, on `tests/fixtures/disclosure/`: a table by trust whose
//! counts are protected by NHS England's rule. Each rule is pinned on the published outputs:
//! 1 to 7 become `[c]`, other counts are rounded to the nearest 5, a true zero stays 0, rates
//! are computed from the rounded counts (`[c]` when a count is, `[z]` over a zero), the
//! national row is exact, and the figure leaves a marked gap where a count is protected.
//! The refusals (a table that declares nothing, an unclassified column, a number that would
//! print `[c]`, a figure over unprotected rows) are fixtures in `tests/fixtures/errors/`.

mod common;

#[test]
fn protected_counts_reach_every_output_as_published() {
    let (scratch, output) = common::run_in_scratch(
        &common::repo().join("tests/fixtures/disclosure/report.toml"),
        &["build"],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let out = scratch.path().join("out/fixture");
    let read = |rel: &str| String::from_utf8(std::fs::read(out.join(rel)).unwrap()).unwrap();
    let table = read("tables/by_trust.csv");
    assert_eq!(
        table,
        "region,trust,joiners,leavers,start_headcount,leaver_rate\n\
         England,All trusts,30,26,642,0.040498442367601244\n\
         London,Trust A,[c],10,430,0.023255813953488372\n\
         London,Trust B,0,[c],210,[c]\n\
         North,Trust C,25,10,0,[z]\n"
    );
    // The figure's data and alt text say what the gap is; the SVG marks it.
    let figure_data = read("data/mix.csv");
    assert!(figure_data.contains("Trust B,leavers,[c]"), "{figure_data}");
    let svg = read("figures/mix.svg");
    assert!(svg.contains("[c]"), "the gap is marked in the chart");
    let source = read("typst/main.typ");
    assert!(source.contains("Trust B: suppressed"), "alt text: {source}");
    assert!(
        source.contains("notes: [Gaps marked \\[c\\] are suppressed"),
        "{source}"
    );
    // The data pack holds the symbol, not a blank or a zero.
    let pack = std::fs::read(out.join("data-pack.xlsx")).unwrap();
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(pack)).unwrap();
    use calamine::Reader;
    let sheet = workbook.worksheet_range("mix").unwrap();
    assert!(
        sheet.rows().any(|row| row
            .iter()
            .any(|cell| matches!(cell, calamine::Data::String(s) if s == "[c]"))),
        "the data pack prints [c]"
    );
}

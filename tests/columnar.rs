//! Large and Parquet releases through the whole build: the columnar path gives the same
//! tables as the in-memory path, and a table edited later reads the dataset from the cache
//! (or in place) rather than from the raw file again.

mod common;

use common::{Project, build_summary, fixture};
use polars::prelude::*;

const TABLE: &str = "out/fixture/tables/mh_mix.csv";
const NUMBERS: &str = "out/fixture/numbers.json";

/// Builds, then edits the table's query (same result) and builds again: only the table runs,
/// reading the dataset as the first build left it, and its rows are unchanged.
fn build_then_edit_the_query(project: &Project) -> (Vec<u8>, Vec<u8>) {
    build_summary(project);
    let (table, numbers) = (project.read(TABLE), project.read(NUMBERS));
    project.edit(
        "report.toml",
        "GROUP BY staff_group ORDER BY share DESC",
        "GROUP BY staff_group ORDER BY share DESC, staff_group",
    );
    let summary = build_summary(project);
    assert!(summary.contains("ran: table.mh_mix"), "{summary}");
    assert!(summary.contains("1 node(s) ran"), "{summary}");
    assert_eq!(project.read(TABLE), table);
    (table, numbers)
}

#[test]
fn a_parquet_release_read_in_place_gives_the_tables_of_its_csv() {
    let project = fixture();
    build_summary(&project);
    let (table, numbers) = (project.read(TABLE), project.read(NUMBERS));

    // The same rows as Parquet, dates as text (as publishers write them), read in place.
    let csv = project.path("data/2020-06/staff.csv");
    let mut df = CsvReadOptions::default()
        .try_into_reader_with_file_path(Some(csv))
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(df.column("DATE").unwrap().dtype(), &DataType::String);
    let file = std::fs::File::create(project.path("data/2020-06/staff.parquet")).unwrap();
    ParquetWriter::new(file).finish(&mut df).unwrap();
    project.edit(
        "report.toml",
        "path = \"staff.csv\"",
        "path = \"staff.parquet\"",
    );

    let (in_place, in_place_numbers) = build_then_edit_the_query(&project);
    assert_eq!(in_place, table);
    assert_eq!(in_place_numbers, numbers);
    let record =
        String::from_utf8(project.read(".rapport-cache/fixture/nodes/dataset.staff.json")).unwrap();
    assert!(record.contains("in-place.json"), "read in place: {record}");
}

#[test]
fn a_release_too_large_to_hold_is_typed_on_the_columnar_path_with_the_same_tables() {
    let project = fixture();
    build_summary(&project);
    let table = project.read(TABLE);

    // Every row many times over: the shares are the same, and the file is larger than what
    // is held in memory (16 MB), so it is scanned, typed as it streams and cached as Parquet.
    let path = project.path("data/2020-06/staff.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let (header, rows) = text.split_once('\n').unwrap();
    let mut large = format!("{header}\n");
    while large.len() < 18 << 20 {
        large.push_str(rows);
    }
    std::fs::write(&path, large).unwrap();

    let (columnar, _) = build_then_edit_the_query(&project);
    assert_eq!(columnar, table);
    let record =
        String::from_utf8(project.read(".rapport-cache/fixture/nodes/dataset.staff.json")).unwrap();
    assert!(
        record.contains("\"rows.parquet\""),
        "the typed rows are cached as a Parquet object: {record}"
    );
}

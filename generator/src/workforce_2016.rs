//! `reference/mental_health_workforce_2016.csv`: Table one and Table two of *The future of the
//! mental health workforce* (Centre for Mental Health and NHS Confederation, 2017), transcribed
//! exactly as printed, rows, subtotals and totals alike.
//!
//! Both tables quote NHS Digital's provisional workforce statistics for October 2016 (Table
//! one's column says 09/2016). The subtotals are printed as published even where FTE rounding
//! makes them differ by one from the sum of their rows (Community Psychiatry, October 2009:
//! printed 15,295, rows sum to 15,294); the report's checks allow for that.

use crate::csv::Table;

/// (table, section, role, level, period, FTE): `level` is `role`, `subtotal` or `total`.
const ROWS: [(&str, &str, &str, &str, &str, &str); 33] = [
    (
        "one",
        "Psychiatrists",
        "Child and adolescent psychiatrists",
        "role",
        "2016-09",
        "967",
    ),
    (
        "one",
        "Psychiatrists",
        "Forensic psychiatrists",
        "role",
        "2016-09",
        "549",
    ),
    (
        "one",
        "Psychiatrists",
        "General psychiatrists",
        "role",
        "2016-09",
        "5709",
    ),
    (
        "one",
        "Psychiatrists",
        "Old age psychiatrists",
        "role",
        "2016-09",
        "1090",
    ),
    (
        "one",
        "Psychiatrists",
        "Learning disability psychiatrists",
        "role",
        "2016-09",
        "421",
    ),
    (
        "one",
        "Psychiatrists",
        "Psychotherapy psychiatrists",
        "role",
        "2016-09",
        "83",
    ),
    (
        "one",
        "Psychiatrists",
        "Total psychiatrists",
        "total",
        "2016-09",
        "8819",
    ),
    (
        "two",
        "Community Psychiatry",
        "Community Psychiatry",
        "subtotal",
        "2009-10",
        "15295",
    ),
    (
        "two",
        "Community Psychiatry",
        "Nurse Consultant",
        "role",
        "2009-10",
        "33",
    ),
    (
        "two",
        "Community Psychiatry",
        "Modern Matron",
        "role",
        "2009-10",
        "48",
    ),
    (
        "two",
        "Community Psychiatry",
        "Nurse Manager",
        "role",
        "2009-10",
        "647",
    ),
    (
        "two",
        "Community Psychiatry",
        "Other 1st Level Nurse",
        "role",
        "2009-10",
        "14450",
    ),
    (
        "two",
        "Community Psychiatry",
        "Other 2nd Level Nurse",
        "role",
        "2009-10",
        "116",
    ),
    (
        "two",
        "Other Psychiatry",
        "Other Psychiatry",
        "subtotal",
        "2009-10",
        "25387",
    ),
    (
        "two",
        "Other Psychiatry",
        "Nurse Consultant",
        "role",
        "2009-10",
        "109",
    ),
    (
        "two",
        "Other Psychiatry",
        "Modern Matron",
        "role",
        "2009-10",
        "550",
    ),
    (
        "two",
        "Other Psychiatry",
        "Nurse Manager",
        "role",
        "2009-10",
        "1060",
    ),
    (
        "two",
        "Other Psychiatry",
        "Other 1st Level Nurse",
        "role",
        "2009-10",
        "23230",
    ),
    (
        "two",
        "Other Psychiatry",
        "Other 2nd Level Nurse",
        "role",
        "2009-10",
        "438",
    ),
    ("two", "Total", "Total", "total", "2009-10", "40682"),
    (
        "two",
        "Community Psychiatry",
        "Community Psychiatry",
        "subtotal",
        "2016-10",
        "16350",
    ),
    (
        "two",
        "Community Psychiatry",
        "Nurse Consultant",
        "role",
        "2016-10",
        "53",
    ),
    (
        "two",
        "Community Psychiatry",
        "Modern Matron",
        "role",
        "2016-10",
        "44",
    ),
    (
        "two",
        "Community Psychiatry",
        "Nurse Manager",
        "role",
        "2016-10",
        "945",
    ),
    (
        "two",
        "Community Psychiatry",
        "Other 1st Level Nurse",
        "role",
        "2016-10",
        "15172",
    ),
    (
        "two",
        "Community Psychiatry",
        "Other 2nd Level Nurse",
        "role",
        "2016-10",
        "136",
    ),
    (
        "two",
        "Other Psychiatry",
        "Other Psychiatry",
        "subtotal",
        "2016-10",
        "19592",
    ),
    (
        "two",
        "Other Psychiatry",
        "Nurse Consultant",
        "role",
        "2016-10",
        "97",
    ),
    (
        "two",
        "Other Psychiatry",
        "Modern Matron",
        "role",
        "2016-10",
        "395",
    ),
    (
        "two",
        "Other Psychiatry",
        "Nurse Manager",
        "role",
        "2016-10",
        "1095",
    ),
    (
        "two",
        "Other Psychiatry",
        "Other 1st Level Nurse",
        "role",
        "2016-10",
        "17901",
    ),
    (
        "two",
        "Other Psychiatry",
        "Other 2nd Level Nurse",
        "role",
        "2016-10",
        "104",
    ),
    ("two", "Total", "Total", "total", "2016-10", "35943"),
];

/// The transcribed tables, with each row's place in its printed table (`ROW`).
pub(crate) fn table() -> Table {
    let mut table = Table::new(&["TABLE", "ROW", "SECTION", "ROLE", "LEVEL", "PERIOD", "FTE"]);
    let mut places: Vec<(&str, &str, &str)> = Vec::new();
    for (t, section, role, level, period, fte) in ROWS {
        // A row of Table two appears once per period: its place is where it first appears.
        if !places.contains(&(t, section, role)) {
            places.push((t, section, role));
        }
        let row = places
            .iter()
            .filter(|p| p.0 == t)
            .position(|p| *p == (t, section, role))
            .expect("the row was placed above")
            + 1;
        let row = row.to_string();
        table.row(&[t, &row, section, role, level, period, fte]);
    }
    table
}

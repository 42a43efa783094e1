//! Writing CSV for spreadsheets: the dashboard's matrix and "what people miss" both use it.

/// A CSV cell: quoted, and neutralised if a spreadsheet would read it as a formula.
pub fn csv_cell(text: &str) -> String {
    let neutral = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_string() };
    format!("\"{}\"", neutral.replace('"', "\"\""))
}

//! Keeping text cells inert in spreadsheets.
//!
//! Excel, LibreOffice and Google Sheets evaluate a cell that begins with `=`, `+`, `-` or `@`
//! as a formula, and a tab or carriage return at the start can smuggle one in (OWASP "CSV
//! injection"). Such cells get a leading `'`, which every spreadsheet shows as a text marker
//! rather than as content. Only the first character matters: "-3%" inside a sentence stays as
//! it is; a sentence that itself begins with "-3%" reads `'-3%…`.

/// Returns the cell text, prefixed with `'` when a spreadsheet would treat it as a formula.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// Undoes [`neutralise`] when reading a sheet back.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest)
            if matches!(
                rest.chars().next(),
                Some('=' | '+' | '-' | '@' | '\t' | '\r')
            ) =>
        {
            rest
        }
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_payloads_are_neutralised_and_restored() {
        for payload in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+cmd|' /C calc'!A0",
            "@SUM(1+1)",
            "-2+3",
            "\t=1",
        ] {
            let safe = neutralise(payload);
            assert!(safe.starts_with('\''), "{payload}");
            assert_eq!(restore(&safe), payload);
        }
        assert_eq!(
            neutralise("Prices fell -3% in May."),
            "Prices fell -3% in May."
        );
        assert_eq!(restore("'tis the season"), "'tis the season");
    }
}

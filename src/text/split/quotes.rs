//! Whether an offset lies inside a double quotation, so our own cuts respect the quotation
//! policy of the module doc (a quotation is never split inside).
//!
//! Only double quotes are tracked: straight `"` toggles, `“` opens and `”` closes. Single
//! quotes are too ambiguous with apostrophes to be evidence on their own; sentencex pairs them
//! itself.

use std::sync::LazyLock;

use memchr::memmem::Finder;

static CLOSING_CURLY: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("”"));

/// Removes from `cuts` (sorted) every offset that lies inside a double quotation of `text`.
pub fn drop_quoted(text: &str, cuts: &mut Vec<usize>) {
    let bytes = text.as_bytes();
    let mut inside = false;
    let mut pos = 0;
    cuts.retain(|&cut| {
        while pos < cut {
            match bytes[pos] {
                b'"' => inside = !inside,
                0xE2 if bytes.get(pos + 1) == Some(&0x80) => match bytes.get(pos + 2) {
                    Some(&0x9C) => inside = true,  // “
                    Some(&0x9D) => inside = false, // ”
                    _ => {}
                },
                _ => {}
            }
            pos += 1;
        }
        !inside || !has_closer(&bytes[cut..])
    });
}

/// An opening quote with no closing quote after it (news copy continues a quotation in the next
/// paragraph) does not protect anything.
fn has_closer(rest: &[u8]) -> bool {
    memchr::memchr(b'"', rest).is_some() || CLOSING_CURLY.find(rest).is_some()
}

#[cfg(test)]
mod tests {
    use super::drop_quoted;

    #[test]
    fn drops_cuts_inside_quotes_only() {
        let text = "A. \"B. C.\" D. “E. F.” G.";
        let mut cuts: Vec<usize> = text.match_indices(". ").map(|(i, _)| i + 1).collect();
        drop_quoted(text, &mut cuts);
        let kept: Vec<&str> = cuts.iter().map(|&c| &text[c - 2..c]).collect();
        assert_eq!(kept, ["A.", "D."]);
        let mut cuts = vec![4];
        drop_quoted("\"Un. Closed", &mut cuts);
        assert_eq!(cuts, [4]);
    }
}

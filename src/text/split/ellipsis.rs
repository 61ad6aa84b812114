//! The four-dot ellipsis (Golden Rule #48).
//!
//! In edited prose a period *attached to a word* followed by a spaced three-dot ellipsis
//! (`compounds. . . . The`) is the end of one sentence and an omission before the next: the
//! first dot belongs to the sentence, `. . .` starts the next one. sentencex keeps all four dots
//! together, so we cut after the first dot. When the first dot is spaced off
//! (`period . . . . Next`, Rule #45), the four dots are one ellipsis-plus-period and the cut
//! stays after the last dot, as sentencex does. A mid-sentence ellipsis (`weakened . . . was`,
//! `well...see`) is never cut: only a capital (optionally behind an opening quote) after the
//! run starts a sentence, and only an attached first dot splits the run.

/// The cut after the sentence-ending dot when the `.` at byte `p` of `text` starts an attached
/// four-dot ellipsis followed by a new sentence.
pub fn cut_at(text: &str, p: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if !bytes[p..].starts_with(b". . . .") {
        return None;
    }
    let attached = p > 0 && !bytes[p - 1].is_ascii_whitespace() && bytes[p - 1] != b'.';
    // A fifth dot means something else (a dotted leader); leave it alone.
    if !attached || bytes.get(p + 7) == Some(&b'.') {
        return None;
    }
    let rest = &text[p + 7..];
    let after_ws = rest.trim_start();
    if after_ws.len() == rest.len() {
        return None;
    }
    let after_quote = after_ws.trim_start_matches(['"', '\'', '“', '‘', '(']);
    after_quote
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
        .then_some(p + 1)
}

#[cfg(test)]
mod tests {
    use super::cut_at;

    fn c(text: &str) -> Vec<usize> {
        memchr::memchr_iter(b'.', text.as_bytes())
            .filter_map(|p| cut_at(text, p))
            .collect()
    }

    #[test]
    fn attached_four_dots_before_a_capital() {
        assert_eq!(c("words. . . . The end"), vec![6]);
        assert_eq!(c("period . . . . Next"), Vec::<usize>::new());
        assert_eq!(c("words. . . . the end"), Vec::<usize>::new());
        assert_eq!(c("abandoned. . . ."), Vec::<usize>::new());
    }
}

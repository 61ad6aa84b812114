//! Dates as articles write them, normalised to ISO `YYYY-MM-DD`.
//!
//! Accepted: `dd/mm/yyyy` and `d/m/yyyy` (day first; `.` and `-` separators too),
//! `yyyy-mm-dd` and `yyyy/mm/dd` (optionally followed by a time, as in
//! `2017-10-23T08:15:00Z`), `23 October 2017`, `23 Oct. 2017`, `October 23, 2017`, each
//! optionally preceded by a weekday (`Monday, 23 October 2017`). An impossible date
//! (31/02/2017) is `None`.

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Parses a whole string (trimmed) as a date; `None` when it is not one or is impossible.
pub fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    numeric(s).or_else(|| written(s))
}

fn iso(y: u32, m: u32, d: u32) -> Option<String> {
    if !(1..=9999).contains(&y) || !(1..=12).contains(&m) || d == 0 {
        return None;
    }
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if d > days {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

fn digits(s: &str, min: usize, max: usize) -> Option<u32> {
    if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn numeric(s: &str) -> Option<String> {
    // Year first: yyyy-mm-dd[Thh:mm...] or yyyy/mm/dd.
    if let (Some(date), Some(rest)) = (s.get(..10), s.get(10..)) {
        let rest_ok = rest.is_empty()
            || rest.starts_with('T')
            || rest.starts_with('t')
            || rest.starts_with(' ');
        let sep = date.as_bytes()[4];
        if rest_ok
            && date.as_bytes()[..4].iter().all(u8::is_ascii_digit)
            && (sep == b'-' || sep == b'/')
            && date.as_bytes()[7] == sep
        {
            let y = digits(date.get(..4)?, 4, 4)?;
            let m = digits(date.get(5..7)?, 2, 2)?;
            let d = digits(date.get(8..10)?, 2, 2)?;
            return iso(y, m, d);
        }
    }
    // Day first: d/m/yyyy, dd.mm.yyyy, dd-mm-yyyy.
    let sep = s.bytes().find(|b| matches!(b, b'/' | b'.' | b'-'))?;
    let parts: Vec<&str> = s.split(sep as char).collect();
    if parts.len() != 3 {
        return None;
    }
    let d = digits(parts[0], 1, 2)?;
    let m = digits(parts[1], 1, 2)?;
    let y = digits(parts[2], 4, 4)?;
    iso(y, m, d)
}

fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            *m == w || (w.len() >= 3 && m.starts_with(&w) && (w.len() == 3 || w == "sept"))
        })
        .map(|i| i as u32 + 1)
}

fn written(s: &str) -> Option<String> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut words = &words[..];
    if let Some(first) = words.first() {
        let f = first.trim_end_matches('.').to_ascii_lowercase();
        if f.len() >= 3 && WEEKDAYS.iter().any(|d| d.starts_with(&f)) {
            words = &words[1..];
        }
    }
    if words.len() != 3 {
        return None;
    }
    let day = |w: &str| {
        let w = w
            .trim_end_matches("st")
            .trim_end_matches("nd")
            .trim_end_matches("rd")
            .trim_end_matches("th");
        digits(w, 1, 2)
    };
    let y = digits(words[2], 4, 4)?;
    if let (Some(d), Some(m)) = (day(words[0]), month(words[1])) {
        return iso(y, m, d);
    }
    if let (Some(m), Some(d)) = (month(words[0]), day(words[1])) {
        return iso(y, m, d);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn numeric_forms() {
        assert_eq!(parse_date("23/10/2017").as_deref(), Some("2017-10-23"));
        assert_eq!(parse_date(" 3/1/2017 ").as_deref(), Some("2017-01-03"));
        assert_eq!(parse_date("23.10.2017").as_deref(), Some("2017-10-23"));
        assert_eq!(parse_date("2017-10-23").as_deref(), Some("2017-10-23"));
        assert_eq!(
            parse_date("2017-10-23T08:15:00+00:00").as_deref(),
            Some("2017-10-23")
        );
        assert_eq!(parse_date("2017/10/23").as_deref(), Some("2017-10-23"));
    }

    #[test]
    fn written_forms() {
        assert_eq!(parse_date("23 October 2017").as_deref(), Some("2017-10-23"));
        assert_eq!(
            parse_date("October 23, 2017").as_deref(),
            Some("2017-10-23")
        );
        assert_eq!(parse_date("Oct. 23, 2017").as_deref(), Some("2017-10-23"));
        assert_eq!(parse_date("23rd Sept 2017").as_deref(), Some("2017-09-23"));
        assert_eq!(
            parse_date("Monday, 23 October 2017").as_deref(),
            Some("2017-10-23")
        );
    }

    #[test]
    fn impossible_or_not_dates() {
        assert_eq!(parse_date("31/02/2017"), None);
        assert_eq!(parse_date("29/02/2017"), None);
        assert_eq!(parse_date("29/02/2016").as_deref(), Some("2016-02-29"));
        assert_eq!(parse_date("13/13/2017"), None);
        assert_eq!(parse_date("2017-13-01"), None);
        assert_eq!(parse_date("In 2017 the war ended."), None);
        assert_eq!(parse_date("1/2/3"), None);
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_date("2020-11-0’5T09"), None);
        assert_eq!(parse_date("é2020-11-05"), None);
        assert_eq!(parse_date("May 2017"), None);
    }
}

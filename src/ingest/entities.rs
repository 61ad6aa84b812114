//! HTML character references (`&amp;`, `&#8217;`, `&#x2019;`, `&rsquo;` …), shared by the
//! HTML and Markdown extractors.

/// Named references this decoder knows (the common ones in news text).
const NAMED: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", " "),
    ("ensp", " "),
    ("emsp", " "),
    ("thinsp", " "),
    ("shy", ""),
    ("zwnj", ""),
    ("zwj", ""),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("sbquo", "‚"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("bdquo", "„"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("lsaquo", "‹"),
    ("rsaquo", "›"),
    ("prime", "′"),
    ("Prime", "″"),
    ("ndash", "–"),
    ("mdash", "—"),
    ("minus", "−"),
    ("hellip", "…"),
    ("bull", "•"),
    ("middot", "·"),
    ("dagger", "†"),
    ("Dagger", "‡"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("deg", "°"),
    ("plusmn", "±"),
    ("times", "×"),
    ("divide", "÷"),
    ("frac12", "½"),
    ("frac14", "¼"),
    ("frac34", "¾"),
    ("sup1", "¹"),
    ("sup2", "²"),
    ("sup3", "³"),
    ("permil", "‰"),
    ("percnt", "%"),
    ("micro", "µ"),
    ("para", "¶"),
    ("sect", "§"),
    ("cent", "¢"),
    ("pound", "£"),
    ("euro", "€"),
    ("yen", "¥"),
    ("curren", "¤"),
    ("iexcl", "¡"),
    ("iquest", "¿"),
    ("ordf", "ª"),
    ("ordm", "º"),
    ("larr", "←"),
    ("rarr", "→"),
    ("uarr", "↑"),
    ("darr", "↓"),
    ("le", "≤"),
    ("ge", "≥"),
    ("ne", "≠"),
    ("asymp", "≈"),
    ("infin", "∞"),
    ("Agrave", "À"),
    ("Aacute", "Á"),
    ("Acirc", "Â"),
    ("Atilde", "Ã"),
    ("Auml", "Ä"),
    ("Aring", "Å"),
    ("AElig", "Æ"),
    ("Ccedil", "Ç"),
    ("Egrave", "È"),
    ("Eacute", "É"),
    ("Ecirc", "Ê"),
    ("Euml", "Ë"),
    ("Igrave", "Ì"),
    ("Iacute", "Í"),
    ("Icirc", "Î"),
    ("Iuml", "Ï"),
    ("Ntilde", "Ñ"),
    ("Ograve", "Ò"),
    ("Oacute", "Ó"),
    ("Ocirc", "Ô"),
    ("Otilde", "Õ"),
    ("Ouml", "Ö"),
    ("Oslash", "Ø"),
    ("Ugrave", "Ù"),
    ("Uacute", "Ú"),
    ("Ucirc", "Û"),
    ("Uuml", "Ü"),
    ("Yacute", "Ý"),
    ("szlig", "ß"),
    ("agrave", "à"),
    ("aacute", "á"),
    ("acirc", "â"),
    ("atilde", "ã"),
    ("auml", "ä"),
    ("aring", "å"),
    ("aelig", "æ"),
    ("ccedil", "ç"),
    ("egrave", "è"),
    ("eacute", "é"),
    ("ecirc", "ê"),
    ("euml", "ë"),
    ("igrave", "ì"),
    ("iacute", "í"),
    ("icirc", "î"),
    ("iuml", "ï"),
    ("ntilde", "ñ"),
    ("ograve", "ò"),
    ("oacute", "ó"),
    ("ocirc", "ô"),
    ("otilde", "õ"),
    ("ouml", "ö"),
    ("oslash", "ø"),
    ("ugrave", "ù"),
    ("uacute", "ú"),
    ("ucirc", "û"),
    ("uuml", "ü"),
    ("yacute", "ý"),
    ("yuml", "ÿ"),
    ("OElig", "Œ"),
    ("oelig", "œ"),
    ("Scaron", "Š"),
    ("scaron", "š"),
    ("Yuml", "Ÿ"),
    ("alpha", "α"),
    ("beta", "β"),
    ("gamma", "γ"),
    ("delta", "δ"),
    ("mu", "μ"),
    ("pi", "π"),
    ("sigma", "σ"),
    ("omega", "ω"),
];

/// Decodes the character reference at the start of `s` (which starts with `&`), returning
/// its length in bytes and its text. `None` when it is not a reference this knows: the
/// caller keeps the `&` as text. The `;` is required, except for `&amp`, `&lt`, `&gt`,
/// `&quot` and `&nbsp` followed by a character that cannot continue a name.
pub fn decode_at(s: &str) -> Option<(usize, String)> {
    let b = s.as_bytes();
    debug_assert_eq!(b.first(), Some(&b'&'));
    if b.get(1) == Some(&b'#') {
        let (hex, start) = match b.get(2) {
            Some(b'x') | Some(b'X') => (true, 3),
            _ => (false, 2),
        };
        let mut end = start;
        while end < b.len()
            && end - start < 8
            && (if hex {
                b[end].is_ascii_hexdigit()
            } else {
                b[end].is_ascii_digit()
            })
        {
            end += 1;
        }
        if end == start {
            return None;
        }
        let v = u32::from_str_radix(&s[start..end], if hex { 16 } else { 10 }).ok()?;
        let len = if b.get(end) == Some(&b';') {
            end + 1
        } else {
            end
        };
        let c = match v {
            0 => '\u{FFFD}',
            // windows-1252 code points written as numbers, as many old pages do.
            0x80..=0x9F => cp1252(v),
            _ => char::from_u32(v).unwrap_or('\u{FFFD}'),
        };
        return Some((len, c.to_string()));
    }
    let mut end = 1;
    while end < b.len() && end < 12 && b[end].is_ascii_alphanumeric() {
        end += 1;
    }
    let name = &s[1..end];
    let (_, text) = NAMED.iter().find(|(n, _)| *n == name)?;
    if b.get(end) == Some(&b';') {
        return Some((end + 1, (*text).to_string()));
    }
    if matches!(name, "amp" | "lt" | "gt" | "quot" | "nbsp") {
        return Some((end, (*text).to_string()));
    }
    None
}

fn cp1252(v: u32) -> char {
    let byte = [v as u8];
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
    text.chars().next().unwrap_or('\u{FFFD}')
}

/// Decodes every reference in `s` (for titles and attribute values).
pub fn decode_all(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(off) = s[i..].find('&') {
        let at = i + off;
        out.push_str(&s[i..at]);
        match decode_at(&s[at..]) {
            Some((len, text)) => {
                out.push_str(&text);
                i = at + len;
            }
            None => {
                out.push('&');
                i = at + 1;
            }
        }
    }
    out.push_str(&s[i..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_named_and_numeric() {
        assert_eq!(decode_at("&amp; x"), Some((5, "&".into())));
        assert_eq!(decode_at("&rsquo;s"), Some((7, "’".into())));
        assert_eq!(decode_at("&#8217;"), Some((7, "’".into())));
        assert_eq!(decode_at("&#x2019;"), Some((8, "’".into())));
        assert_eq!(decode_at("&#X2019;"), Some((8, "’".into())));
        assert_eq!(decode_at("&#146;"), Some((6, "’".into())));
        assert_eq!(decode_at("&amp x"), Some((4, "&".into())));
        assert_eq!(decode_at("&nosuch;"), None);
        assert_eq!(decode_at("& x"), None);
        assert_eq!(decode_at("&#;"), None);
        assert_eq!(
            decode_at("&#99999999999;").map(|x| x.1),
            Some("\u{FFFD}".into())
        );
        assert_eq!(
            decode_all("A &amp; B &lt;C&gt; &mdash; D&hellip;"),
            "A & B <C> — D…"
        );
    }
}

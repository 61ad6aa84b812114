//! Bytes to text: BOMs, UTF-8, UTF-16 (with or without BOM), legacy encodings; binary refused.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// How many bytes the binary and UTF-16 checks look at.
const SAMPLE: usize = 64 * 1024;

/// Decodes a file's bytes to text, returning the text (BOM removed) and the encoding's name.
///
/// Order: a BOM decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE); known binary signatures
/// (PNG, JPEG, GIF, PDF, ZIP, gzip, ELF…) are refused; UTF-16 without BOM is recognised
/// by NUL bytes at alternating positions; other NUL bytes mean binary; valid UTF-8 is
/// UTF-8; anything else is guessed with `chardetng` (windows-1252, ISO-8859-x, …). Text
/// with many control characters is refused as binary. Empty input is `Ok("")`.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), String> {
    decode_text(bytes).map(|d| (d.text, d.encoding))
}

/// Text decoded from a file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The encoding's name (`UTF-8`, `windows-1252`, …).
    pub encoding: &'static str,
    /// Stray NUL bytes removed before decoding (scraped or converted text often has a few).
    pub nuls_removed: usize,
}

/// Like [`decode`], and says how many stray NUL bytes it removed: a file with NUL bytes is
/// binary only when they are more than a few (over 8) and more than a tenth of it, the
/// threshold the control-character check uses too.
pub fn decode_text(bytes: &[u8]) -> Result<Decoded, String> {
    match decode_without_nuls(bytes) {
        Ok((text, encoding)) => Ok(Decoded {
            text,
            encoding,
            nuls_removed: 0,
        }),
        Err(e) if e == NUL_MARKER => {
            let nuls = memchr::memchr_iter(0, bytes).count();
            if nuls > 8 && nuls * 10 > bytes.len() {
                return Err("binary file (NUL bytes), not text".into());
            }
            let kept: Vec<u8> = bytes.iter().copied().filter(|&b| b != 0).collect();
            let (text, encoding) = decode_without_nuls(&kept)?;
            Ok(Decoded {
                text,
                encoding,
                nuls_removed: nuls,
            })
        }
        Err(e) => Err(e),
    }
}

/// What [`decode_without_nuls`] says of bytes holding NULs (not UTF-16): [`decode_text`] then
/// decides between stray NULs and a binary file.
const NUL_MARKER: &str = "binary file (NUL bytes), not text";

fn decode_without_nuls(bytes: &[u8]) -> Result<(String, &'static str), String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let (text, _) = UTF_8.decode_without_bom_handling(rest);
        return checked(text.into_owned(), "UTF-8");
    }
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) {
        return utf32(&bytes[4..], false).and_then(|t| checked(t, "UTF-32LE"));
    }
    if bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return utf32(&bytes[4..], true).and_then(|t| checked(t, "UTF-32BE"));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, UTF_16LE);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, UTF_16BE);
    }
    if let Some(kind) = signature(bytes) {
        return Err(format!("binary file ({kind}), not text"));
    }
    let sample = &bytes[..bytes.len().min(SAMPLE)];
    if let Some(enc) = utf16_without_bom(sample) {
        return utf16(bytes, enc);
    }
    if memchr::memchr(0, bytes).is_some() {
        return Err(NUL_MARKER.into());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return checked(text.to_owned(), "UTF-8");
    }
    if mostly_utf8(bytes) {
        // A few stray bytes in otherwise UTF-8 text (a bad paste, a cut multi-byte
        // character): guessing a legacy encoding would garble every accent in the file.
        return checked(String::from_utf8_lossy(bytes).into_owned(), "UTF-8");
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let enc = detector.guess(None, false);
    let (text, _) = enc.decode_without_bom_handling(bytes);
    checked(text.into_owned(), enc.name())
}

/// True when the valid non-ASCII UTF-8 characters outnumber the invalid byte runs.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    multibyte > invalid
}

fn utf16(bytes: &[u8], enc: &'static Encoding) -> Result<(String, &'static str), String> {
    let (text, _) = enc.decode_without_bom_handling(bytes);
    checked(text.into_owned(), enc.name())
}

fn utf32(bytes: &[u8], big_endian: bool) -> Result<String, String> {
    let mut out = String::with_capacity(bytes.len() / 4);
    for c in bytes.chunks(4) {
        if c.len() < 4 {
            out.push('\u{FFFD}');
            break;
        }
        let v = if big_endian {
            u32::from_be_bytes([c[0], c[1], c[2], c[3]])
        } else {
            u32::from_le_bytes([c[0], c[1], c[2], c[3]])
        };
        out.push(char::from_u32(v).unwrap_or('\u{FFFD}'));
    }
    Ok(out)
}

/// UTF-16 without BOM: most code units of Latin text have one zero byte, always on the
/// same side.
fn utf16_without_bom(sample: &[u8]) -> Option<&'static Encoding> {
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for p in sample[..pairs * 2].chunks_exact(2) {
        even += usize::from(p[0] == 0);
        odd += usize::from(p[1] == 0);
    }
    // Both bytes zero in many units is not text at all.
    if odd * 10 >= pairs * 4 && even * 20 <= odd {
        Some(UTF_16LE)
    } else if even * 10 >= pairs * 4 && odd * 20 <= even {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn signature(b: &[u8]) -> Option<&'static str> {
    const SIGS: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"%PDF-", "PDF document"),
        (b"PK\x03\x04", "ZIP archive or office document"),
        (b"\x1F\x8B", "gzip archive"),
        (b"\x7FELF", "ELF executable"),
        (b"BZh", "bzip2 archive"),
        (b"\xFD7zXZ\x00", "xz archive"),
        (b"7z\xBC\xAF\x27\x1C", "7-zip archive"),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "old Office document"),
        (b"\x28\xB5\x2F\xFD", "zstd archive"),
        (b"RIFF", "RIFF media file"),
        (b"\x00asm", "WebAssembly module"),
    ];
    SIGS.iter()
        .find(|(magic, _)| b.starts_with(magic))
        .map(|(_, kind)| *kind)
}

/// Refuses decoded text that is mostly not text: NUL or many other control characters.
fn checked(text: String, enc: &'static str) -> Result<(String, &'static str), String> {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(SAMPLE) {
        total += 1;
        if c == '\0' {
            return Err("binary file (NUL characters), not text".into());
        }
        if (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c')) || c == '\u{FFFD}' {
            control += 1;
        }
    }
    if control > 8 && control * 10 > total {
        return Err("binary file (many control characters), not text".into());
    }
    Ok((text, enc))
}

#[cfg(test)]
mod tests {
    use super::decode;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xFF, 0xFE] } else { vec![] };
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_le_bytes());
        }
        v
    }

    fn utf16be(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xFE, 0xFF] } else { vec![] };
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_be_bytes());
        }
        v
    }

    const TEXT: &str = "Baghdad said “no” – 100,000 fighters, café.\n";

    #[test]
    fn a_stray_byte_does_not_turn_utf8_into_mojibake() {
        let bytes = b"The caf\xc3\xa9 in Z\xc3\xbcrich costs \xe2\x82\xac4.\n\nStray \xff.\n";
        let (text, enc) = decode(bytes).unwrap();
        assert_eq!(enc, "UTF-8");
        assert!(text.contains("café in Zürich costs €4."), "{text}");
        // Genuine windows-1252 (no valid multi-byte sequences) is still detected.
        let (text, enc) = decode(b"He said \x93no\x94 to the caf\xe9 owner.").unwrap();
        assert_ne!(enc, "UTF-8");
        assert!(text.contains("“no”") && text.contains("café"), "{text}");
    }

    #[test]
    fn utf8_plain_and_bom() {
        assert_eq!(
            decode(TEXT.as_bytes()).unwrap(),
            (TEXT.to_string(), "UTF-8")
        );
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice(TEXT.as_bytes());
        assert_eq!(decode(&b).unwrap(), (TEXT.to_string(), "UTF-8"));
    }

    #[test]
    fn utf16_with_bom() {
        assert_eq!(
            decode(&utf16le(TEXT, true)).unwrap(),
            (TEXT.to_string(), "UTF-16LE")
        );
        assert_eq!(
            decode(&utf16be(TEXT, true)).unwrap(),
            (TEXT.to_string(), "UTF-16BE")
        );
    }

    #[test]
    fn utf16_without_bom() {
        assert_eq!(
            decode(&utf16le(TEXT, false)).unwrap(),
            (TEXT.to_string(), "UTF-16LE")
        );
        assert_eq!(
            decode(&utf16be(TEXT, false)).unwrap(),
            (TEXT.to_string(), "UTF-16BE")
        );
    }

    #[test]
    fn utf32_with_bom() {
        let mut b = vec![0xFF, 0xFE, 0, 0];
        for c in TEXT.chars() {
            b.extend_from_slice(&(c as u32).to_le_bytes());
        }
        assert_eq!(decode(&b).unwrap(), (TEXT.to_string(), "UTF-32LE"));
    }

    #[test]
    fn windows_1252_smart_quotes() {
        // “Iraq’s militias” – in windows-1252, with enough text for detection.
        let mut b = Vec::new();
        for _ in 0..3 {
            b.extend_from_slice(b"The minister said \x93Iraq\x92s militias must go home\x94 \x96 on Sunday, at the caf\xe9.\n");
        }
        let (text, enc) = decode(&b).unwrap();
        assert_eq!(enc, "windows-1252");
        assert!(text.starts_with(
            "The minister said “Iraq’s militias must go home” – on Sunday, at the café."
        ));
    }

    #[test]
    fn latin1_like_text_is_decoded() {
        let b = b"Le pr\xe9sident a d\xe9clar\xe9 que l'\xe9conomie fran\xe7aise progresse.\n";
        let (text, _) = decode(b).unwrap();
        assert!(text.contains("président a déclaré"), "{text}");
    }

    #[test]
    fn stray_nuls_are_removed() {
        let d = super::decode_text(b"The plant employs 300 people.\0\0\0 More text.\n").unwrap();
        assert_eq!(d.text, "The plant employs 300 people. More text.\n");
        assert_eq!(d.nuls_removed, 3);
        let mut bytes = b"Caf\xc3\xa9 ".repeat(20);
        bytes.extend([0; 9]);
        let d = super::decode_text(&bytes).unwrap();
        assert_eq!(d.nuls_removed, 9);
        assert!(d.text.starts_with("Café "));
    }

    #[test]
    fn binary_is_refused() {
        let e = decode(b"abc\0\0\0\0\0\0\0\0\0\0def\x01\x02").unwrap_err();
        assert!(e.contains("binary file (NUL bytes)"), "{e}");
        let e = decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err();
        assert!(e.contains("PNG"), "{e}");
        let e = decode(b"\x7fELF\x02\x01\x01").unwrap_err();
        assert!(e.contains("ELF"), "{e}");
        let junk: Vec<u8> = (0..400u32).map(|i| (i * 7 % 31 + 1) as u8).collect();
        let e = decode(&junk).unwrap_err();
        assert!(e.contains("control characters"), "{e}");
    }

    #[test]
    fn empty_and_whitespace_are_ok() {
        assert_eq!(decode(b"").unwrap(), (String::new(), "UTF-8"));
        assert_eq!(decode(b" \n\n").unwrap().0, " \n\n");
        assert_eq!(decode(&[0xEF, 0xBB, 0xBF]).unwrap().0, "");
    }
}

//! What a user of `claimsift split` gets on news text, through the built binary: list
//! markers, quotations, news abbreviations, text that cleaning must not damage, stray NUL
//! bytes. Each case writes a `.txt` file and compares the `text` fields printed.

#[path = "fixtures/split/product.rs"]
mod product;

use product::{scratch, split_file, split_text, texts};

fn split(input: &str) -> Vec<String> {
    let dir = scratch("product");
    texts(&split_text(dir.path(), "article.txt", input))
}

macro_rules! case {
    ($name:ident, $input:expr, [$($expected:expr),* $(,)?]) => {
        #[test]
        fn $name() {
            let expected: Vec<String> = vec![$($expected.to_string()),*];
            assert_eq!(split($input), expected, "input: {:?}", $input);
        }
    };
}

// --- List items keep their markers -------------------------------------------------------

case!(
    inline_numbered_list_keeps_markers,
    "1. The first item 2. The second item",
    ["1. The first item", "2. The second item"]
);
case!(
    parenthesised_numbers_keep_markers,
    "1) The first item. 2) The second item.",
    ["1) The first item.", "2) The second item."]
);
case!(
    bulleted_lines_keep_markers,
    "The bill would:\n- raise the minimum wage\n- cut payroll taxes\n\nIt passed.",
    [
        "The bill would:",
        "- raise the minimum wage",
        "- cut payroll taxes",
        "It passed."
    ]
);

// --- Quotations: one sentence per quoted sentence, attribution with the last -------------

case!(
    multi_sentence_quote_then_attribution,
    "\"The bridge was closed for six hours. Nobody was hurt. We reopened at noon,\" the mayor said.",
    [
        "\"The bridge was closed for six hours.",
        "Nobody was hurt.",
        "We reopened at noon,\" the mayor said."
    ]
);
case!(
    one_sentence_quote_stays_whole,
    "\"We reopened at noon,\" the mayor said. Traffic resumed.",
    [
        "\"We reopened at noon,\" the mayor said.",
        "Traffic resumed."
    ]
);
case!(
    quoted_question_with_attribution_stays_whole,
    "\"Is this the best we can do?\" asked Sen. Maria Cantwell. Nobody answered.",
    [
        "\"Is this the best we can do?\" asked Sen. Maria Cantwell.",
        "Nobody answered."
    ]
);
case!(
    curly_quotes_split_the_same_way,
    "“We knew the risks. We took them anyway,” said Maria Lopez.",
    [
        "“We knew the risks.",
        "We took them anyway,” said Maria Lopez."
    ]
);
case!(
    quote_after_a_colon,
    "The governor said: “The money is there. What we need now is time.” Lawmakers vote next week.",
    [
        "The governor said: “The money is there.",
        "What we need now is time.”",
        "Lawmakers vote next week."
    ]
);
case!(
    nested_quote_inside_a_quotation,
    "\"I told him, 'Don't go out there.' He went anyway,\" said his mother.",
    [
        "\"I told him, 'Don't go out there.'",
        "He went anyway,\" said his mother."
    ]
);
case!(
    quote_spanning_paragraphs,
    "\"When I started here, there were 40 of us. Now there are six.\n\n\"Every year they tell us it will get better,\" said Lynn Park.",
    [
        "\"When I started here, there were 40 of us.",
        "Now there are six.",
        "\"Every year they tell us it will get better,\" said Lynn Park."
    ]
);
case!(
    quoted_fragment_with_abbreviation_is_not_cut,
    "Col. Erica Vance thanked \"everyone at Ft. Meade who stayed calm.\" The alert ended at noon.",
    [
        "Col. Erica Vance thanked \"everyone at Ft. Meade who stayed calm.\"",
        "The alert ended at noon."
    ]
);

// --- News abbreviations, both ways -------------------------------------------------------

case!(
    place_abbreviation_mid_sentence,
    "According to the B.C. Wildfire Service, 40 homes were lost.",
    ["According to the B.C. Wildfire Service, 40 homes were lost."]
);
case!(
    state_abbreviation_ends_sentence,
    "The company is based in Lansing, Mich. It employs 900 people.",
    [
        "The company is based in Lansing, Mich.",
        "It employs 900 people."
    ]
);
case!(
    state_abbreviation_before_a_name_ends_sentence,
    "A quake struck near Ridgecrest, Calif. Residents reported damage.",
    [
        "A quake struck near Ridgecrest, Calif.",
        "Residents reported damage."
    ]
);
case!(
    city_state_mid_sentence,
    "She moved to Washington, D.C., in 2005 and to St. Paul, Minn., in 2010.",
    ["She moved to Washington, D.C., in 2005 and to St. Paul, Minn., in 2010."]
);
case!(
    dc_ends_sentence,
    "The firm has offices in Washington, D.C. It also has offices in London.",
    [
        "The firm has offices in Washington, D.C.",
        "It also has offices in London."
    ]
);
case!(
    fort_and_saint_before_names,
    "Ft. Meade reopened. St. Mary's Church burned. Ft. Worth police said so.",
    [
        "Ft. Meade reopened.",
        "St. Mary's Church burned.",
        "Ft. Worth police said so."
    ]
);
case!(
    company_abbreviations_mid_sentence,
    "Cie. Financiere Richemont and Kline & Co. Ltd. shares rose.",
    ["Cie. Financiere Richemont and Kline & Co. Ltd. shares rose."]
);
case!(
    company_abbreviations_end_sentences,
    "The plant is run by Intercontinental Terminals Co. No one was hurt. Shares of Delta Chemical Corp. fell. The deal went to Lockheed Martin Corp. The company's shares rose.",
    [
        "The plant is run by Intercontinental Terminals Co.",
        "No one was hurt.",
        "Shares of Delta Chemical Corp. fell.",
        "The deal went to Lockheed Martin Corp.",
        "The company's shares rose."
    ]
);
case!(
    number_abbreviation,
    "The case is No. 21-1271. A ruling is due in June. He ranked No. 3 in the U.K. It was a record.",
    [
        "The case is No. 21-1271.",
        "A ruling is due in June.",
        "He ranked No. 3 in the U.K.",
        "It was a record."
    ]
);
case!(
    initials,
    "J.C. Penney closed 30 stores. He earned a B.A. Then he moved. W.E.B. Du Bois spoke. George W. Bush listened.",
    [
        "J.C. Penney closed 30 stores.",
        "He earned a B.A.",
        "Then he moved.",
        "W.E.B. Du Bois spoke.",
        "George W. Bush listened."
    ]
);

// --- Cleaning never damages text ---------------------------------------------------------

case!(
    handles_and_names_keep_underscores,
    "Another Twitter user (@__hope_) criticized the police. See snake_case_name and file_name.txt today.",
    [
        "Another Twitter user (@__hope_) criticized the police.",
        "See snake_case_name and file_name.txt today."
    ]
);
case!(
    asterisks_inside_words_and_urls,
    "The score was 2*3*4 at https://example.org/a_b_/c*d* today. Real *emphasis* goes.",
    [
        "The score was 2*3*4 at https://example.org/a_b_/c*d* today.",
        "Real emphasis goes."
    ]
);

#[test]
fn text_is_the_original_slice_where_there_is_no_markup() {
    let input = "Another Twitter user (@__hope_) criticized the police.\n\nThe file_name.txt and \
                 __init__.py files, user @dev_null_ and #snake_case_rules trended. Prices rose \
                 2*3 times, a_b_c said.\n\n“We knew the risks. We took them anyway,” said Lopez.\n\n\
                 1) The first item 2) The second item\n";
    let dir = scratch("slices");
    let rows = split_text(dir.path(), "a.txt", input);
    assert!(rows.len() >= 7, "{rows:?}");
    let chars: Vec<char> = input.chars().collect();
    for row in &rows {
        let slice: String = chars[row.start..row.end].iter().collect();
        assert_eq!(row.text, slice, "text differs from original[start..end]");
    }
}

// --- Stray NUL bytes ---------------------------------------------------------------------

#[test]
fn stray_nul_bytes_are_removed_with_a_warning_naming_the_file() {
    let dir = scratch("nul");
    let path = dir.path().join("scraped.txt");
    std::fs::write(
        &path,
        b"The plant employs 300 people.\x00\x00 It opened in 1990.\x00\n",
    )
    .unwrap();
    let (rows, stderr) = split_file(&path);
    assert_eq!(
        texts(&rows),
        ["The plant employs 300 people.", "It opened in 1990."]
    );
    assert!(
        stderr.contains("scraped.txt") && stderr.contains("3 stray NUL bytes removed"),
        "{stderr}"
    );
}

#[test]
fn a_mostly_binary_file_is_still_refused() {
    let dir = scratch("binary");
    let path = dir.path().join("blob.txt");
    let mut bytes = b"Some text. ".to_vec();
    bytes.extend(std::iter::repeat_n(0u8, 200));
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_claimsift"))
        .args(["split"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("blob.txt") && stderr.contains("NUL"),
        "{stderr}"
    );
}

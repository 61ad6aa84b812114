//! News-text cases for the sentence splitter: one small test per phenomenon. Every case also
//! checks the range contract (ordered, non-overlapping, trimmed, on char boundaries).

#[path = "fixtures/split/check.rs"]
mod check;

/// `case!(name, input, [expected sentences…])`: sentences are compared after folding
/// whitespace runs to one space, as the caller shows them.
macro_rules! case {
    ($name:ident, $input:expr, [$($expected:expr),* $(,)?]) => {
        #[test]
        fn $name() {
            let expected: Vec<String> = vec![$(check::fold($expected)),*];
            assert_eq!(check::sentences($input), expected, "input: {:?}", $input);
        }
    };
}

// --- Titles and ranks before names -------------------------------------------------------

case!(
    title_col,
    "Col. Chris Garver said the estimate was wrong.",
    ["Col. Chris Garver said the estimate was wrong."]
);
case!(
    title_gen_lt_sgt,
    "Gen. Mark Milley met Lt. Dan Ortiz and Sgt. Amy Lee on Friday.",
    ["Gen. Mark Milley met Lt. Dan Ortiz and Sgt. Amy Lee on Friday."]
);
case!(
    title_before_starter_like_name,
    "Sen. Will Hurd and Rep. May Chen voted no. Gov. Bill Lee did not.",
    [
        "Sen. Will Hurd and Rep. May Chen voted no.",
        "Gov. Bill Lee did not."
    ]
);
case!(
    title_dr_prof,
    "Dr. Jane Roe and Prof. Alan Smith wrote the report. It was published Tuesday.",
    [
        "Dr. Jane Roe and Prof. Alan Smith wrote the report.",
        "It was published Tuesday."
    ]
);
case!(
    title_mr_mrs_ms,
    "Mr. Smith, Mrs. Jones and Ms. Patel attended. Capt. Ray Ford did not.",
    [
        "Mr. Smith, Mrs. Jones and Ms. Patel attended.",
        "Capt. Ray Ford did not."
    ]
);
case!(
    title_saint,
    "The team flew to St. Louis on Monday. It lost.",
    ["The team flew to St. Louis on Monday.", "It lost."]
);
case!(
    street_at_sentence_end,
    "The shop is on Main St. The owner declined to comment.",
    ["The shop is on Main St.", "The owner declined to comment."]
);
case!(
    title_after_sentence_end,
    "The vote failed. Sen. Warren blamed Republicans.",
    ["The vote failed.", "Sen. Warren blamed Republicans."]
);
case!(
    title_at_sentence_end_of_line,
    "Officials named the new commander, Lt. Gen. Sarah Cole.",
    ["Officials named the new commander, Lt. Gen. Sarah Cole."]
);

// --- Months, numbers --------------------------------------------------------------------

case!(
    month_jan,
    "The law took effect Jan. 5 and was repealed Sept. 30, 2021.",
    ["The law took effect Jan. 5 and was repealed Sept. 30, 2021."]
);
case!(
    month_abbrev_before_year,
    "It opened in Dec. 2019. Sales doubled.",
    ["It opened in Dec. 2019.", "Sales doubled."]
);
case!(
    number_no,
    "The song reached No. 5 on the chart. It stayed there.",
    ["The song reached No. 5 on the chart.", "It stayed there."]
);
case!(
    decimals,
    "Growth slowed to 2.5 percent in the quarter. Exports fell 3.1%.",
    [
        "Growth slowed to 2.5 percent in the quarter.",
        "Exports fell 3.1%."
    ]
);
case!(
    currency,
    "The firm raised $4.5 billion and £3.2m last year. It plans to list.",
    [
        "The firm raised $4.5 billion and £3.2m last year.",
        "It plans to list."
    ]
);
case!(
    currency_at_end,
    "Shares closed at $12.50. Analysts were surprised.",
    ["Shares closed at $12.50.", "Analysts were surprised."]
);
case!(
    percentages,
    "Unemployment rose to 4.2%. Inflation was 3.7 per cent.",
    ["Unemployment rose to 4.2%.", "Inflation was 3.7 per cent."]
);
case!(
    thousands_and_ranges,
    "Estimates ranged from 80,000 to 100,000 fighters. The figure is disputed.",
    [
        "Estimates ranged from 80,000 to 100,000 fighters.",
        "The figure is disputed."
    ]
);

// --- Companies ----------------------------------------------------------------------------

case!(
    company_co_closes,
    "The unit was sold to Acme Co. The deal closed in March.",
    ["The unit was sold to Acme Co.", "The deal closed in March."]
);
case!(
    company_inc_closes,
    "Shares rose at Apple Inc. Investors cheered the results.",
    [
        "Shares rose at Apple Inc.",
        "Investors cheered the results."
    ]
);
case!(
    company_corp_closes_before_starter,
    "The contract went to Lockheed Martin Corp. It is worth $2 billion.",
    [
        "The contract went to Lockheed Martin Corp.",
        "It is worth $2 billion."
    ]
);
case!(
    company_ltd_closes,
    "He founded Northwind Ltd. Later he sold it.",
    ["He founded Northwind Ltd.", "Later he sold it."]
);
case!(
    company_mid_sentence,
    "Acme Co. said on Monday that Globex Corp. and Initech Inc. would merge.",
    ["Acme Co. said on Monday that Globex Corp. and Initech Inc. would merge."]
);
case!(
    company_at_paragraph_end,
    "The plant is owned by Acme Co.\n\nWorkers went on strike.",
    ["The plant is owned by Acme Co.", "Workers went on strike."]
);
case!(
    company_possessive,
    "Acme Co.'s profit fell. Its shares slid.",
    ["Acme Co.'s profit fell.", "Its shares slid."]
);

// --- Initials, abbreviations ---------------------------------------------------------------

case!(
    initials_middle,
    "George W. Bush visited the troops. He stayed an hour.",
    ["George W. Bush visited the troops.", "He stayed an hour."]
);
case!(
    initials_joined,
    "J.K. Rowling and J. R. R. Tolkien sold millions of books.",
    ["J.K. Rowling and J. R. R. Tolkien sold millions of books."]
);
case!(
    us_mid_sentence,
    "The U.S. economy grew 3% while U.K. exports fell.",
    ["The U.S. economy grew 3% while U.K. exports fell."]
);
case!(
    us_at_end,
    "The envoy returned to the U.S. The talks had failed.",
    ["The envoy returned to the U.S.", "The talks had failed."]
);
case!(
    us_possessive,
    "The U.S.'s debt rose. It was the largest increase. The 'plan' failed.",
    [
        "The U.S.'s debt rose.",
        "It was the largest increase.",
        "The 'plan' failed."
    ]
);
case!(
    us_possessive_before_plural_possessive,
    "The U.S.'s debt rose. It was the largest increase. The players' union objected.",
    [
        "The U.S.'s debt rose.",
        "It was the largest increase.",
        "The players' union objected."
    ]
);
case!(
    jr_possessive,
    "Martin Luther King Jr.'s speech was replayed. Crowds gathered. Organizers' estimates varied.",
    [
        "Martin Luther King Jr.'s speech was replayed.",
        "Crowds gathered.",
        "Organizers' estimates varied."
    ]
);
case!(
    us_possessive_curly,
    "The U.S.’s debt rose. It was the largest increase.",
    ["The U.S.’s debt rose.", "It was the largest increase."]
);
case!(
    elided_years,
    "The '90s were calmer. Officials' salaries rose.",
    ["The '90s were calmer.", "Officials' salaries rose."]
);
case!(
    etc_and_vs,
    "They sold fuel, food, etc. to the army. It was Smith vs. Jones.",
    [
        "They sold fuel, food, etc. to the army.",
        "It was Smith vs. Jones."
    ]
);

// --- Times of day ------------------------------------------------------------------------

case!(
    am_mid_sentence,
    "The polls open at 9 a.m. on Monday across the state.",
    ["The polls open at 9 a.m. on Monday across the state."]
);
case!(
    pm_at_end,
    "The meeting ended at 5 p.m. The council will vote next week.",
    [
        "The meeting ended at 5 p.m.",
        "The council will vote next week."
    ]
);
case!(
    pm_at_end_before_name,
    "Polls closed at 8 p.m. Officials began counting at once.",
    [
        "Polls closed at 8 p.m.",
        "Officials began counting at once."
    ]
);
case!(
    pm_before_timezone,
    "The blast happened at 11:58 p.m. EST on Friday.",
    ["The blast happened at 11:58 p.m. EST on Friday."]
);

case!(
    pm_before_weekday_ap_style,
    "The hearing resumes at 3 p.m. Tuesday in Room 201. It is open to the public.",
    [
        "The hearing resumes at 3 p.m. Tuesday in Room 201.",
        "It is open to the public."
    ]
);
case!(
    pm_before_date,
    "Polls close at 8 p.m. Nov. 5, officials said.",
    ["Polls close at 8 p.m. Nov. 5, officials said."]
);
case!(
    titles_stacked,
    "Lt. Col. Jane Doe and the Rev. Al Sharpton spoke. Both left early.",
    [
        "Lt. Col. Jane Doe and the Rev. Al Sharpton spoke.",
        "Both left early."
    ]
);
case!(
    initial_before_lowercase,
    "An E. coli outbreak hit the U.S. Midwest. Dozens fell ill.",
    [
        "An E. coli outbreak hit the U.S. Midwest.",
        "Dozens fell ill."
    ]
);
case!(
    state_abbreviation_mid_sentence,
    "The company, based in St. Paul, Minn., said profits rose.",
    ["The company, based in St. Paul, Minn., said profits rose."]
);
case!(
    jr_at_sentence_end,
    "It was founded in 1990 by John Smith Jr. The firm grew quickly.",
    [
        "It was founded in 1990 by John Smith Jr.",
        "The firm grew quickly."
    ]
);
case!(
    company_title_run_continues,
    "Apple Inc. Chief Executive Tim Cook said sales rose.",
    ["Apple Inc. Chief Executive Tim Cook said sales rose."]
);
case!(
    company_then_verb_mid_sentence,
    "Shares of Alphabet Inc. fell 3%. Microsoft Corp. rose.",
    ["Shares of Alphabet Inc. fell 3%.", "Microsoft Corp. rose."]
);
case!(
    credit_line_in_parentheses,
    "The bill passed 220-215 on Thursday. (Reporting by Jane Doe; Editing by Tom Lee)",
    [
        "The bill passed 220-215 on Thursday.",
        "(Reporting by Jane Doe; Editing by Tom Lee)"
    ]
);

// --- Quotations (policy: one sentence per quoted sentence, attribution with the last) ------

case!(
    quote_attribution_after,
    "\"We will not back down,\" she said. The strike continues.",
    [
        "\"We will not back down,\" she said.",
        "The strike continues."
    ]
);
case!(
    quote_multi_sentence_splits_attribution_with_last,
    "\"We won. We are happy,\" the coach said after the game.",
    [
        "\"We won.",
        "We are happy,\" the coach said after the game."
    ]
);
case!(
    quote_ends_sentence,
    "He said: \"This is over.\" Then he left the room.",
    ["He said: \"This is over.\"", "Then he left the room."]
);
case!(
    quote_curly,
    "“The economy is strong,” the minister said. “We expect growth.”",
    [
        "“The economy is strong,” the minister said.",
        "“We expect growth.”"
    ]
);
case!(
    quote_question_mid,
    "\"Why now?\" asked one resident. Nobody answered.",
    ["\"Why now?\" asked one resident.", "Nobody answered."]
);
case!(
    quote_single_british,
    "'We are ready,' the minister said. Talks resume today.",
    ["'We are ready,' the minister said.", "Talks resume today."]
);
case!(
    quote_unclosed_continues_next_paragraph,
    "\"The first part of the quote ends here.\n\n\"And it goes on. Really.\"",
    [
        "\"The first part of the quote ends here.",
        "\"And it goes on.",
        "Really.\""
    ]
);

// --- Parentheses, URLs, e-mail -----------------------------------------------------------

case!(
    parentheses,
    "The plan (approved in 2019. It was late.) failed. Critics cheered.",
    [
        "The plan (approved in 2019. It was late.) failed.",
        "Critics cheered."
    ]
);
case!(
    parenthetical_sentence_after,
    "Turnout was low. (Officials blamed the rain.) Results are due Friday.",
    [
        "Turnout was low.",
        "(Officials blamed the rain.)",
        "Results are due Friday."
    ]
);
case!(
    url_without_scheme,
    "Details are at example.com/a.b and the agency's site. Read them.",
    [
        "Details are at example.com/a.b and the agency's site.",
        "Read them."
    ]
);
case!(
    url_with_scheme_at_end,
    "The report is online at https://www.Example.org/Reports/2024.Final.pdf. It runs 90 pages.",
    [
        "The report is online at https://www.Example.org/Reports/2024.Final.pdf.",
        "It runs 90 pages."
    ]
);
case!(
    email,
    "Write to j.doe@x.org. Replies take a week.",
    ["Write to j.doe@x.org.", "Replies take a week."]
);
case!(
    email_capitalised,
    "Contact Press.Office@Gov.UK for details.",
    ["Contact Press.Office@Gov.UK for details."]
);

// --- Datelines, headlines, paragraphs ------------------------------------------------------

case!(
    dateline_reuters,
    "BAGHDAD (Reuters) - The Iraqi parliament voted on Sunday. The vote was close.",
    [
        "BAGHDAD (Reuters) - The Iraqi parliament voted on Sunday.",
        "The vote was close."
    ]
);
case!(
    dateline_ap_with_date,
    "WASHINGTON, Jan. 5 (AP) — Congress returned on Monday.",
    ["WASHINGTON, Jan. 5 (AP) — Congress returned on Monday."]
);
case!(
    headline_without_period,
    "Militias Gain Ground Near Mosul\n\nThe fighters numbered up to 100,000, officials said.",
    [
        "Militias Gain Ground Near Mosul",
        "The fighters numbered up to 100,000, officials said."
    ]
);
case!(
    wrapped_lines_are_spaces,
    "The council met on\nTuesday and voted\nto approve the budget. It passed.",
    [
        "The council met on Tuesday and voted to approve the budget.",
        "It passed."
    ]
);
case!(
    blank_lines_with_spaces,
    "First paragraph\n   \nSecond paragraph.",
    ["First paragraph", "Second paragraph."]
);

// --- Lists -------------------------------------------------------------------------------

case!(
    bullet_lines,
    "The bill would:\n- raise taxes\n- cut spending. It also caps fees.\n* end subsidies",
    [
        "The bill would:",
        "- raise taxes",
        "- cut spending.",
        "It also caps fees.",
        "* end subsidies"
    ]
);
case!(
    unicode_bullet_lines,
    "Key points:\n• Turnout fell\n• Results due Friday",
    ["Key points:", "• Turnout fell", "• Results due Friday"]
);
case!(
    numbered_lines,
    "1. Inflation is rising\n2. Wages are flat\n3. Rents doubled",
    [
        "1. Inflation is rising",
        "2. Wages are flat",
        "3. Rents doubled"
    ]
);
case!(
    lettered_paren_lines,
    "a) the first option\nb) the second option",
    ["a) the first option", "b) the second option"]
);
case!(
    inline_numbered_list,
    "1. Prices rose 2. Wages fell 3. Rents doubled",
    ["1. Prices rose", "2. Wages fell", "3. Rents doubled"]
);
case!(
    list_items_as_paragraphs,
    "- First point.\n\n- Second point.",
    ["- First point.", "- Second point."]
);
case!(
    dash_in_prose_is_not_a_list,
    "The minister - who was absent - sent a note. It was short.",
    [
        "The minister - who was absent - sent a note.",
        "It was short."
    ]
);
case!(
    wrapped_line_starting_with_initial,
    "The president, George\nW. Bush, spoke.",
    ["The president, George W. Bush, spoke."]
);
case!(
    prose_number_not_a_list,
    "The index fell 2. Then it rose 3. Traders were calm.",
    ["The index fell 2.", "Then it rose 3.", "Traders were calm."]
);

// --- Ellipsis ----------------------------------------------------------------------------

case!(
    ellipsis_mid_sentence,
    "The minister said the plan was ... well, not ready.",
    ["The minister said the plan was ... well, not ready."]
);
case!(
    ellipsis_at_end,
    "He never finished the thought... Reporters waited.",
    ["He never finished the thought...", "Reporters waited."]
);
case!(
    ellipsis_unicode_at_end,
    "And then nothing… The line went dead.",
    ["And then nothing…", "The line went dead."]
);
case!(
    ellipsis_four_dots,
    "It was weakened. . . . The practice was not abandoned.",
    ["It was weakened.", ". . . The practice was not abandoned."]
);

// --- Other punctuation --------------------------------------------------------------------

case!(
    question_and_exclamation,
    "Will rates rise? Most economists think so! The bank meets Tuesday.",
    [
        "Will rates rise?",
        "Most economists think so!",
        "The bank meets Tuesday."
    ]
);
case!(
    brand_with_exclamation,
    "She worked at Yahoo! in the ad team.",
    ["She worked at Yahoo! in the ad team."]
);
case!(
    non_ascii_text,
    "Zürich’s mayor, Corine Mauch, spoke. Émilie Dubois replied – briefly.",
    [
        "Zürich’s mayor, Corine Mauch, spoke.",
        "Émilie Dubois replied – briefly."
    ]
);

// --- Offsets ------------------------------------------------------------------------------

/// The whole-text failure mode that motivated masking: one possessive after an abbreviation
/// must not swallow the boundaries of a long article, paragraph after paragraph.
#[test]
fn possessive_after_abbreviation_in_a_long_article() {
    let para = "The U.S.'s envoy arrived. Talks began at noon. Delegates' hopes were high.";
    let text = vec![para; 200].join("\n\n");
    assert_eq!(check::sentences(&text).len(), 600);
}

#[test]
fn offsets_point_into_the_text() {
    let text = "  Héllo wörld.  Next one!\n\n\n• Item one\n• Item two  \n\n";
    let ranges = claimsift::text::split::split(text);
    check::assert_ranges_valid(text, &ranges);
    let got: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(
        got,
        ["Héllo wörld.", "Next one!", "• Item one", "• Item two"]
    );
}

#[test]
fn empty_and_blank_inputs() {
    assert!(claimsift::text::split::split("").is_empty());
    assert!(claimsift::text::split::split(" \n\n \t\n").is_empty());
    assert_eq!(check::sentences("x"), ["x"]);
    assert_eq!(check::sentences("..."), ["..."]);
    assert_eq!(check::sentences("- "), ["-"]);
}

#[test]
fn ranges_valid_on_awkward_inputs() {
    for text in [
        "\"\"\"",
        "'''",
        "a.'b",
        "1.",
        "1. ",
        "• ",
        "⁃",
        ". . . .",
        "x. . . . Y",
        "“",
        "’’’.",
        "U.S.'s",
        "a\n\n\n\nb",
        "\u{a0}x\u{a0}",
        "Mr.",
        "Sen. ",
        "http://",
        "@.",
        "(((",
    ] {
        check::checked_split(text);
    }
}

/// Deterministic pseudo-random inputs over an alphabet of everything the rules look at
/// (the fuzz target `fuzz/fuzz_targets/split.rs` does the same with libFuzzer).
#[test]
fn random_inputs_keep_the_contract() {
    const ALPHABET: &[&str] = &[
        "a", "B", "x", "I", "1", "9", " ", " ", "\n", "\n\n", "\t", ".", ".", "!", "?", ",", "'",
        "\"", "“", "”", "‘", "’", "(", ")", "[", "]", "…", "•", "⁃", "-", "*", "@", "/", ":", "é",
        "日", "\u{a0}", "\u{2028}", "Mr.", "U.S.", "p.m.", "Inc.", "No.", "1.", "a)", ". . . .",
        "www.", "'s", "'90s", "EST",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let len = (next() % 40) as usize;
        let text: String = (0..len)
            .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
            .collect();
        check::checked_split(&text);
    }
}

case!(
    the_month_may_ends_a_sentence,
    "Prices rose 3% in May. Thanks for reading. The council met on May 5.",
    [
        "Prices rose 3% in May.",
        "Thanks for reading.",
        "The council met on May 5."
    ]
);

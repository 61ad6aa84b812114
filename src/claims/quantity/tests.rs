use super::*;

fn texts(sentence: &str) -> Vec<String> {
    quantities(sentence).into_iter().map(|q| q.text).collect()
}

fn only(sentence: &str) -> Quantity {
    let mut found = quantities(sentence);
    assert_eq!(found.len(), 1, "{sentence}: {found:?}");
    found.remove(0)
}

/// Real-world forms of numbers in news text and the phrases a reviewer would check.
const FORMS: &[(&str, &[&str])] = &[
    ("PMU units numbered up to 100,000 fighters, according to US military estimates dated last year.", &["up to 100,000 fighters", "last year"]),
    ("The forces' estimates ranged from 80,000 to 100,000, according to a spokesman.", &["80,000 to 100,000"]),
    ("Between 5 and 10 people were hurt.", &["Between 5 and 10 people"]),
    ("Prices rose 80-100 euros in a month.", &["80-100 euros"]),
    ("Tens of thousands of Iraqis joined militia units in 2014.", &["Tens of thousands of Iraqis", "2014"]),
    ("The deal is worth $3.1 billion.", &["$3.1 billion"]),
    ("The city has 1.2 million residents.", &["1.2 million residents"]),
    ("Two dozen protesters were detained.", &["Two dozen protesters"]),
    ("A third of voters stayed home.", &["A third"]),
    ("Nearly two-thirds of the budget goes to pensions.", &["Nearly two-thirds"]),
    ("Unemployment fell to 4.1% in March.", &["4.1%", "March"]),
    ("Unemployment fell to 4.1 percent.", &["4.1 percent"]),
    ("Support stands at 38 per cent.", &["38 per cent"]),
    ("Labour's lead narrowed by two percentage points.", &["two percentage points"]),
    ("More than 4,000 Palestinian prisoners are on hunger strike.", &["More than 4,000 Palestinian prisoners"]),
    ("At least 39 people died.", &["At least 39 people"]),
    ("About 52% of voters backed the plan.", &["About 52%"]),
    ("Roughly 16,000 premature deaths are linked to ozone.", &["Roughly 16,000 premature deaths"]),
    ("The minimum wage is 9.5 dollars an hour.", &["9.5 dollars an hour"]),
    ("The storm moved at eight kilometers per hour.", &["eight kilometers per hour"]),
    ("The pipeline is 2000 km long.", &["2000 km"]),
    ("Bill Clinton was impeached in 1998, and Andrew Johnson in 1868.", &["1998", "1868"]),
    ("Elections were held on May 2, 3, and 4.", &["May 2, 3, and 4"]),
    ("The festival ran from 18-19 May, 2012.", &["18-19 May, 2012"]),
    ("He was arrested on Nov. 2, 2009.", &["Nov. 2, 2009"]),
    ("The album peaked at #19 in Britain.", &["#19"]),
    // A conversion in brackets is written as its own figure (news labellers list it apart)
    ("Winds reached 75 miles per hour (120 kilometers per hour).", &["75 miles per hour", "120 kilometers per hour"]),
    ("He was sentenced to 11 years and 3 months in jail.", &["11 years and 3 months"]),
    ("1. Cut taxes 2. Raise wages", &[]),
    ("The ruling covers Region 11 and section 12 of the code.", &[]),
    ("The new policy takes effect on December 10.", &["December 10"]),
    ("The law was signed on March 4, 2011.", &["March 4, 2011"]),
    ("The vote took place on 14 May, 2012.", &["14 May, 2012"]),
    ("She was born on 25 February.", &["25 February"]),
    ("He was arrested in December 2014.", &["December 2014"]),
    ("Fighting resumed in late August.", &["late August"]),
    ("The trial is expected to begin in January.", &["January"]),
    ("Prime Minister Theresa May met the Irish leader.", &[]),
    ("Voters may reject the plan.", &[]),
    ("Troops will march on the capital.", &[]),
    ("The ministry announced the cuts on Monday.", &["Monday"]),
    ("The protest began last Friday.", &["last Friday"]),
    ("The plant reopened on Tuesday morning.", &["Tuesday morning"]),
    ("The minister resigned yesterday.", &["yesterday"]),
    // A stopwatch reading is a figure (a race time, a record), never a time of day
    ("Kipchoge won in 2:01:39, a world record.", &["2:01:39"]),
    ("She ran the mile in 3:59.4 in Oslo.", &["3:59.4"]),
    ("The marathon winner finished in under 2:09:00.", &["under 2:09:00"]),
    ("Inflation hit a record last month.", &["last month"]),
    ("The company expects profits to double next year.", &["next year"]),
    ("Exports rose sharply earlier this year.", &[]),
    ("The mine closed two years ago.", &["two years ago"]),
    ("The plant closed 20 years ago.", &["20 years ago"]),
    ("Airlines have 45 days to wind down operations.", &["45 days"]),
    ("He served fourteen years in prison.", &["fourteen years"]),
    ("The strike lasted more than a year.", &["more than a year"]),
    ("Wages have been frozen for over a decade.", &["over a decade"]),
    ("A 40-year-old man was arrested.", &["40-year-old"]),
    ("The victim was 19 years old.", &["19 years old"]),
    ("They announced a 30-day ceasefire.", &["30-day"]),
    ("She died at the age of 99.", &["99"]),
    ("Trump is the third President to be impeached.", &["third President"]),
    ("He won a second term in 2012.", &["second term", "2012"]),
    ("It is the 116th Congress.", &["116th Congress"]),
    ("The team finished 27th.", &["27th"]),
    ("For the first time in 42 years, the river froze.", &["42 years"]),
    ("First, the council voted.", &[]),
    ("The Second World War ended in 1945.", &["1945"]),
    ("The articles passed by votes of 230-to-197 and 229-to-198 respectively.", &["230-to-197", "229-to-198"]),
    ("Liverpool won 3-1 at home.", &["3-1"]),
    ("The earthquake struck at 2:21 p.m. local time.", &["2:21 p.m. local time"]),
    ("The first shot was fired at 15:30.", &["15:30"]),
    ("The flight left at 10am.", &["10am"]),
    ("COVID-19 cases rose to 1,279.", &["1,279"]),
    ("The G7 summit opened in Biarritz.", &[]),
    ("Article 50 was triggered in 2017.", &["2017"]),
    ("Flight 370 disappeared over the Indian Ocean.", &[]),
    ("He reported it on News 12.", &[]),
    ("A Boeing 737 crashed near the airport.", &[]),
    ("Sanders won 12 of the state's 41 pledged delegates.", &["12 of the state's 41 pledged delegates"]),
    ("Nine have been killed so far.", &["Nine"]),
    ("The House has only impeached two other Presidents.", &["two other Presidents"]),
    ("The House passed two articles of impeachment.", &["two articles"]),
    ("Five people were killed.", &["Five people"]),
    ("Only one of the bills passed.", &[]),
    ("No one was hurt.", &[]),
    ("One vote separated the candidates.", &["One vote"]),
    ("One in five children lives in poverty.", &["One in five children"]),
    ("Hundreds of people gathered in the square.", &["Hundreds of people"]),
    ("Thousands of Swedes marched.", &["Thousands of Swedes"]),
    ("Dozens were injured.", &["Dozens"]),
    ("Millions of dollars were lost.", &["Millions of dollars"]),
    ("Hundreds of thousands fled the city.", &["Hundreds of thousands"]),
    ("A few hundred people turned up.", &["A few hundred people"]),
    ("Several thousand troops were deployed.", &["Several thousand troops"]),
    ("Half a million people signed.", &["Half a million people"]),
    ("The fund lost half of its value.", &["half"]),
    ("A quarter of homes lack heating.", &["A quarter"]),
    ("About a quarter of the staff left.", &["About a quarter"]),
    ("Twenty three people were rescued.", &["Twenty three people"]),
    ("Twenty-five schools closed.", &["Twenty-five schools"]),
    ("The fine was £40,000.", &["£40,000"]),
    ("The bill costs €2.5bn a year.", &["€2.5bn a year"]),
    ("The firm paid US$2 million in fines.", &["US$2 million"]),
    ("The loan totals $850,000.", &["$850,000"]),
    ("Over $850,000 was raised.", &["Over $850,000"]),
    ("Output reached 5m tonnes.", &["5m tonnes"]),
    ("Governor promised a payout of one million rubles.", &["one million rubles"]),
    ("The reserve holds 2.3 billion barrels.", &["2.3 billion barrels"]),
    ("Rents went up by 12%.", &["12%"]),
    ("He was elected twice.", &["twice"]),
    ("Prices rose three times in a year.", &["three times"]),
    ("The law covers 107 or more employers.", &["107 or more"]),
    ("The company has around 18,250 to 63,000 visitors.", &["around 18,250 to 63,000 visitors"]),
    ("The study ran from 2007 until 2011.", &["2007 until 2011"]),
    ("Sales grew between 2005 and 2010.", &["between 2005 and 2010"]),
    ("Temperatures reached 40 degrees.", &["40 degrees"]),
    ("The quake had a magnitude of 6.4.", &["6.4"]),
    ("The epicentre was about 90 miles from the city.", &["about 90 miles"]),
    ("Almost 1,500 people were evacuated in the 1990s.", &["Almost 1,500 people", "1990s"]),
    ("Growth slowed in mid-2019.", &["mid-2019"]),
    ("The vessel carried 33 passengers.", &["33 passengers"]),
    ("Four Navy ships were deployed.", &["Four Navy ships"]),
    ("They fired three rockets.", &["three rockets"]),
    ("The museum received 16 skulls.", &["16 skulls"]),
    ("Officials counted 2741 confirmed cases.", &["2741 confirmed cases"]),
    ("The team flew ten drones.", &["ten drones"]),
    ("The rate is one out of every thousand children.", &["one out of every thousand children"]),
    ("Ballots were cast in 38 countries.", &["38 countries"]),
    ("The company employs 3,400 workers.", &["3,400 workers"]),
    ("It is the country's second largest city.", &[]),
    ("The mayor spoke for a second time.", &["second time"]),
    ("The show lasted 30 seconds.", &["30 seconds"]),
    ("This happened in the 1970s.", &["1970s"]),
    ("The budget was approved in 2021.", &["2021"]),
    ("The 5G network launched.", &[]),
    ("SARS-CoV-2 spread quickly.", &[]),
    ("The agency issued 36 arrest warrants.", &["36 arrest warrants"]),
    ("It takes twelve hours to reach the island.", &["twelve hours"]),
    ("The vote was 220 votes to 190.", &["220 votes", "190"]),
    ("The average was 3.2 children per family.", &["3.2 children"]),
    // Forms met in the news_articles training split (issue #13)
    ("The fire started at 5 p.m. (2100 UTC) on Monday.", &["5 p.m. (2100 UTC)", "Monday"]),
    ("SpaceX launched the capsule at 1922 UTC yesterday.", &["1922 UTC", "yesterday"]),
    ("She worked from 6:00am to midnight.", &["6:00am"]),
    ("The curfew ran between 10 p.m. and 4 a.m.", &["10 p.m. and 4 a.m."]),
    ("Ballots will not be counted until 4 p.m. on April 13.", &["until 4 p.m. on April 13"]),
    ("The sale price is 900 million złotys (181 million pounds).", &["900 million złotys", "181 million pounds"]),
    ("It was followed by another earthquake an hour later.", &["an hour later"]),
    ("He was released from prison a week ago.", &["a week ago"]),
    ("He spent a month and a half in jail.", &["a month and a half"]),
    ("Within half an hour of the statement, the site was down.", &["half an hour"]),
    ("Tomorrow has been declared a day of mourning.", &[]),
    ("The children could wash once a year.", &["once a year"]),
    ("Bloggers have once again taken to the street.", &[]),
    ("The site gets more than 1,600 reports a week.", &["more than 1,600 reports a week"]),
    ("Such deployment meant more than 126 000 people were searched.", &["more than 126 000 people"]),
    ("Ethiopia (83) and Tanzania (58) follow.", &["83", "58"]),
    ("He called for (1) the prevention of attacks.", &[]),
    ("It was launched on a Falcon 9 rocket.", &[]),
    ("Articles 165 and 166 of the Penal Code apply.", &[]),
    ("He served in World War Two.", &[]),
    ("In Iraq 14 soldiers died.", &["14 soldiers"]),
    ("One study noted a decline.", &[]),
    ("One child was injured.", &["One child"]),
    ("Since the disaster, 53 out of the 54 plants have closed.", &["53 out of the 54 plants"]),
    ("The government has 94 members out of 120 members.", &["94 members out of 120 members"]),
    ("Deaths ran at six per 100,000 people.", &["six per 100,000 people"]),
    ("The summit ran from 9 to 11 May.", &["9 to 11 May"]),
    ("Action days were held on 12 and 15 May, 2012.", &["12 and 15 May, 2012"]),
    ("Spain suspended the treaty from April 28 until May 4.", &["April 28 until May 4"]),
    ("The bar was attacked on Friday 4 May.", &["Friday 4 May"]),
    ("The parents were arrested in January of last year.", &["January of last year"]),
    ("The lockdown started on December 22, last year.", &["December 22, last year"]),
    ("It trended during the last week of April.", &["the last week of April"]),
    ("A bomb exploded on Caracas Avenue and 74 Street.", &[]),
    ("NASA's 2014 selection of SpaceX was a turning point.", &["2014"]),
    ("Sanders came in second with about 20% of the vote.", &["second", "about 20%"]),
    ("Humberto is a category 1 hurricane.", &["category 1"]),
    ("He reached a career high of number 16 in May 2019.", &["number 16", "May 2019"]),
    ("Puerto Rico had not recovered from 2017's Hurricane Maria.", &["2017's"]),
    ("The church posted the documents in 1994. Lawsuits followed.", &["1994"]),
    ("Prices rose 5% within a year.", &["5%"]),
    ("His coverage of the May 6 March was seen widely.", &["May 6"]),
    ("Turnout rose from 6% to 11% in the last 20 years.", &["6% to 11%", "the last 20 years"]),
    ("Roughly 32,000 more deaths were recorded and thousands more fled.", &["Roughly 32,000 more deaths", "thousands more"]),
    ("Eight years earlier, the past year was calm.", &["Eight years earlier", "the past year"]),
    // a conversion inside a rate stays in it
    ("Dresdner is offering 1,015 francs ($156.82) a share.", &["1,015 francs ($156.82) a share"]),
    ("Coffee pickers are paid 15,000 rupees (1.2 euros) a day.", &["15,000 rupees (1.2 euros) a day"]),
    // a change by a factor
    ("The number of jailed journalists has doubled.", &["doubled"]),
    ("The attack halved Saudi oil output.", &["halved"]),
    ("The crime rate is more than double that of Africans.", &["more than double"]),
    ("Scientists found enough species to double the number known.", &["double"]),
    ("Xinhua made a double announcement.", &[]),
    ("They complained of double standards.", &[]),
    // "one" as a pronoun, with its verb
    ("As one moves away from the city, access improves.", &[]),
    ("Their careers, if one prefers, are fixed.", &[]),
    ("One child was injured.", &["One child"]),
    // capitals glued to a number spell a name
    ("The WHO raised the 2019-nCoV risk assessment to high.", &[]),
    ("Pakistan tested the Shaheen 1-A missile.", &[]),
    ("They built a 50-MW plant.", &["50-MW"]),
    // a scale after a range or a fraction; two units of one measure
    ("They pressed Nike for about 15–25 million dollars.", &["about 15–25 million dollars"]),
    ("The site hosted a quarter million video clips.", &["a quarter million video clips"]),
    ("He stood six feet five inches tall.", &["six feet five inches"]),
    // a scale word in capitals names something
    ("Attacks were repeated during the March of the Millions.", &[]),
    ("Moscow's \"Million Man March\" drew a crowd.", &[]),
    ("Millions of people marched.", &["Millions of people"]),
    // numbers written with slashes
    ("He agreed to end his strike on the morning of 15/5.", &["15/5"]),
    ("In the 2019/20 fiscal year, Tesco lost money.", &["2019/20"]),
    ("They were working 24/7 to maintain the supply.", &["24/7"]),
    ("About 3/4 of voters agreed.", &["About 3/4"]),
    ("The 9/11 attacks changed air travel.", &[]),
    ("The council passed Ordinance No. 1,370/11.", &[]),
    ("Scores of people were injured.", &["Scores of people"]),
    ("The scores of the students fell.", &[]),
    // a score
    ("University kept top spot with a 22 points to 10 win.", &["22 points to 10"]),
    ("They won by 45 goals to 24 goals.", &["45 goals to 24 goals"]),
];

#[test]
fn form_table() {
    assert!(FORMS.len() >= 100, "{} forms", FORMS.len());
    let mut wrong = Vec::new();
    for (sentence, want) in FORMS {
        let got = texts(sentence);
        if got != *want {
            wrong.push(format!("{sentence}\n    want {want:?}\n    got  {got:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} forms wrong:\n{}",
        wrong.len(),
        FORMS.len(),
        wrong.join("\n")
    );
}

#[test]
fn parses_values_ranges_and_qualifiers() {
    let q = only("PMU units numbered up to 100,000 fighters.");
    assert_eq!((q.kind, q.value), (QuantityKind::Count, Some(100_000.0)));
    assert_eq!(q.qualifier.as_deref(), Some("up to"));
    assert_eq!(q.unit.as_deref(), Some("fighters"));

    let q = only("Estimates ranged from 80,000 to 100,000.");
    assert_eq!(
        (q.value, q.low, q.high),
        (None, Some(80_000.0), Some(100_000.0))
    );

    let q = only("Between 5 and 10 people were hurt.");
    assert_eq!((q.low, q.high), (Some(5.0), Some(10.0)));
    assert_eq!(q.unit.as_deref(), Some("people"));

    let q = only("Prices rose 80-100 euros.");
    assert_eq!(
        (q.kind, q.low, q.high),
        (QuantityKind::Money, Some(80.0), Some(100.0))
    );

    let q = only("The deal is worth $3.1 billion.");
    assert_eq!((q.kind, q.value), (QuantityKind::Money, Some(3.1e9)));
    assert_eq!(
        (q.scale.as_deref(), q.unit.as_deref()),
        (Some("billion"), Some("$"))
    );

    let q = only("It cost between $5 and $10 million.");
    assert_eq!((q.low, q.high), (Some(5e6), Some(1e7)));

    let q = only("Two dozen protesters came.");
    assert_eq!(q.value, Some(24.0));

    let q = only("Tens of thousands of Iraqis joined.");
    assert_eq!(
        (q.value, q.low, q.high),
        (None, Some(20_000.0), Some(100_000.0))
    );

    let q = only("A third of voters stayed home.");
    assert_eq!(q.kind, QuantityKind::Fraction);
    assert!((q.value.unwrap() - 1.0 / 3.0).abs() < 1e-9);

    let q = only("Unemployment fell to 4.1% overall.");
    assert_eq!(
        (q.kind, q.value, q.unit.as_deref()),
        (QuantityKind::Percent, Some(4.1), Some("%"))
    );

    let q = only("He was elected in 1998.");
    assert_eq!((q.kind, q.value), (QuantityKind::Date, Some(1998.0)));

    let q = only("The strike lasted 45 days.");
    assert_eq!(
        (q.kind, q.value, q.unit.as_deref()),
        (QuantityKind::Duration, Some(45.0), Some("days"))
    );

    let q = only("Trump is the third President to be impeached.");
    assert_eq!((q.kind, q.value), (QuantityKind::Rank, Some(3.0)));

    let q = only("It passed 230-to-197.");
    assert_eq!(
        (q.kind, q.low, q.high),
        (QuantityKind::Tally, Some(230.0), Some(197.0))
    );

    let q = only("Nearly 1.2 million people voted.");
    assert_eq!(
        (q.value, q.qualifier.as_deref()),
        (Some(1.2e6), Some("nearly"))
    );
}

#[test]
fn parses_joined_figures() {
    let q = only("Since then, 53 out of the 54 plants have closed.");
    assert_eq!(q.kind, QuantityKind::Fraction);
    assert!((q.value.unwrap() - 53.0 / 54.0).abs() < 1e-9);
    assert_eq!(q.unit.as_deref(), Some("plants"));

    let q = only("Deaths ran at six per 100,000 people.");
    assert_eq!(
        (q.kind, q.value, q.unit.as_deref()),
        (QuantityKind::Count, Some(6.0), Some("per 100,000 people"))
    );

    let q = only("The fire started at 5 p.m. (2100 UTC).");
    assert_eq!(q.kind, QuantityKind::Time);
    let q = only("SpaceX launched the capsule at 1922 UTC.");
    assert_eq!((q.kind, q.value), (QuantityKind::Time, None));

    let q = only("The site hosted a quarter million video clips.");
    assert_eq!((q.kind, q.value), (QuantityKind::Count, Some(250_000.0)));
    let q = only("They pressed Nike for about 15–25 million dollars.");
    assert_eq!((q.low, q.high), (Some(15e6), Some(25e6)));

    let q = only("It reached 19 000 000 viewers.");
    assert_eq!((q.value, q.unit.as_deref()), (Some(19e6), Some("viewers")));

    let q = only("He was released a week ago.");
    assert_eq!(
        (q.kind, q.unit.as_deref()),
        (QuantityKind::Date, Some("week"))
    );
    let q = only("He spent a month and a half in jail.");
    assert_eq!((q.kind, q.value), (QuantityKind::Duration, Some(1.5)));
    let q = only("The children could wash once a year.");
    assert_eq!(
        (q.kind, q.value, q.unit.as_deref()),
        (QuantityKind::Count, Some(1.0), Some("times"))
    );

    let q = only("The war ran between July 2003 and December 2004.");
    assert_eq!(
        (q.kind, q.low, q.high),
        (QuantityKind::Date, Some(2003.0), Some(2004.0))
    );
}

#[test]
fn offsets_are_characters_and_bytes_into_the_sentence() {
    let s = "Zürich’s “budget” grew by €2.5bn – about 12%.";
    let found = quantities(s);
    assert_eq!(texts(s), ["€2.5bn", "about 12%"]);
    for q in &found {
        assert_eq!(&s[q.start_byte..q.end_byte], q.text);
        let by_chars: String = s.chars().skip(q.start).take(q.end - q.start).collect();
        assert_eq!(by_chars, q.text);
    }
}

#[test]
fn readable_joins_phrases() {
    let found = quantities(
        "PMU units numbered up to 100,000 fighters, according to estimates dated last year.",
    );
    assert_eq!(readable(&found), "up to 100,000 fighters | last year");
    assert_eq!(readable(&[]), "");
}

#[test]
fn a_stopwatch_reading_is_a_duration_in_seconds() {
    let q = only("He finished in 2:01:39.");
    assert_eq!(q.kind, QuantityKind::Duration);
    assert_eq!(q.value, Some(7299.0));
    assert_eq!(q.unit.as_deref(), Some("seconds"));
    let q = only("Her best is 3:59.4 over the mile.");
    assert!((q.value.unwrap() - 239.4).abs() < 1e-9, "{q:?}");
    // A time of day stays one: "14:30" is not a duration.
    assert_eq!(only("The vote closed at 14:30.").kind, QuantityKind::Time);
}

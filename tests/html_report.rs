//! The HTML report, end to end: `claimsift scan … -o report.html` on the sample articles plus
//! a hostile one, read as a file and then opened in headless Chromium (the browser tests skip,
//! saying so, when no `chromium` is installed; `.ci/run` installs it).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{assert_success, stderr_of, stdout_of, Workdir};

/// An article whose title and text carry script and markup as text (entities), and a real
/// script element and `javascript:` link that the reader drops.
const HOSTILE: &str = r#"<!DOCTYPE html><html><head>
<title>&lt;script&gt;document.title='pwned'&lt;/script&gt; Hostile title</title>
<script>window.pwned=3</script></head><body>
<p>The council said 4,000 homes &lt;img src=x onerror="document.body.dataset.pwned=1"&gt; were flooded in 2023.</p>
<p>Click <a href="javascript:alert(1)">javascript:alert(document.domain)</a> to see &lt;/script&gt;&lt;script&gt;window.pwned=2&lt;/script&gt; the figures.</p>
<p>Nothing else happened on Tuesday.</p>
</body></html>
"#;

const HOSTILE_PATH: &str = "in/zz/evil<b>.html";

/// The report of the sample articles and the hostile one, and the scan's stderr.
fn scan_to_report(wd: &Workdir) -> (String, String) {
    wd.copy_tree("data/articles", "in");
    wd.write(HOSTILE_PATH, HOSTILE);
    let out = wd.run(&["scan", "in", "-o", "report.html", "--quiet"]);
    assert_success(&out);
    (wd.read("report.html"), stderr_of(&out))
}

/// The embedded report data.
fn data_of(page: &str) -> serde_json::Value {
    let open = "<script type=\"application/json\" id=\"report-data\">";
    let start = page.find(open).expect("data block") + open.len();
    let end = start + page[start..].find("</script>").expect("end of data block");
    serde_json::from_str(&page[start..end]).expect("data block is JSON")
}

#[test]
fn report_is_self_contained_escaped_and_has_every_sentence() {
    let wd = Workdir::new("html_report");
    let (page, stderr) = scan_to_report(&wd);

    assert!(page.starts_with("<!DOCTYPE html>"));
    let policy_start = page.find("Content-Security-Policy\" content=\"").unwrap();
    let policy = &page[policy_start..policy_start + page[policy_start..].find('>').unwrap()];
    assert!(policy.contains("default-src 'none'") && policy.contains("script-src 'sha256-"));
    assert!(!policy.contains("unsafe"), "{policy}");
    // Nothing to fetch: no external script, style, font or image (outside the data, which
    // quotes the articles).
    let open = page.find("id=\"report-data\">").unwrap();
    let close = open + page[open..].find("</script>").unwrap();
    let markup = format!("{}{}", &page[..open], &page[close..]);
    for fetch in [
        "src=",
        "<link",
        "@import",
        "url(",
        "@font-face",
        "fetch(",
        "XMLHttp",
    ] {
        assert!(!markup.contains(fetch), "page contains {fetch}");
    }
    // Our data block and our script, and nothing the articles brought.
    assert_eq!(page.matches("<script").count(), 2);
    assert!(!page.contains("<img") && !page.contains("<b>"));
    assert!(!page.contains("window.pwned=2</script>") && !page.contains("window.pwned=3"));

    let data = data_of(&page);
    let articles = data["articles"].as_array().unwrap();
    let paths: Vec<&str> = articles
        .iter()
        .map(|a| a["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 5, "{paths:?}");
    let hostile = articles
        .iter()
        .find(|a| a["path"] == "zz/evil<b>.html")
        .unwrap();
    assert!(hostile["title"].as_str().unwrap().contains("<script>"));
    let sentences = hostile["sentences"].as_array().unwrap();
    let texts: Vec<&str> = sentences.iter().map(|s| s[2].as_str().unwrap()).collect();
    assert!(
        texts.iter().any(|t| t.contains("javascript:alert")),
        "{texts:?}"
    );
    // Every sentence is there, claim or not, each in its own paragraph here.
    assert_eq!(sentences.len(), 3, "{texts:?}");
    let paragraphs: Vec<u64> = sentences.iter().map(|s| s[1].as_u64().unwrap()).collect();
    assert!(paragraphs.windows(2).all(|w| w[0] < w[1]), "{paragraphs:?}");
    let threshold = data["threshold"].as_f64().unwrap();
    let all: Vec<f64> = articles
        .iter()
        .flat_map(|a| a["sentences"].as_array().unwrap())
        .map(|s| s[0].as_f64().unwrap())
        .collect();
    assert!(all.iter().any(|&s| s >= threshold) && all.iter().any(|&s| s < threshold));
    let claims = all.iter().filter(|&&s| s >= threshold).count();
    assert!(page.contains(&format!("<dd id=\"count-claims\">{claims}</dd>")));
    // The summary line counts claims, not the rows the report needed.
    assert!(
        stderr.contains(&format!(" {} sentences, {claims} claims, ", all.len())),
        "{stderr}"
    );
}

#[test]
fn report_command_renders_a_scans_jsonl_like_the_scan_does() {
    let wd = Workdir::new("html_report_jsonl");
    let (page, _) = scan_to_report(&wd);
    let out = wd.run(&["scan", "in", "--all", "-f", "jsonl", "-o", "rows.jsonl"]);
    assert_success(&out);
    let out = wd.run(&["report", "rows.jsonl", "-o", "again.html"]);
    assert_success(&out);
    assert_eq!(data_of(&wd.read("again.html")), data_of(&page));

    // The format can be asked for by name, and written to standard output.
    let out = wd.run(&["scan", "in/world", "-f", "html", "--quiet"]);
    assert_success(&out);
    assert_eq!(
        data_of(&stdout_of(&out))["articles"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // A broken line is named and skipped; the rest is still reported.
    let mut rows = wd.read("rows.jsonl");
    rows.insert_str(0, "{not json\n");
    wd.write("broken.jsonl", rows);
    let out = wd.run(&["report", "broken.jsonl", "-o", "partial.html"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("broken.jsonl:1: skipped"));
    assert_eq!(
        data_of(&wd.read("partial.html"))["articles"],
        data_of(&page)["articles"]
    );
}

#[test]
fn html_output_cannot_be_resumed() {
    let wd = Workdir::new("html_report_resume");
    wd.copy_tree("data/articles", "in");
    let out = wd.run(&["scan", "in", "-o", "report.html", "--resume"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("--resume needs"),
        "{}",
        stderr_of(&out)
    );
}

// ---- in a real browser ------------------------------------------------------------------

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            Command::new(name)
                .arg("--version")
                .output()
                .ok()
                .filter(|o| o.status.success())
                .map(|_| PathBuf::from(name))
        })
}

/// The DOM of `url` after its scripts ran, as headless Chromium serialises it.
fn dump_dom(browser: &Path, wd: &Workdir, url: &str) -> String {
    let profile = tempfile::tempdir().expect("browser profile dir");
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .current_dir(wd.root())
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success() && dom.contains("</html>"),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    dom
}

fn file_url(path: &Path) -> String {
    let path = path.canonicalize().expect("absolute path");
    let mut url = String::from("file://");
    for byte in path.to_str().expect("UTF-8 path").bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' => {
                url.push(byte as char)
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn report_works_in_headless_chromium() {
    let Some(browser) = chromium() else {
        eprintln!("SKIPPED report_works_in_headless_chromium: no chromium installed");
        return;
    };
    let wd = Workdir::new("html_report_browser");
    let (page, _) = scan_to_report(&wd);
    let data = data_of(&page);
    let articles = data["articles"].as_array().unwrap();
    let url = file_url(&wd.path("report.html"));

    // The overview: the script ran, every article has a row that links to it.
    let overview = dump_dom(&browser, &wd, &url);
    assert!(overview.contains("data-ready=\"1\""), "script did not run");
    // The title link, then one per article.
    assert_eq!(count(&overview, "data-target=\"") - 1, articles.len());
    assert!(overview.contains("zz/evil&lt;b&gt;.html"));
    assert!(overview.contains("<svg"), "histogram drawn");

    // The hostile article: its text is text; nothing it carried ran.
    let hostile = articles
        .iter()
        .position(|a| a["path"] == "zz/evil<b>.html")
        .unwrap();
    let dom = dump_dom(&browser, &wd, &format!("{url}#a={hostile}"));
    assert!(dom.contains("data-ready=\"1\""));
    assert!(dom.contains("javascript:alert(document.domain) to see &lt;/script&gt;&lt;script&gt;window.pwned=2&lt;/script&gt;"));
    assert!(dom.contains("&lt;img src=x onerror="));
    assert!(!dom.contains("data-pwned") && !dom.contains("<title>pwned"));
    assert_eq!(count(&dom, "<script"), 2);
    assert_eq!(count(&dom, "<img"), 0);

    // Every sentence is drawn; the threshold in the fragment decides which are claims.
    let sentences = articles[hostile]["sentences"].as_array().unwrap().len();
    let at = |t: &str| dump_dom(&browser, &wd, &format!("{url}#t={t}&a={hostile}"));
    let everything = at("0");
    assert_eq!(count(&everything, "<span class=\"s"), sentences + 2);
    assert_eq!(count(&everything, "class=\"s claim"), sentences + 1);
    let nothing = at("1");
    assert_eq!(count(&nothing, "class=\"s claim"), 1, "only the legend");

    // Each sample article with claims at the run's threshold shows them highlighted.
    let threshold = data["threshold"].as_f64().unwrap();
    for (i, article) in articles.iter().enumerate() {
        let expected = article["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s[0].as_f64().unwrap() >= threshold)
            .count();
        let dom = dump_dom(&browser, &wd, &format!("{url}#a={i}"));
        assert_eq!(
            count(&dom, "class=\"s claim") - 1,
            expected,
            "article {}",
            article["path"]
        );
    }
}

/// A page that loads the report in a frame, drives it as a reader would (a click on the
/// article link, the slider, the `j` key) and writes what it saw into its own DOM.
const HARNESS: &str = r##"<!DOCTYPE html><html><body>
<iframe id="report" width="1200" height="900" srcdoc="REPORT"></iframe>
<pre id="result">not run</pre>
<script>
window.addEventListener("load", function () {
  var result = {};
  try {
    var w = document.getElementById("report").contentWindow, d = w.document;
    var link = Array.prototype.find.call(d.querySelectorAll("#articles-body a"),
      function (a) { return a.textContent === "zz/evil<b>.html"; });
    // A fragment link in a srcdoc frame resolves against this page, so set the hash.
    w.location.hash = link.getAttribute("href");
  } catch (e) {
    result.error = String(e);
  }
  // hashchange is dispatched asynchronously.
  setTimeout(function () { check(result); }, 200);
});
function check(result) {
  try {
    var w = document.getElementById("report").contentWindow, d = w.document;
    result.readerShown = !d.getElementById("reader").hidden;
    result.sentences = d.querySelectorAll("#text .s").length;
    var slider = d.getElementById("threshold");
    function claimsAt(t) {
      slider.value = t;
      slider.dispatchEvent(new w.Event("input", { bubbles: true }));
      return d.querySelectorAll("#text .s.claim").length;
    }
    result.claimsAtZero = claimsAt("0");
    result.claimsAtOne = claimsAt("1");
    result.claimsAtZeroAgain = claimsAt("0");
    result.shownThreshold = d.getElementById("threshold-value").textContent;
    d.dispatchEvent(new w.KeyboardEvent("keydown", { key: "j", bubbles: true }));
    d.dispatchEvent(new w.KeyboardEvent("keydown", { key: "j", bubbles: true }));
    var focused = d.activeElement;
    result.focusedIsSecondClaim = focused === d.querySelectorAll("#text .s.claim")[1];
    var tip = d.getElementById("tip");
    result.tipShown = !tip.hidden;
    result.tipText = tip.textContent;
    result.pwned = w.pwned === undefined ? null : w.pwned;
    result.title = d.title;
  } catch (e) {
    result.error = String(e);
  }
  document.getElementById("result").textContent = JSON.stringify(result);
}
</script></body></html>"##;

#[test]
fn slider_and_keys_rehighlight_without_reload() {
    let Some(browser) = chromium() else {
        eprintln!("SKIPPED slider_and_keys_rehighlight_without_reload: no chromium installed");
        return;
    };
    let wd = Workdir::new("html_report_slider");
    let (page, _) = scan_to_report(&wd);
    let harness = HARNESS.replace(
        "REPORT",
        &html_escape::encode_double_quoted_attribute(&page),
    );
    wd.write("harness.html", harness);
    let dom = dump_dom(&browser, &wd, &file_url(&wd.path("harness.html")));
    let start = dom.find("<pre id=\"result\">").unwrap() + "<pre id=\"result\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let json = html_escape::decode_html_entities(&dom[start..end]).into_owned();
    let result: serde_json::Value = serde_json::from_str(&json).expect(&json);
    assert!(result.get("error").is_none(), "{result}");
    assert_eq!(result["readerShown"], true, "{result}");
    assert_eq!(result["sentences"], 3, "{result}");
    assert_eq!(result["claimsAtZero"], 3, "{result}");
    assert_eq!(result["claimsAtOne"], 0, "{result}");
    assert_eq!(result["claimsAtZeroAgain"], 3, "{result}");
    assert_eq!(result["shownThreshold"], "0.000", "{result}");
    assert_eq!(result["focusedIsSecondClaim"], true, "{result}");
    assert_eq!(result["tipShown"], true, "{result}");
    assert!(
        result["tipText"].as_str().unwrap().contains("claim_id"),
        "{result}"
    );
    assert!(result["pwned"].is_null(), "{result}");
    assert!(
        result["title"].as_str().unwrap().contains("<script>"),
        "{result}"
    );
}

#[test]
fn types_in_the_rows_get_a_count_and_a_filter() {
    let Some(browser) = chromium() else {
        eprintln!("SKIPPED types_in_the_rows_get_a_count_and_a_filter: no chromium installed");
        return;
    };
    let wd = Workdir::new("html_report_types");
    let row = |i: usize, score: f64, extra: &str| {
        format!(
            r#"{{"claim_id":"a-00{i}","article":"a.txt","title":"A","date":"","sentence_index":{i},"score":{score},"sentence":"Sentence {i}.","paragraph":0{extra}}}"#
        )
    };
    let rows = [
        row(0, 0.9, r#","claim_type":"statistic","quantities":["3%"]"#),
        row(1, 0.8, r#","claim_type":"quote""#),
        row(2, 0.7, r#","claim_type":"statistic""#),
        row(3, 0.1, ""),
    ];
    wd.write("rows.jsonl", rows.join("\n") + "\n");
    let out = wd.run(&["report", "rows.jsonl", "--threshold", "0.5", "-o", "r.html"]);
    assert_success(&out);
    let url = file_url(&wd.path("r.html"));

    let overview = dump_dom(&browser, &wd, &url);
    assert!(
        overview.contains("<label id=\"type-filter\">"),
        "filter shown"
    );
    assert!(overview.contains("<tr><td>statistic</td><td class=\"num\">2</td></tr>"));
    assert!(overview.contains("<tr><td>quote</td><td class=\"num\">1</td></tr>"));
    let quotes = dump_dom(&browser, &wd, &format!("{url}#type=quote&a=0"));
    assert_eq!(count(&quotes, "class=\"s claim") - 1, 1, "only the quote");
    let statistics = dump_dom(&browser, &wd, &format!("{url}#type=statistic&a=0"));
    assert_eq!(count(&statistics, "class=\"s claim") - 1, 2);
}

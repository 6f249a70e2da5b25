//! Cleaning, headline and metadata: texts written for the patterns seen on pages the cleaner
//! never saw (issue 11): a headline in capitals, a dateline with a date on its own line, a wire
//! dateline with agency and date, bylines with a title or an agency, chrome lines above the
//! headline ("Skip to main content", "Log in / Register"), teasers and chrome written as
//! sentences in the body.

use entity_lens_engine::clean::clean;

fn kept(text: &str) -> Vec<String> {
    let a = clean(text);
    a.paragraphs
        .iter()
        .map(|p| a.text[p.byte.clone()].to_owned())
        .collect()
}

const BODY: &str = "The regional council voted on Tuesday to extend the ferry service to the \
northern islands, after two years of talks with operators and residents.\n\n\
Officials said the new timetable would start in the spring and run twice a day, with extra \
crossings during the summer months when visitor numbers peak.\n\n\
Residents had long complained that the single weekly crossing left them cut off from hospitals \
and schools on the mainland, particularly in winter.\n";

#[test]
fn headline_in_capitals_with_a_dateline_line() {
    let text = format!(
        "SKIING - WORLD CUP DOWNHILL RESULTS POSTPONED BY WIND.\n\
         WHISTLER, British Columbia 1996-12-06\n\n{BODY}"
    );
    let a = clean(&text);
    assert_eq!(
        a.title.as_deref(),
        Some("SKIING - WORLD CUP DOWNHILL RESULTS POSTPONED BY WIND.")
    );
    assert_eq!(a.date.as_deref(), Some("1996-12-06"));
    assert_eq!(a.dateline.as_deref(), Some("WHISTLER, British Columbia"));
    assert!(a.text.starts_with("The regional council"), "{}", a.text);
    assert!(!a.text.contains("WHISTLER"));
}

#[test]
fn wire_dateline_with_agency_and_ordinal_date() {
    let text = format!(
        "Ferry service extended to the northern islands\n\n\
         YEREVAN (UrduPoint News / Sputnik - 28th November, 2020) The regional council voted \
         on Saturday to extend the ferry service, officials said in a statement.\n\n{BODY}"
    );
    let a = clean(&text);
    assert_eq!(
        a.title.as_deref(),
        Some("Ferry service extended to the northern islands")
    );
    assert_eq!(a.dateline.as_deref(), Some("YEREVAN"));
    assert_eq!(a.date.as_deref(), Some("2020-11-28"));
    assert_eq!(a.source.as_deref(), Some("UrduPoint News / Sputnik"));
    assert!(a.text.starts_with("The regional council voted on Saturday"));
}

#[test]
fn byline_with_a_job_title() {
    let text = format!(
        "Ferry service extended to the northern islands\n\
         By Jane Doe, Senior Correspondent\n\n{BODY}"
    );
    let a = clean(&text);
    assert_eq!(a.byline.as_deref(), Some("Jane Doe"));
    assert_eq!(
        a.title.as_deref(),
        Some("Ferry service extended to the northern islands")
    );
    assert!(!a.text.contains("Correspondent"));
}

#[test]
fn byline_in_capitals_with_an_agency() {
    let text = format!(
        "Ferry service extended to the northern islands\n\
         By JANE DOE Associated Press\n\n{BODY}"
    );
    let a = clean(&text);
    assert_eq!(a.byline.as_deref(), Some("JANE DOE"));
    assert_eq!(a.source.as_deref(), Some("Associated Press"));
    let text = format!(
        "Ferry service extended to the northern islands\n\
         By Jane Doe and John Roe, Reuters\n\n{BODY}"
    );
    let a = clean(&text);
    assert_eq!(a.byline.as_deref(), Some("Jane Doe and John Roe"));
    assert_eq!(a.source.as_deref(), Some("Reuters"));
}

#[test]
fn chrome_above_the_headline_is_never_the_headline() {
    for chrome in [
        "Skip to main content",
        "Log in / Register",
        "Sign in | Subscribe",
    ] {
        let text = format!("{chrome}\n\nFerry service extended to the northern islands\n\n{BODY}");
        let a = clean(&text);
        assert_eq!(
            a.title.as_deref(),
            Some("Ferry service extended to the northern islands"),
            "{chrome}"
        );
        assert!(!a.text.contains(chrome), "{chrome} kept");
    }
}

#[test]
fn teasers_and_chrome_sentences_in_the_body_are_cut() {
    let text = format!(
        "Ferry service extended to the northern islands\n\n{BODY}\n\
         RELATED: Island schools to get new buses next year\n\n\
         Recommended: The ten best coastal walks in the north\n\n\
         Like this story? Share it with a friend.\n"
    );
    let body = kept(&text);
    assert_eq!(body.len(), 3, "{body:#?}");
    assert!(body[2].starts_with("Residents had long complained"));
}

//! Fairness: a red flag is a behaviour or a request, never where someone is from. Any answer
//! the course marks right (a correct option, its feedback, an explanation, a marked red flag,
//! a safe reply, a correct report choice) and any `[!RED FLAG]` callout that names a
//! nationality, ethnicity, country or language is an error at that word, unless a negation
//! near the word says it is *not* the red flag. `[!REAL CASE]` boxes and ordinary prose may
//! name the state in a court record.

use hookwise_core::lesson::QuestionKind;

use crate::diagnostic::{Diagnostic, SourceFile, WithHelp};
use std::sync::OnceLock;

use crate::wording::{words, LessonWording, Located, PracticeAnswer, TermIndex, Word};

/// Every fairness message starts with this.
pub const PREFIX: &str = "fairness: ";

/// Words and phrases that name a nationality, ethnicity, origin, country or language (a final
/// `*` matches any ending). The list is deliberately broad on the states and groups that
/// counter-intelligence material names most.
pub const ORIGIN_WORDS: &[&str] = &[
    // Origin in general.
    "nationalit*", "ethnic*", "race", "races", "racial*", "accent", "accents", "accented", "foreigner*",
    "foreign born", "foreign national*", "foreign sounding", "sounds foreign", "foreign name*", "immigrant*",
    "immigration status", "country of origin", "their origin", "origin of the person", "name sounds", "name that sounds",
    "names that sound", "sounding name*",
    "where they are from", "where they come from", "where someone is from", "where someone comes from",
    "where he is from", "where she is from", "where he comes from", "where she comes from",
    "background of the person", "mother tongue", "native language", "native speaker*",
    // States, peoples and languages.
    "china", "chinese", "mandarin", "cantonese", "prc", "russia", "russian*", "iran", "iranian*", "persian", "farsi",
    "north korea*", "south korea*", "korea", "korean*", "cuba", "cuban*", "asia", "asian*", "arab", "arabs", "arabic",
    "arabian", "middle eastern", "african*", "latino*", "latina*", "hispanic*", "muslim*", "islamic", "jewish", "jews",
    "israel*", "palestin*", "syria*", "turkish", "pakistan*", "india", "indian*", "afghan*", "iraq*", "ukrain*",
    "belarus*", "venezuela*", "vietnam*", "german*", "french", "spanish", "italian*", "japan*", "taiwan*",
    "hong kong", "slavic", "eastern european*",
];

/// Words that deny what is near them: "nationality is never a red flag".
pub const NEGATIONS: &[&str] =
    &["not", "never", "no", "nothing", "neither", "nor", "without", "regardless", "irrespective", "cannot"];

/// Words that make origin irrelevant when they come just before it: "people of any nationality".
pub const ANY: &[&str] = &["any", "every", "all", "whatever", "whichever"];

/// How many words before or after a named origin a negation may be, in the same sentence.
pub const NEGATION_WINDOW: usize = 6;

pub fn is_fairness(d: &Diagnostic) -> bool {
    d.message.starts_with(PREFIX)
}

fn is_negation(w: &Word) -> bool {
    NEGATIONS.contains(&w.lower.as_str()) || w.lower.ends_with("n't")
}

/// Whether a negation is within the window around words `at..end`, in the same sentence, or
/// "any" (or "every", "all", ...) is one of the two words before it.
fn negated(words: &[Word], at: usize, end: usize) -> bool {
    if words[at.saturating_sub(2)..at].iter().any(|w| ANY.contains(&w.lower.as_str())) {
        return true;
    }
    let mut j = at;
    while j > 0 && at - j < NEGATION_WINDOW {
        j -= 1;
        if words[j].ends_sentence {
            break;
        }
        if is_negation(&words[j]) {
            return true;
        }
    }
    let mut k = end;
    while k > at && !words[k - 1].ends_sentence && k < words.len() && k - end < NEGATION_WINDOW {
        if is_negation(&words[k]) {
            return true;
        }
        k += 1;
    }
    false
}

/// The words of some lines of text; a line that starts a list item starts a new sentence.
fn words_of(lines: &[&Located]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    for line in lines {
        let t = line.text.trim_start();
        let item = t.starts_with("- ") || t.starts_with("* ") || t.split_once(". ").is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty());
        if item {
            if let Some(last) = out.last_mut() {
                last.ends_sentence = true;
            }
        }
        out.extend(words(&line.text, line.offset));
    }
    out
}

fn check(src: &SourceFile, what: &str, lines: &[&Located], out: &mut Vec<Diagnostic>) {
    static INDEX: OnceLock<TermIndex<'static>> = OnceLock::new();
    let w = words_of(lines);
    for (at, term) in INDEX.get_or_init(|| TermIndex::new(ORIGIN_WORDS)).find(&w) {
        let end = at + term.split(' ').count();
        if negated(&w, at, end) {
            continue;
        }
        let shown = &src.text[w[at].offset..w[end - 1].end];
        out.push(
            src.error(w[at].offset, format!("{PREFIX}{what} names `{shown}`, a nationality, ethnicity, country or language"))
                .help("a red flag is what someone does or asks, never where they are from: describe the behaviour or the request. A sentence that denies it passes when the negation is near the word (\"nationality is never a red flag\"); `[!REAL CASE]` boxes may name the state"),
        );
    }
}

/// The fairness errors of one lesson.
pub fn lesson(src: &SourceFile, lesson: &LessonWording) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for q in &lesson.questions {
        if q.kind == QuestionKind::TrueFalse {
            if q.key_index() == Some(0) {
                check(src, "a true/false statement keyed True", &[&q.title], &mut out);
            }
        } else {
            for o in q.options.iter().filter(|o| o.correct) {
                check(src, "a correct option", &[&o.text], &mut out);
            }
        }
        for o in q.options.iter().filter(|o| o.correct) {
            check(src, "the feedback on a correct option", &o.feedback.iter().collect::<Vec<_>>(), &mut out);
        }
        check(src, "an explanation", &q.explanation.iter().collect::<Vec<_>>(), &mut out);
    }
    for (kind, item) in &lesson.practice {
        let what = match kind {
            PracticeAnswer::MarkedRedFlag => "a marked red flag",
            PracticeAnswer::SafeReply => "a safe reply",
            PracticeAnswer::CorrectReportChoice => "a correct report choice",
        };
        check(src, what, &[item], &mut out);
    }
    check(src, "a `[!RED FLAG]` callout", &lesson.red_flag_callouts.iter().collect::<Vec<_>>(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flagged(text: &str) -> Vec<String> {
        let src = SourceFile::new("a.md", text);
        let mut out = Vec::new();
        check(&src, "x", &[&Located { offset: 0, text: text.into() }], &mut out);
        out.into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn names_origin_words_and_phrases_at_the_word() {
        assert_eq!(flagged("The caller had a Russian accent."), [
            "fairness: x names `Russian`, a nationality, ethnicity, country or language",
            "fairness: x names `accent`, a nationality, ethnicity, country or language",
        ]);
        assert_eq!(flagged("They asked where someone is from.").len(), 1);
        assert_eq!(flagged("Trace the grace period of the racecourse.").len(), 0, "whole words only");
    }

    #[test]
    fn a_nearby_negation_in_the_same_sentence_passes() {
        assert!(flagged("Nationality is never a red flag.").is_empty());
        assert!(flagged("Where someone is from is not the red flag: the request is.").is_empty());
        assert!(flagged("It isn't their nationality but the request.").is_empty());
        assert!(flagged("They approach people of any nationality.").is_empty());
        assert_eq!(flagged("No, really. The Chinese contact is suspicious.").len(), 1, "the negation is in another sentence");
        assert_eq!(flagged("Not once did they ask about the project, but at the end they mentioned their Iranian friends.").len(), 1, "too far away");
    }
}

//! The deploying organisation's settings (`lessons/ORGANISATION.md`): its name, the team that
//! takes reports, its reporting channels, what happens to a report and its policies; and the
//! report hand-off built from them ("Report an approach": a prefilled email, a number to call,
//! a form to open, or a text to copy). Nothing here sends anything.

use serde::{Deserialize, Serialize};

/// Shipped as `organisation.json`, loaded by the app bundle only (never by the first load).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Organisation {
    pub name: String,
    /// The team that takes reports, as lessons name it ("the Security Office").
    pub team: String,
    pub channels: Vec<Channel>,
    pub report: ReportHandling,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<Policy>,
    /// Still the shipped example settings: builds and packages warn.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub example: bool,
    /// `learner_ids: pseudonymous`: xAPI statements name learners by an opaque account id, never
    /// by email or name (the launch's own actor when an LMS gives one; else a random id made once
    /// in the learner's browser, which the learner can show their manager for the roster).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pseudonymous: bool,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Channel {
    pub id: String,
    pub label: String,
    pub kind: ChannelKind,
    pub value: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hours: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uses: Vec<ChannelUse>,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChannelKind {
    Email,
    Phone,
    WebForm,
    InPerson,
}

impl ChannelKind {
    /// As written in `ORGANISATION.md`.
    pub const NAMES: [(&'static str, ChannelKind); 4] = [
        ("email", ChannelKind::Email),
        ("phone", ChannelKind::Phone),
        ("web form", ChannelKind::WebForm),
        ("in person", ChannelKind::InPerson),
    ];
}

/// What a channel is for, beyond being one of the ways to report.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChannelUse {
    Primary,
    OutOfHours,
    Abroad,
}

impl ChannelUse {
    pub const NAMES: [(&'static str, ChannelUse); 3] =
        [("primary", ChannelUse::Primary), ("out-of-hours", ChannelUse::OutOfHours), ("abroad", ChannelUse::Abroad)];
}

/// What happens to a report, in the organisation's own words.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct ReportHandling {
    pub seen_by: String,
    pub recorded: String,
    pub reply: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Policy {
    pub id: String,
    pub title: String,
    pub url: String,
}

impl Channel {
    /// The address a link opens, if the channel has one: `mailto:`, `tel:` or the form.
    pub fn href(&self) -> Option<String> {
        match self.kind {
            ChannelKind::Email => Some(format!("mailto:{}", self.value)),
            ChannelKind::Phone => {
                let digits: String = self.value.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
                Some(format!("tel:{digits}"))
            }
            ChannelKind::WebForm => Some(self.value.clone()),
            ChannelKind::InPerson => None,
        }
    }
}

impl Organisation {
    /// The first channel marked for `purpose`.
    pub fn channel_for(&self, purpose: ChannelUse) -> Option<&Channel> {
        self.channels.iter().find(|c| c.uses.contains(&purpose))
    }

    pub fn channel(&self, id: &str) -> Option<&Channel> {
        self.channels.iter().find(|c| c.id == id)
    }

    pub fn policy(&self, id: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.id == id)
    }
}

/// The questions a useful report answers, in order: the structured body of the hand-off.
pub const REPORT_QUESTIONS: [&str; 7] = [
    "What happened",
    "When",
    "Where (in person, which website or app)",
    "Who (names, profiles, addresses they used)",
    "What they asked for",
    "What I shared, if anything",
    "Evidence I have kept (messages, emails, cards, screenshots)",
];

/// A prefilled report for the primary channel.
#[derive(Clone, Debug, PartialEq)]
pub struct Handoff {
    pub channel: Channel,
    pub subject: String,
    /// The structured text: the same for the email, the copy and the download.
    pub body: String,
    /// For an email, the `mailto:` with subject and body; for a phone, `tel:`; for a form, its
    /// address; in person, none.
    pub href: Option<String>,
}

/// The report hand-off to the primary channel (else the first channel), started from the
/// lesson `from_lesson` (its title), if any.
pub fn handoff(org: &Organisation, from_lesson: Option<&str>) -> Option<Handoff> {
    let channel = org.channel_for(ChannelUse::Primary).or(org.channels.first())?.clone();
    let subject = "Reporting an approach".to_string();
    let mut body = String::from("I want to report an approach.\n\n");
    for q in REPORT_QUESTIONS {
        body.push_str(q);
        body.push_str(":\n\n\n");
    }
    if let Some(title) = from_lesson {
        body.push_str(&format!("(Started from the lesson \"{title}\".)\n"));
    }
    let href = match channel.kind {
        ChannelKind::Email => Some(format!(
            "mailto:{}?subject={}&body={}",
            channel.value,
            percent_encode(&subject),
            percent_encode(&body)
        )),
        _ => channel.href(),
    };
    Some(Handoff { channel, subject, body, href })
}

/// Percent-encodes everything but RFC 3986's unreserved characters (for `mailto:` fields).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> Organisation {
        Organisation {
            name: "Acorn Example Ltd".into(),
            team: "the Security Office".into(),
            channels: vec![
                Channel {
                    id: "desk".into(),
                    label: "Security Office mailbox".into(),
                    kind: ChannelKind::Email,
                    value: "security@acorn.example".into(),
                    hours: String::new(),
                    note: String::new(),
                    uses: vec![ChannelUse::Primary],
                },
                Channel {
                    id: "duty".into(),
                    label: "Duty phone".into(),
                    kind: ChannelKind::Phone,
                    value: "+44 20 7946 0999".into(),
                    hours: String::new(),
                    note: String::new(),
                    uses: vec![ChannelUse::OutOfHours, ChannelUse::Abroad],
                },
            ],
            report: ReportHandling::default(),
            policies: Vec::new(),
            example: false,
            pseudonymous: false,
        }
    }

    #[test]
    fn an_email_channel_gets_a_prefilled_mailto_with_every_question() {
        let h = handoff(&sample(), Some("The little hook")).expect("there is a channel");
        let href = h.href.expect("email has a link");
        assert!(href.starts_with("mailto:security@acorn.example?subject=Reporting%20an%20approach&body=I%20want"));
        for q in REPORT_QUESTIONS {
            assert!(h.body.contains(q), "{q}");
        }
        assert!(h.body.contains("\"The little hook\""));
        assert!(!href.contains(' ') && !href.contains('\n'), "the link is fully encoded");
    }

    #[test]
    fn a_phone_only_organisation_gets_a_tel_link_and_the_same_text() {
        let mut org = sample();
        org.channels.remove(0);
        let h = handoff(&org, None).expect("the phone is the only channel");
        assert_eq!(h.href.as_deref(), Some("tel:+442079460999"));
        assert!(h.body.starts_with("I want to report an approach."));
    }

    #[test]
    fn channels_are_found_by_purpose() {
        let org = sample();
        assert_eq!(org.channel_for(ChannelUse::Abroad).map(|c| c.id.as_str()), Some("duty"));
        assert_eq!(org.channel("desk").map(|c| c.kind), Some(ChannelKind::Email));
    }
}

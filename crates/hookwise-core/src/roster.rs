//! The manager's roster: who is who, and in which team. A CSV the manager imports (a column for
//! the email or account id, one for the name, one for the team) that maps the learners a learning
//! record store knows (by email, or by an opaque account id in a pseudonymous deployment) to
//! people and teams. It is kept only in the manager's browser, in a versioned stored form.

use std::collections::BTreeMap;
use std::fmt;

#[cfg(test)]
use serde::{Deserialize, Serialize};

use crate::team::Team;

/// A person on the roster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub team: String,
}

/// People by their key (email or account id, lower case).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Roster {
    pub people: BTreeMap<String, Person>,
}

/// Why a roster file was not imported. Plain words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RosterError {
    Empty,
    /// The header names no column for the email or account id.
    NoIdColumn,
}

impl fmt::Display for RosterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RosterError::Empty => f.write_str("the file has no rows"),
            RosterError::NoIdColumn => f.write_str(
                "its first line needs a column named \"email\" or \"id\" (and may have \"name\" and \"team\")",
            ),
        }
    }
}

/// A CSV file's rows (quoted fields, doubled quotes, CRLF or LF, a comma or semicolon between
/// fields: whichever the first line uses).
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or_default();
    let sep = if first.matches(';').count() > first.matches(',').count() { ';' } else { ',' };
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, c) if c == sep => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows.retain(|r| r.iter().any(|f| !f.trim().is_empty()));
    rows
}

/// What an import found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RosterImport {
    pub roster: Roster,
    /// Line numbers (1-based) without an email or id, left out.
    pub skipped: Vec<usize>,
}

/// Reads a roster CSV.
pub fn parse_roster(text: &str) -> Result<RosterImport, RosterError> {
    let rows = csv_rows(text);
    let header = rows.first().ok_or(RosterError::Empty)?;
    let find = |names: &[&str]| header.iter().position(|h| names.contains(&h.trim().to_lowercase().as_str()));
    let id = find(&["email", "e-mail", "id", "account", "account id", "learner id"]).ok_or(RosterError::NoIdColumn)?;
    let name = find(&["name", "full name"]);
    let team = find(&["team", "department"]);
    let mut out = RosterImport::default();
    for (i, row) in rows.iter().enumerate().skip(1) {
        let cell = |c: Option<usize>| c.and_then(|c| row.get(c)).map(|s| s.trim().to_string()).unwrap_or_default();
        let key = cell(Some(id)).trim_start_matches("mailto:").to_lowercase();
        if key.is_empty() {
            out.skipped.push(i + 1);
            continue;
        }
        out.roster.people.insert(key, Person { name: cell(name), team: cell(team) });
    }
    Ok(out)
}

impl Roster {
    /// Puts the roster's names and teams on the learners it knows; returns how many it matched.
    pub fn apply(&self, team: &mut Team) -> usize {
        let mut matched = 0;
        for (key, report) in team.learners.iter_mut() {
            if let Some(p) = self.people.get(key) {
                matched += 1;
                if !p.name.is_empty() {
                    report.name = p.name.clone();
                }
                if !p.team.is_empty() {
                    report.team = p.team.clone();
                }
            }
        }
        matched
    }
}

// The stored form, under a versioned key.

pub const ROSTER_FORMAT: u32 = 1;

/// The serde form the hand-written code replaced, kept for the tests that compare.
#[cfg(test)]
#[derive(Serialize, Deserialize)]
struct RosterV1 {
    v: u32,
    /// (key, name, team)
    people: Vec<(String, String, String)>,
}

/// The stored form, written by hand: byte for byte what `serde_json::to_string` wrote for `RosterV1`.
pub fn encode_roster(roster: &Roster) -> String {
    let mut out = crate::wire::JsonOut::default();
    out.open('{').key("v").uint(ROSTER_FORMAT as u64).key("people").open('[');
    for (key, p) in &roster.people {
        out.open('[').str(key).str(&p.name).str(&p.team).close(']');
    }
    out.close(']').close('}');
    out.finish()
}

/// Reads the stored roster; garbled or from a newer version: an error, and the caller keeps the
/// stored text untouched.
pub fn decode_roster(text: &str) -> Result<Roster, crate::records::RecordError> {
    use crate::wire;
    crate::format::known_version(wire::version(text)?, ROSTER_FORMAT, ROSTER_FORMAT)?;
    // Read by hand, as strictly as serde's derive of `RosterV1` did (see `wire`).
    let people = wire::read_all(text, |r, bad| {
        let mut people = Vec::new();
        wire::object(r, bad, &["v", "people"], 2, |r, i| {
            if i == 0 {
                return wire::uint(r, bad, u32::MAX as u64).map(drop);
            }
            wire::array(r, bad, |r| {
                let mut p: [String; 3] = Default::default();
                wire::tuple(r, bad, 3, |r, i| {
                    p[i] = wire::string(r, bad)?;
                    Some(())
                })?;
                people.push(p);
                Some(())
            })
        })?;
        Some(people)
    })?;
    let mut roster = Roster::default();
    for [key, name, team] in people {
        roster.people.insert(key.to_lowercase(), Person { name, team });
    }
    Ok(roster)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Report;

    #[test]
    fn csv_reads_quotes_semicolons_and_a_byte_order_mark() {
        let rows = csv_rows("\u{feff}Email;Name;Team\r\nana@x.org;\"Ana; the first\";\"R\"\"D\"\r\n\r\n");
        assert_eq!(rows, vec![vec!["Email", "Name", "Team"], vec!["ana@x.org", "Ana; the first", "R\"D"]]);
    }

    #[test]
    fn a_roster_maps_emails_and_account_ids_to_people() {
        let csv = "id,name,team\nANA@example.com,Ana Lima,Research\nu-7f3a,Bo Berg,Sales\n,Nobody,X\n";
        let import = parse_roster(csv).expect("a roster");
        assert_eq!(import.skipped, [4]);
        let mut team = Team::default();
        for key in ["ana@example.com", "u-7f3a", "cy@example.com"] {
            team.add(Report { name: key.into(), email: key.into(), team: String::new(), course_title: "c".into(), course_version: String::new(), generated_at: 1, lessons: vec![], misses: Default::default() });
        }
        assert_eq!(import.roster.apply(&mut team), 2);
        assert_eq!((team.learners["u-7f3a"].name.as_str(), team.learners["u-7f3a"].team.as_str()), ("Bo Berg", "Sales"));
        assert_eq!(team.learners["cy@example.com"].name, "cy@example.com", "not on the roster: unchanged");
        assert_eq!(parse_roster("name,team\nAna,R\n"), Err(RosterError::NoIdColumn));
        assert_eq!(parse_roster(""), Err(RosterError::Empty));
    }

    #[test]
    fn the_stored_form_round_trips_and_refuses_garbage() {
        let roster = parse_roster("email,name,team\nana@x.org,Ana,R\n").expect("a roster").roster;
        assert_eq!(decode_roster(&encode_roster(&roster)), Ok(roster));
        assert!(decode_roster("{{{").is_err());
        assert!(matches!(decode_roster(r#"{"v":7}"#), Err(crate::records::RecordError::FutureVersion(7))));
        assert!(decode_roster(r#"{"v":1,"people":"x"}"#).is_err());
    }

    #[test]
    fn the_stored_form_is_what_serde_wrote_and_garbage_gets_the_same_answer() {
        let serde_decode = |text: &str| -> Result<Roster, crate::records::RecordError> {
            crate::format::known_version(crate::format::version(text)?, ROSTER_FORMAT, ROSTER_FORMAT)?;
            let wire: RosterV1 = crate::format::read(text)?;
            Ok(Roster { people: wire.people.into_iter().map(|(k, name, team)| (k.to_lowercase(), Person { name, team })).collect() })
        };
        let roster = parse_roster("email,name,team\nana@x.org,\"Zoë \"\"Z\"\" \\ 😀\",R&D\nu-1,,\n").expect("a roster").roster;
        let text = encode_roster(&roster);
        let people = roster.people.iter().map(|(k, p)| (k.clone(), p.name.clone(), p.team.clone())).collect();
        assert_eq!(text, serde_json::to_string(&RosterV1 { v: ROSTER_FORMAT, people }).expect("serialises"));
        let mut inputs = vec![r#"{"v":1,"people":[["A@X.org","Ana","R"],["a@x.org","Dup","S"]]}"#.to_string(), r#"{"people":[],"v":1}"#.into(), r#"{"v":1}"#.into()];
        inputs.extend(crate::damage::damaged(&text, &[b"\"", b"0", b"]", b","]));
        for input in &inputs {
            assert_eq!(decode_roster(input), serde_decode(input), "{input}");
        }
    }
}

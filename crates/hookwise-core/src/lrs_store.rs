//! What the dashboard keeps about a learning record store between visits: the connection
//! (`hookwise.team.lrs`: endpoint, credentials, activity address) and the sync point
//! (`hookwise.team.lrs.sync`, versioned, for one endpoint). Read and written by hand (`wire`), the
//! same JSON as before; anything unreadable reads as nothing (the manager connects again, or the
//! next sync is a full one, which counts nothing twice).

use crate::lrs_sync::SyncPoint;
use crate::wire::{self, JsonOut};

pub const POINT_FORMAT: u32 = 1;

/// A connection as the manager typed it (`auth` is the `Authorization` value, or empty).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Connection {
    pub endpoint: String,
    pub auth: String,
    pub activity_base: String,
}

pub fn encode_connection(c: &Connection) -> String {
    let mut out = JsonOut::default();
    out.open('{').key("endpoint").str(&c.endpoint).key("auth").str(&c.auth).key("activity_base").str(&c.activity_base).close('}');
    out.finish()
}

/// The stored connection; `auth` and `activity_base` may be missing (empty).
pub fn decode_connection(text: &str) -> Option<Connection> {
    wire::read_all(text, |r, bad| {
        let mut c = Connection::default();
        wire::object(r, bad, &["endpoint", "auth", "activity_base"], 1, |r, i| {
            *[&mut c.endpoint, &mut c.auth, &mut c.activity_base][i] = wire::string(r, bad)?;
            Some(())
        })?;
        Some(c)
    })
    .ok()
}

pub fn encode_point(endpoint: &str, p: &SyncPoint) -> String {
    let mut out = JsonOut::default();
    out.open('{').key("v").uint(POINT_FORMAT as u64).key("endpoint").str(endpoint).key("since").opt_str(p.since.as_deref()).key("at_since").open('[');
    for id in &p.at_since {
        out.str(id);
    }
    out.close(']').key("synced_at").uint(p.synced_at).close('}');
    out.finish()
}

/// The stored sync point if it is of this format and for `endpoint`.
pub fn decode_point(text: &str, endpoint: &str) -> Option<SyncPoint> {
    let (v, stored_for, point) = wire::read_all(text, |r, bad| {
        let (mut v, mut stored_for, mut p) = (0, String::new(), SyncPoint::default());
        wire::object(r, bad, &["v", "endpoint", "since", "at_since", "synced_at"], 2, |r, i| {
            match i {
                0 => v = wire::uint(r, bad, u32::MAX as u64)?,
                1 => stored_for = wire::string(r, bad)?,
                2 => p.since = wire::opt_string(r, bad)?,
                3 => wire::array(r, bad, |r| {
                    p.at_since.push(wire::string(r, bad)?);
                    Some(())
                })?,
                _ => p.synced_at = wire::uint(r, bad, u64::MAX)?,
            }
            Some(())
        })?;
        Some((v, stored_for, p))
    })
    .ok()?;
    (v == POINT_FORMAT as u64 && stored_for == endpoint).then_some(point)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_and_points_round_trip_as_the_serde_code_wrote_them() {
        let c = Connection { endpoint: "https://lrs.example/x\"API/".into(), auth: "Basic YTpi".into(), activity_base: String::new() };
        assert_eq!(encode_connection(&c), r#"{"endpoint":"https://lrs.example/x\"API/","auth":"Basic YTpi","activity_base":""}"#);
        assert_eq!(decode_connection(&encode_connection(&c)), Some(c));
        assert_eq!(decode_connection(r#"{"endpoint":"/lrs/xAPI/"}"#).map(|c| c.endpoint), Some("/lrs/xAPI/".into()));
        for bad in ["", "{", r#"{"auth":"x"}"#, r#"{"endpoint":1}"#, "[]"] {
            assert_eq!(decode_connection(bad), None, "{bad}");
        }
        let p = SyncPoint { since: Some("2026-01-01T00:00:00Z".into()), at_since: vec!["a".into(), "b".into()], synced_at: 7 };
        let text = encode_point("/lrs/", &p);
        assert_eq!(text, r#"{"v":1,"endpoint":"/lrs/","since":"2026-01-01T00:00:00Z","at_since":["a","b"],"synced_at":7}"#);
        assert_eq!(decode_point(&text, "/lrs/"), Some(p));
        assert_eq!(decode_point(&text, "/other/"), None, "another endpoint's point is not used");
        assert_eq!(encode_point("/lrs/", &SyncPoint::default()), r#"{"v":1,"endpoint":"/lrs/","since":null,"at_since":[],"synced_at":0}"#);
        assert_eq!(decode_point(r#"{"v":1,"endpoint":"/lrs/"}"#, "/lrs/"), Some(SyncPoint::default()));
        for bad in ["", "{", r#"{"v":2,"endpoint":"/lrs/"}"#, r#"{"v":1,"endpoint":"/lrs/","at_since":"x"}"#] {
            assert_eq!(decode_point(bad, "/lrs/"), None, "{bad}");
        }
    }
}

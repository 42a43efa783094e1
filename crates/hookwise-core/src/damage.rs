//! Test inputs made by damaging a good text, for the tests that hold a hand-written reader to
//! what the serde code it replaced said: every truncation, every byte deleted, and every byte
//! replaced by each of a few telling bytes. Only the results that are still UTF-8 are given:
//! stored records, files and launch data reach the readers as text.

/// `text` cut short at every byte, with each byte deleted, and with each byte replaced by each
/// of `with`.
pub(crate) fn damaged<'a, W: AsRef<[u8]>>(text: &'a str, with: &'a [W]) -> impl Iterator<Item = String> + 'a {
    let b = text.as_bytes();
    (0..b.len())
        .flat_map(move |i| {
            let cut = [b[..i].to_vec(), [&b[..i], &b[i + 1..]].concat()];
            cut.into_iter().chain(with.iter().map(move |w| [&b[..i], w.as_ref(), &b[i + 1..]].concat()))
        })
        .filter_map(|input| String::from_utf8(input).ok())
}

#[cfg(test)]
mod tests {
    use super::damaged;

    #[test]
    fn every_cut_deletion_and_replacement_that_is_still_text() {
        let all: Vec<String> = damaged("ab", &[b"x"]).collect();
        assert_eq!(all, ["", "b", "xb", "a", "a", "ax"]);
        // A cut inside a character is not text, and is left out.
        assert!(damaged("é", &[] as &[&[u8]]).all(|input| input.is_empty() || input == "é"));
    }
}

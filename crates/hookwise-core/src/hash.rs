//! A small, stable content hash (FNV-1a, 64 bit) used to identify a lesson's text.
//!
//! It identifies versions; it is not a defence against forgery (see SECURITY.md).

pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The hash as 16 lowercase hex digits.
pub fn fnv1a64_hex(bytes: &[u8]) -> String {
    let h = fnv1a64(bytes);
    let digits = b"0123456789abcdef";
    (0..16).rev().map(|i| digits[((h >> (i * 4)) & 0xf) as usize] as char).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_vectors() {
        assert_eq!(super::fnv1a64_hex(b""), "cbf29ce484222325");
        assert_eq!(super::fnv1a64_hex(b"a"), "af63dc4c8601ec8c");
    }
}

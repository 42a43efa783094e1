//! A small zip writer for the LMS packages: deflated (or stored, when deflating does not help)
//! entries in the order given, with a fixed timestamp, so that the same files always give the
//! same bytes. No zip64: a package has far fewer than 65,535 files and 4 GiB.

use std::fmt;
use std::io::Write;

use flate2::write::DeflateEncoder;
use flate2::{Compression, Crc};

/// Why a zip could not be written.
#[derive(Debug, PartialEq, Eq)]
pub enum ZipError {
    /// The entry, or the archive so far, needs zip64, which this writer does not produce.
    TooLarge(String),
    /// An entry name that is empty, absolute, has a `..` segment or a backslash.
    BadName(String),
}

impl fmt::Display for ZipError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ZipError::TooLarge(name) => write!(f, "`{name}` makes the zip larger than 4 GiB or 65,535 files"),
            ZipError::BadName(name) => write!(f, "`{name}` is not a relative path with `/` separators"),
        }
    }
}

impl std::error::Error for ZipError {}

/// 1980-01-01 00:00:00, the earliest MS-DOS time a zip can hold.
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;
/// Bit 11: names are UTF-8.
const FLAGS: u16 = 1 << 11;
const VERSION_NEEDED: u16 = 20;
/// Made by Unix (3) so that unzip applies the permissions below.
const VERSION_MADE_BY: u16 = (3 << 8) | 20;
/// A regular file, rw-r--r--.
const EXTERNAL_ATTRIBUTES: u32 = 0o100644 << 16;
const STORED: u16 = 0;
const DEFLATED: u16 = 8;

struct Central {
    name: String,
    method: u16,
    crc: u32,
    compressed: u32,
    size: u32,
    offset: u32,
}

/// Builds a zip holding `entries` (`path`, contents), in that order.
pub fn zip(entries: &[(&str, &[u8])]) -> Result<Vec<u8>, ZipError> {
    if entries.len() > usize::from(u16::MAX) {
        return Err(ZipError::TooLarge(entries.last().map_or(String::new(), |e| e.0.to_string())));
    }
    let mut out = Vec::new();
    let mut central = Vec::with_capacity(entries.len());
    for &(name, bytes) in entries {
        if name.is_empty()
            || name.starts_with('/')
            || name.contains('\\')
            || name.split('/').any(|s| s == ".." || s.is_empty())
        {
            return Err(ZipError::BadName(name.to_string()));
        }
        let too_large = || ZipError::TooLarge(name.to_string());
        if name.len() > usize::from(u16::MAX) {
            return Err(too_large());
        }
        let mut crc = Crc::new();
        crc.update(bytes);
        let deflated = deflate(bytes);
        let (method, data) = if deflated.len() < bytes.len() { (DEFLATED, &deflated[..]) } else { (STORED, bytes) };
        let entry = Central {
            name: name.to_string(),
            method,
            crc: crc.sum(),
            compressed: u32::try_from(data.len()).map_err(|_| too_large())?,
            size: u32::try_from(bytes.len()).map_err(|_| too_large())?,
            offset: u32::try_from(out.len()).map_err(|_| too_large())?,
        };
        put32(&mut out, 0x0403_4b50);
        put16(&mut out, VERSION_NEEDED);
        put_common(&mut out, &entry);
        put16(&mut out, 0); // extra field length
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.push(entry);
    }
    let directory_offset = u32::try_from(out.len()).map_err(|_| ZipError::TooLarge("the central directory".into()))?;
    for entry in &central {
        put32(&mut out, 0x0201_4b50);
        put16(&mut out, VERSION_MADE_BY);
        put16(&mut out, VERSION_NEEDED);
        put_common(&mut out, entry);
        put16(&mut out, 0); // extra field length
        put16(&mut out, 0); // comment length
        put16(&mut out, 0); // disk number
        put16(&mut out, 0); // internal attributes
        put32(&mut out, EXTERNAL_ATTRIBUTES);
        put32(&mut out, entry.offset);
        out.extend_from_slice(entry.name.as_bytes());
    }
    let directory_size =
        u32::try_from(out.len()).map_err(|_| ZipError::TooLarge("the central directory".into()))? - directory_offset;
    let count = central.len() as u16; // checked against u16::MAX above
    put32(&mut out, 0x0605_4b50);
    put16(&mut out, 0); // this disk
    put16(&mut out, 0); // the disk the directory starts on
    put16(&mut out, count);
    put16(&mut out, count);
    put32(&mut out, directory_size);
    put32(&mut out, directory_offset);
    put16(&mut out, 0); // comment length
    Ok(out)
}

/// The fields the local header and the central directory share, from `flags` to the name length.
fn put_common(out: &mut Vec<u8>, entry: &Central) {
    put16(out, FLAGS);
    put16(out, entry.method);
    put16(out, DOS_TIME);
    put16(out, DOS_DATE);
    put32(out, entry.crc);
    put32(out, entry.compressed);
    put32(out, entry.size);
    // `zip` refused names longer than u16::MAX bytes.
    put16(out, entry.name.len() as u16);
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
    const WHY: &str = "writing to a Vec cannot fail";
    encoder.write_all(bytes).expect(WHY);
    encoder.finish().expect(WHY)
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

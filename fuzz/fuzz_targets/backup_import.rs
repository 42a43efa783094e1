//! The progress-backup importer on arbitrary text: a learner may pick any file. It must never
//! panic; a backup it accepts must survive being written again and read back.
#![no_main]

use hookwise_core::records::{decode_backup, encode_backup};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The browser reads the chosen file as UTF-8 with replacement characters.
    let text = String::from_utf8_lossy(data);
    if let Ok(progress) = decode_backup(&text) {
        let again = encode_backup(&progress, "fuzz", 0);
        assert_eq!(decode_backup(&again).as_ref(), Ok(&progress), "a re-exported backup reads back the same");
    }
});

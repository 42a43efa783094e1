//! The learner's first load: the catalogue at `/` (see `lib.rs`). Nothing else.

fn main() {
    // An xAPI launch may arrive here; the lesson pages send the statements.
    hookwise_web::launch::remember();
    hookwise::catalogue::start();
}

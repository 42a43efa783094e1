//! `[red-flags]`: the parts of a message or profile, marked as red flags or not.

use hookwise_core::lesson::Activity;

use crate::diagnostic::{Diagnostic, WithHelp};
use crate::markdown::Context;
use crate::options::{choices, region};

use super::prose;

pub(super) fn red_flags(ctx: &Context, heading: usize, lines: &[(usize, &str)], diagnostics: &mut Vec<Diagnostic>) -> (Vec<hookwise_core::lesson::Block>, Activity) {
    let region = region(ctx, lines, diagnostics);
    let intro = prose(ctx, region.prose, diagnostics);
    let items = choices(ctx, &region.items, diagnostics);
    if items.len() < 2 {
        diagnostics.push(
            ctx.src.error(heading, "a red-flag exercise needs at least two parts to choose from")
                .help("write each part of the message as `- [x] a red flag` or `- [ ] a harmless part`"),
        );
    } else if !items.iter().any(|c| c.correct) {
        diagnostics.push(ctx.src.error(heading, "this red-flag exercise has no red flags").help("mark the red flags with `- [x]`"));
    }
    (intro, Activity::RedFlags { items })
}

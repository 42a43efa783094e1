//! The slow hook: a practice scenario whose messages arrive over days. Each rung is a message
//! from the approacher after a delay in whole days, and the learner's choices: report it,
//! decline, or go along (which brings the next rung). It ends when the learner reports,
//! declines, or goes along past the last rung (hooked), with a debrief. Where a learner stands
//! is `schedule::HookRun`, stored with the re-check schedule.

use serde::{Deserialize, Serialize};

use crate::lesson::{Block, Inline};

/// A slow-hook scenario, as compiled from `### [slow-hook] Title`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SlowHook {
    /// Who the messages are from, as the catalogue names them ("New message from …").
    pub from: String,
    pub rungs: Vec<SlowRung>,
    /// Shown when the scenario ends, whatever the ending.
    pub debrief: Vec<Block>,
}

/// One message and the learner's options.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SlowRung {
    /// Days after the learner's previous decision that this message arrives (0 for the first).
    pub after_days: u32,
    pub title: String,
    pub content: Vec<Block>,
    pub choices: Vec<SlowOption>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SlowOption {
    pub kind: SlowChoice,
    pub text: Vec<Inline>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feedback: Vec<Inline>,
}

/// What the learner does with a message.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlowChoice {
    Report,
    Decline,
    GoAlong,
}

impl SlowChoice {
    pub const ALL: [SlowChoice; 3] = [SlowChoice::Report, SlowChoice::Decline, SlowChoice::GoAlong];

    /// As written in a lesson (`- [report] …`) and in the stored record.
    pub fn id(self) -> &'static str {
        match self {
            SlowChoice::Report => "report",
            SlowChoice::Decline => "decline",
            SlowChoice::GoAlong => "go-along",
        }
    }

    pub fn from_id(id: &str) -> Option<SlowChoice> {
        SlowChoice::ALL.into_iter().find(|c| c.id() == id)
    }

    /// What the learner's decision is called in the record of the rungs.
    pub fn label(self) -> &'static str {
        match self {
            SlowChoice::Report => "You reported it",
            SlowChoice::Decline => "You declined",
            SlowChoice::GoAlong => "You went along",
        }
    }
}

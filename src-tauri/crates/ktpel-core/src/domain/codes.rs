//! Code lists as SIAK uses them (shared/domain.md), and the service and channel of a request.

use serde::{Deserialize, Serialize};

/// The four services whose cards this desk prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    PerubahanData,
    Hilang,
    Rusak,
    Baru,
}

impl Service {
    pub const ALL: [Service; 4] = [Service::PerubahanData, Service::Hilang, Service::Rusak, Service::Baru];

    pub fn as_str(self) -> &'static str {
        match self {
            Service::PerubahanData => "perubahan_data",
            Service::Hilang => "hilang",
            Service::Rusak => "rusak",
            Service::Baru => "baru",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// Words for people (reports, UI).
    pub fn label(self) -> &'static str {
        match self {
            Service::PerubahanData => "Perubahan data",
            Service::Hilang => "Hilang",
            Service::Rusak => "Rusak",
            Service::Baru => "Baru",
        }
    }

    /// The old card is withdrawn and disabled at handover for these services.
    pub fn withdraws_old_card(self) -> bool {
        matches!(self, Service::PerubahanData | Service::Rusak)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Loket,
    Paktuwa,
    Online,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Loket, Channel::Paktuwa, Channel::Online];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Loket => "loket",
            Channel::Paktuwa => "paktuwa",
            Channel::Online => "online",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// In-office requests are served while the applicant waits; remote ones by the next working day.
    pub fn is_in_office(self) -> bool {
        matches!(self, Channel::Loket)
    }
}

pub const AGAMA: [&str; 7] =
    ["ISLAM", "KRISTEN", "KATHOLIK", "HINDU", "BUDHA", "KHONGHUCU", "KEPERCAYAAN TERHADAP TUHAN YME"];
pub const STATUS_PERKAWINAN: [&str; 4] = ["BELUM KAWIN", "KAWIN", "CERAI HIDUP", "CERAI MATI"];
pub const JENIS_KELAMIN: [&str; 2] = ["LAKI-LAKI", "PEREMPUAN"];
pub const KEWARGANEGARAAN: [&str; 2] = ["WNI", "WNA"];
pub const SEUMUR_HIDUP: &str = "SEUMUR HIDUP";

/// Blood group: A, B, AB, O with an optional + or − (ASCII '-' accepted for −), or "-" when unknown.
/// Returns the canonical spelling printed on the card.
pub fn golongan_darah(input: &str) -> Option<String> {
    let s = input.trim().to_uppercase().replace('−', "-");
    if s == "-" {
        return Some(s);
    }
    let (group, sign) = match s.strip_suffix('+') {
        Some(g) => (g, "+"),
        None => match s.strip_suffix('-') {
            Some(g) => (g, "-"),
            None => (s.as_str(), ""),
        },
    };
    matches!(group, "A" | "B" | "AB" | "O").then(|| format!("{group}{sign}"))
}

/// Normalises a code-list value (case, surrounding and doubled spaces) and checks it is listed.
pub fn listed(input: &str, list: &'static [&'static str]) -> Option<&'static str> {
    let norm = input.split_whitespace().collect::<Vec<_>>().join(" ").to_uppercase();
    list.iter().copied().find(|v| *v == norm)
}

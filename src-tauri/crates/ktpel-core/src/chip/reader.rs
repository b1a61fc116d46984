//! The PC/SC reader: pcsc-lite's daemon on Linux, WinSCard on Windows, through the `pcsc` crate.
//! The UID is asked with the PC/SC GET DATA command (FF CA 00 00 00, PC/SC part 3), which every
//! contactless reader driver answers for the card in its field.

use crate::error::{CoreError, Result};

/// What the readers of this PC hold now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tap {
    /// No PC/SC service or no reader attached: the desk works without chips.
    NoReader,
    /// A reader, but no card in its field.
    NoCard { reader: String },
    Uid { reader: String, uid: String },
}

/// What the window shows of the reader: which one, and the UID of the blank on it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct ChipTap {
    /// None: this PC has no reader (the desk prints without chips).
    pub reader: Option<String>,
    /// None: no blank on the reader.
    pub uid: Option<String>,
}

const GET_UID: [u8; 5] = [0xFF, 0xCA, 0x00, 0x00, 0x00];

fn words(e: pcsc::Error) -> CoreError {
    CoreError::invalid("pembaca chip", format!("{e}; periksa kabel pembaca dan layanan kartu pintar (pcscd / Smart Card), lalu coba lagi"))
}

/// One tap at a time in this process: two reads at once (the panel's and the print's) reset the
/// card under each other.
static ONE_TAP: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The UID of the card on the first reader that has one. A card reset or moved while it was
/// read (another program's reading, a hand that moved) is read again, a few times.
pub fn tap() -> Result<Tap> {
    let _one = ONE_TAP.lock().unwrap_or_else(|p| p.into_inner());
    let mut tries = 0;
    loop {
        match read_readers() {
            Ok(t) => return Ok(t),
            Err(Step::Fail(e)) => return Err(e),
            Err(Step::Again(e)) if tries < 3 => {
                tries += 1;
                log::debug!("pembaca chip: dibaca lagi ({e})");
                std::thread::sleep(std::time::Duration::from_millis(150));
            }
            Err(Step::Again(e)) => return Err(words(e)),
        }
    }
}

/// How one read of the readers ended when it gave no answer.
enum Step {
    /// The card was reset or moved under the read: read again.
    Again(pcsc::Error),
    Fail(CoreError),
}

impl From<CoreError> for Step {
    fn from(e: CoreError) -> Self {
        Step::Fail(e)
    }
}

fn read_readers() -> std::result::Result<Tap, Step> {
    // No smart-card service on this PC, or one that cannot list readers (a stub, a broken
    // install): there is no reader this desk could use, so it works without chips, as before a
    // reader was attached — and says why in its log.
    let ctx = match pcsc::Context::establish(pcsc::Scope::User) {
        Ok(ctx) => ctx,
        Err(pcsc::Error::NoService | pcsc::Error::ServiceStopped | pcsc::Error::NoReadersAvailable) => return Ok(Tap::NoReader),
        Err(e) => {
            log::info!("pembaca chip: layanan kartu pintar tidak dapat dipakai ({e}); mencetak tanpa chip");
            return Ok(Tap::NoReader);
        }
    };
    let readers = match ctx.list_readers_owned() {
        Ok(r) => r,
        Err(pcsc::Error::NoReadersAvailable | pcsc::Error::NoService | pcsc::Error::ServiceStopped) => return Ok(Tap::NoReader),
        Err(e) => {
            log::info!("pembaca chip: daftar pembaca tidak terbaca ({e}); mencetak tanpa chip");
            return Ok(Tap::NoReader);
        }
    };
    let Some(first) = readers.first() else { return Ok(Tap::NoReader) };
    for name in &readers {
        let shown = name.to_string_lossy().into_owned();
        let card = match ctx.connect(name, pcsc::ShareMode::Shared, pcsc::Protocols::ANY) {
            Ok(card) => card,
            Err(pcsc::Error::NoSmartcard | pcsc::Error::RemovedCard | pcsc::Error::UnresponsiveCard | pcsc::Error::UnpoweredCard) => continue,
            Err(e @ (pcsc::Error::ResetCard | pcsc::Error::SharingViolation)) => return Err(Step::Again(e)),
            Err(e) => return Err(Step::Fail(words(e))),
        };
        let mut buf = [0u8; pcsc::MAX_BUFFER_SIZE];
        let answer = match card.transmit(&GET_UID, &mut buf) {
            Ok(a) => a,
            Err(e @ (pcsc::Error::ResetCard | pcsc::Error::RemovedCard | pcsc::Error::SharingViolation | pcsc::Error::NoSmartcard)) => return Err(Step::Again(e)),
            Err(e) => return Err(Step::Fail(words(e))),
        };
        let (data, status) = answer.split_at(answer.len().saturating_sub(2));
        if status != [0x90, 0x00] {
            return Err(Step::Fail(CoreError::invalid(
                "pembaca chip",
                format!("chip pada {shown} tidak memberi UID (status {}); tempelkan blanko lagi, diam di atas pembaca", hex::encode_upper(status)),
            )));
        }
        let uid = super::normalize("pembaca chip", &hex::encode_upper(data))?;
        return Ok(Tap::Uid { reader: shown, uid });
    }
    Ok(Tap::NoCard { reader: first.to_string_lossy().into_owned() })
}

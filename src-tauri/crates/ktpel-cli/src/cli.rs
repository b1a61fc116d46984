//! The command line as clap sees it. Global options may stand before or after the subcommand.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use crate::cli_report::ReportCmd;

#[derive(Parser, Debug)]
#[command(name = "ktpel", version, about = "Stasiun Cetak KTP-el: print, register and hand over KTP-el cards")]
pub struct Cli {
    /// Database: a SQLite file or the office server's postgresql:// URL, password from PGPASSWORD
    /// or ~/.pgpass (also KTPEL_DB; default: the place the window's first start kept, else
    /// station.sqlite in the station's data folder)
    #[arg(long, global = true, env = "KTPEL_DB")]
    pub db: Option<PathBuf>,
    /// This desk's name, in its job names and beside its user in what it writes (also
    /// KTPEL_STATION; default: the name kept on this computer, else the computer's name)
    #[arg(long, global = true, value_name = "NAME", env = "KTPEL_STATION")]
    pub station: Option<String>,
    /// The user doing a mutating command; password from KTPEL_PASSWORD or a prompt
    #[arg(long = "as", global = true, value_name = "USER", env = "KTPEL_USER")]
    pub user: Option<String>,
    /// Machine-readable output
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create the database and its first admin (password from KTPEL_PASSWORD or a prompt)
    Init {
        #[arg(long, value_name = "NAME")]
        admin: String,
        #[arg(long, default_value = "Administrator")]
        full_name: String,
    },
    /// Write demo approved requests (made-up residents, drawn photos) to a JSON file
    Demo {
        #[arg(long)]
        out: std::path::PathBuf,
        #[arg(long, default_value_t = 8)]
        count: usize,
        #[arg(long, default_value = "DEMO-")]
        prefix: String,
    },
    /// Manage users (admin)
    #[command(subcommand)]
    User(UserCmd),
    /// Import approved requests from a JSON array or JSON Lines file
    Import {
        file: PathBuf,
        /// Mark the requests as demo data: their cards print SPESIMEN
        #[arg(long)]
        demo: bool,
    },
    /// Blank cards: receive and count
    #[command(subcommand)]
    Blanko(BlankoCmd),
    /// Write a request's card without printing: PDF, or the screen preview when FILE ends in .svg
    Preview {
        request_id: String,
        #[arg(long)]
        out: PathBuf,
        /// Apply this printer's calibration offset and specimen setting
        #[arg(long)]
        printer: Option<String>,
    },
    /// Print a request's card on a blank and follow the job
    Print(PrintArgs),
    /// Cancel the print job of a request that is still moving in the spooler (the blank stays
    /// reserved and the attempt open for its verdict)
    Cancel { request_id: String },
    /// Record the result of the open print attempt of a request
    Confirm(ConfirmArgs),
    /// Record the handover of a ready card
    Handover {
        request_id: String,
        #[arg(long)]
        recipient: String,
        /// The representative's relation to the applicant (when not handed to the applicant)
        #[arg(long, value_name = "RELATION")]
        representative: Option<String>,
        /// The old card was withdrawn and disabled (required for rusak and perubahan data)
        #[arg(long)]
        old_card_withdrawn: bool,
    },
    /// Requests waiting to print, with the time left against the service standard
    Queue,
    /// Find requests of every year by NIK (or its first digits), a name fragment or request id
    Find {
        /// NIK digits, at least 3 letters of a name, or a request id
        query: String,
    },
    /// The card register
    #[command(subcommand)]
    Register(RegisterCmd),
    /// The printers' ribbons: record a change, see what is left
    #[command(subcommand)]
    Ribbon(RibbonCmd),
    /// Print attempts still waiting for a verdict
    Attempts,
    /// Tie open attempts to what the spooler knows (after a crash or restart)
    Reconcile,
    /// Station settings
    #[command(subcommand)]
    Settings(SettingsCmd),
    /// Printers: CUPS queues and this station's calibration per printer
    #[command(subcommand)]
    Printer(PrinterCmd),
    /// Audit log
    #[command(subcommand)]
    Audit(AuditCmd),
    /// An office's server (--db postgresql://…): bring a single station's history in (admin)
    #[command(subcommand)]
    Office(OfficeCmd),
    /// Reprints of spoiled cards: the supervisor's decision
    #[command(subcommand)]
    Reprint(ReprintCmd),
    /// Reports: the daily blanko usage and its sign-off, the service standard (Kinerja), the monthly report upward, the berita acara pemusnahan
    #[command(subcommand)]
    Report(ReportCmd),
    /// The history of a request: every recorded action on it
    History { request_id: String },
    /// The approval system's feed: configure, one round, state
    #[command(subcommand)]
    Feed(FeedCmd),
    /// Daily backups in cadangan/ beside the database: make one now, list, restore (admin)
    #[command(subcommand)]
    Backup(BackupCmd),
    /// Citizens' data kept on this station: erase photos past their retention period (admin)
    #[command(subcommand)]
    Data(DataCmd),
}

#[derive(Subcommand, Debug)]
pub enum DataCmd {
    /// Erase the photos and signatures of requests handed over, refused or cancelled more than
    /// data.photo_retention_days ago (the app does it every hour too); each erasure is audited
    Purge,
    /// Encrypt a station file from before encryption, and its backups (admin; the app closed):
    /// all or nothing, checked table by table; shows the recovery key once
    Encrypt,
    /// Keep on this computer the key of an encrypted station file (moved or restored here), from
    /// its recovery key (KTPEL_RECOVERY_KEY or asked)
    Unlock,
    /// This build, the database it opened and every version of the station that has opened it,
    /// since when (an upgrade is checked by it; what the window's Tentang box shows)
    Versions,
}

#[derive(Subcommand, Debug)]
pub enum BackupCmd {
    /// Make (or replace) today's backup now
    Now,
    /// The backups, newest first
    List,
    /// Put a backup in place of the database (the current file is kept beside it as .rusak-…);
    /// works when the database itself no longer opens; --as an admin of the backup
    Restore {
        file: std::path::PathBuf,
        /// The backup comes from another PC: ask for its recovery key (or KTPEL_RECOVERY_KEY)
        #[arg(long)]
        recovery_key: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum FeedCmd {
    /// Where the approval system is (admin); the token from KTPEL_FEED_TOKEN or a prompt, never an argument
    Configure {
        #[arg(long)]
        url: String,
        #[arg(long, default_value_t = 60)]
        poll_seconds: u32,
        /// A call slower than this counts as failed (and is retried later)
        #[arg(long, default_value_t = 30)]
        timeout_seconds: u32,
    },
    /// One pull of approved requests and one push of status messages
    Sync,
    /// Last contact, pending messages, last error
    Status,
}

#[derive(Subcommand, Debug)]
pub enum ReprintCmd {
    /// Requests waiting for a reprint decision
    List,
    /// The spoiled attempt and the decisions so far
    Show { request_id: String },
    /// Approve the reprint (supervisor; not the one who printed or judged the spoiled card)
    Approve {
        request_id: String,
        #[arg(long)]
        note: String,
    },
    /// Refuse the reprint (supervisor): the request leaves the desk
    Refuse {
        request_id: String,
        #[arg(long)]
        note: String,
    },
}

#[derive(Args, Debug)]
pub struct AdjustArgs {
    /// Serials of the blanks concerned
    #[arg(required = true)]
    pub serials: Vec<String>,
    /// written_off (damaged in the box), lost (missing at a count), found (a lost one turned up)
    #[arg(long, value_parser = ["written_off", "lost", "found"])]
    pub kind: String,
    #[arg(long)]
    pub reason: String,
    /// The earlier day this corrects (e.g. a signed day)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub refers_to: Option<String>,
}

#[derive(Args, Debug)]
pub struct DestroyArgs {
    /// Serials of the disabled blanks destroyed
    #[arg(required = true)]
    pub serials: Vec<String>,
    /// Number of the destruction record (berita acara pemusnahan)
    #[arg(long)]
    pub record: String,
    /// Day of the destruction
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: String,
    /// A witness (give at least two)
    #[arg(long = "witness", required = true)]
    pub witnesses: Vec<String>,
    /// Also write the berita acara as an A4 PDF to this file
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum UserCmd {
    /// Add a user (password from KTPEL_NEW_PASSWORD or a prompt)
    Add {
        username: String,
        #[arg(long, value_parser = ["operator", "supervisor", "admin"])]
        role: String,
        #[arg(long)]
        full_name: Option<String>,
    },
    List,
}

#[derive(Subcommand, Debug)]
pub enum BlankoCmd {
    /// Record a receipt of blanks (supervisor or admin)
    Receive {
        /// The receipt's reference (berita acara / batch number)
        #[arg(long)]
        batch: String,
        /// FROM..TO, counting up the trailing digits
        #[arg(long, conflicts_with = "serials", required_unless_present = "serials")]
        range: Option<String>,
        /// A file with one serial per line, optionally followed by the blank's chip UID
        #[arg(long)]
        serials: Option<PathBuf>,
        /// The chip UID of a single blank received (--range S..S), when no reader is used
        #[arg(long)]
        chip: Option<String>,
    },
    /// Hand unused blanks to a desk of the office (supervisor or admin); --desk "" takes them
    /// back to the central stock
    HandOut {
        #[arg(long)]
        desk: String,
        /// FROM..TO, counting up the trailing digits
        #[arg(long)]
        range: String,
    },
    /// Blanks in stock and used
    Stock {
        /// One line for the office's daily announcement ("stok blanko hari ini")
        #[arg(long)]
        public: bool,
    },
    /// Today's stock as the office posts it: a square image (FILE.png, 1080 px) or an A4
    /// poster (FILE.pdf), with the office's name and the day
    Poster {
        #[arg(long)]
        out: PathBuf,
    },
    /// One blank's state
    Show { serial: String },
    /// A blank's whole life: ledger events and audited actions
    History { serial: String },
    /// Stock adjustment after a count (supervisor), never an edit
    Adjust(AdjustArgs),
    /// Spoiled cards whose corner was cut
    Disable {
        #[arg(required = true)]
        serials: Vec<String>,
    },
    /// Record a destruction (berita acara pemusnahan) of disabled blanks (supervisor)
    Destroy(DestroyArgs),
    /// Disabled blanks (corner cut) not yet destroyed: what the next berita acara lists
    ToDestroy,
}

#[derive(Args, Debug)]
pub struct PrintArgs {
    pub request_id: String,
    #[arg(long)]
    pub blanko: String,
    /// A CUPS queue name (on CUPS_SERVER) or a full ipp:// URI
    #[arg(long)]
    pub printer: String,
    /// Give up on the job after this many seconds (default: setting print.deadline_seconds)
    #[arg(long)]
    pub deadline: Option<u64>,
    /// The blank's chip UID, typed when no reader is used; without it the UID is read from the
    /// PC/SC reader (when this PC has one, the blank must lie on it)
    #[arg(long)]
    pub chip: Option<String>,
}

#[derive(Args, Debug)]
pub struct ConfirmArgs {
    pub request_id: String,
    /// The card came out right
    #[arg(long)]
    pub ok: bool,
    /// The card is spoiled: data_salah, gangguan_cetak, laminasi_mengelupas, chip_rusak, kartu_macet, lainnya
    #[arg(long, value_name = "REASON")]
    pub spoiled: Option<String>,
    /// The printer did not take a card: the blank returns to stock
    #[arg(long)]
    pub not_fed: bool,
    /// A note with --spoiled (required with lainnya)
    #[arg(long, default_value = "")]
    pub note: String,
}

#[derive(Subcommand, Debug)]
pub enum RegisterCmd {
    /// Register rows of a date (default today, in the office's zone)
    List {
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// Only rows whose number, NIK, name, blanko or request id contains this
        #[arg(long, default_value = "")]
        query: String,
    },
    /// Write the register of a date as CSV (register-DATE.csv) into a folder
    Export {
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        #[arg(long, default_value = "")]
        query: String,
        /// Default: KTPEL_EXPORT_DIR, else an `ekspor` folder beside the database
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Record where the year's paper register book ended (supervisor; once, before the year's
    /// first card in the station): the station's numbers continue after SEQ
    ContinueFrom {
        /// The last number written in the paper book
        seq: i64,
        #[arg(long)]
        year: i64,
        /// The book's title or archive number
        #[arg(long)]
        reference: String,
    },
    /// The paper register books the station continues, per year
    Carryovers,
}

#[derive(Subcommand, Debug)]
pub enum RibbonCmd {
    /// Record a new ribbon in PRINTER (the queue's name as `print --printer` takes it)
    Change {
        printer: String,
        /// Cards (panels) the new ribbon prints; default: setting ribbon.capacity (500)
        #[arg(long)]
        capacity: Option<u32>,
    },
    /// Per printer with a recorded ribbon: capacity, used, remaining
    Status,
}

#[derive(Subcommand, Debug)]
pub enum SettingsCmd {
    List,
    /// Change a setting (admin)
    Set { key: String, value: String },
}

#[derive(Subcommand, Debug)]
pub enum PrinterCmd {
    /// The queues of the CUPS server (CUPS_SERVER) with their state and this station's settings
    List,
    /// Calibration offset and specimen flag of a printer (admin)
    Set {
        name: String,
        #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
        offset_x: f32,
        #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
        offset_y: f32,
        #[arg(long)]
        specimen: bool,
    },
    /// Print the calibration card (mm grid and crosshair, shifted by the stored offset) on a test card (admin)
    Calibrate { name: String },
    /// Store what a remote print server needs (admin): the user and password when it asks for
    /// one (the password from KTPEL_CUPS_PASSWORD or a prompt, never an argument), the
    /// certificate file it is trusted by over TLS, or both
    Login {
        /// host or host:port, as CUPS_SERVER names it
        server: String,
        /// The print server's user (not the station user given with --as)
        #[arg(long = "user", value_name = "USER")]
        server_user: Option<String>,
        /// PEM file with the server's certificate (a CUPS server's own: /etc/cups/ssl/HOST.crt) or its CA
        #[arg(long, value_name = "FILE")]
        ca_file: Option<std::path::PathBuf>,
    },
    /// Forget the stored login of a print server (admin)
    Logout { server: String },
    /// The print servers with a stored login (never the passwords)
    Logins,
}

#[derive(Subcommand, Debug)]
pub enum OfficeCmd {
    /// Bring a single station's SQLite file (register, ledger, attempts, handovers, audit) into
    /// the office, all or nothing, as the desk named by --station; the file is not changed
    ImportStation { file: PathBuf },
}

#[derive(Subcommand, Debug)]
pub enum AuditCmd {
    /// Recompute the hash chain and report the first broken link
    Verify,
    /// The history of one subject, e.g. request:REQ-1 or batch:BA-7
    Show { subject: String },
}

//! The `report` subcommands as clap sees them: the daily usage report and its sign-off, and the
//! office's papers (service standard, the monthly report upward, the berita acara again).

use std::path::PathBuf;

use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum ReportCmd {
    /// Laporan pemakaian blanko harian for a date (default today, in the office's zone) or a span with --to
    Daily {
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// Last day of a span (inclusive)
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
        #[arg(long, default_value = "json", value_parser = ["pdf", "csv", "xlsx", "json"])]
        format: String,
        /// File to write (required for pdf and xlsx; json and csv go to standard output without it)
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Sign off a finished day (supervisor): its report is frozen as signed
    Sign {
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
    },
    /// The service standard (Kinerja): each request's step times and the share on time per step,
    /// officer and channel, for a day (default today) or a month
    Service {
        #[arg(long, value_name = "YYYY-MM-DD", conflicts_with = "month")]
        date: Option<String>,
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<String>,
        #[arg(long, default_value = "json", value_parser = ["pdf", "json"])]
        format: String,
        /// File to write (required for pdf; json goes to standard output without it)
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// The monthly blank usage and destruction summary for the bupati and the governor
    Monthly {
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        #[arg(long, default_value = "pdf", value_parser = ["pdf", "xlsx", "json"])]
        format: String,
        /// File to write (required for pdf and xlsx)
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// The berita acara pemusnahan of a recorded destruction, again (A4 PDF); without a number,
    /// the year's destruction records
    Destruction {
        /// The record's number (list them by leaving it out)
        record: Option<String>,
        /// The file to write the record's berita acara to (required with a number)
        #[arg(long)]
        out: Option<PathBuf>,
        /// The year listed (default this year)
        #[arg(long, conflicts_with = "record")]
        year: Option<i32>,
    },
}

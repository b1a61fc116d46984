//! Where a printer is. A name is a CUPS queue on the server `CUPS_SERVER` names (host, host:port,
//! or a socket path), as CUPS's own tools do; a full `ipp://` URI names any IPP printer or queue,
//! `ipps://` one reached over TLS from the first byte. On Windows a name is a printer of the
//! Windows spooler (its driver draws the card), whatever `CUPS_SERVER` says.

use std::path::PathBuf;

use super::SpoolError;

pub const DEFAULT_SOCKET: &str = "/run/cups/cups.sock";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// `tls`: TLS from the first byte (an ipps:// URI). A plain endpoint still turns to TLS when
    /// the server answers 426 Upgrade Required, as CUPS does before it takes a password.
    Tcp { host: String, port: u16, tls: bool },
    Unix(PathBuf),
    /// The Windows spooler of this PC (printer names as Windows shows them).
    Windows,
}

/// How `Endpoint::Windows` is recorded with an attempt.
pub const WINDOWS: &str = "winspool";

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            // The server as CUPS_SERVER names it (TLS is a property of the connection, not of the
            // server): what attempts record and logins are stored under.
            Endpoint::Tcp { host, port, .. } if host.contains(':') => write!(f, "[{host}]:{port}"),
            Endpoint::Tcp { host, port, .. } => write!(f, "{host}:{port}"),
            Endpoint::Unix(p) => write!(f, "{}", p.display()),
            Endpoint::Windows => f.write_str(WINDOWS),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrinterTarget {
    pub endpoint: Endpoint,
    /// HTTP path of the printer, e.g. /printers/KARTU-1
    pub path: String,
    /// What we show and record: the queue name, or the URI as given.
    pub display: String,
}

impl PrinterTarget {
    /// `server` is the value of CUPS_SERVER when set.
    pub fn parse(spec: &str, server: Option<&str>) -> Result<Self, SpoolError> {
        let bad = |reason: &str| SpoolError::BadTarget { target: spec.to_string(), reason: reason.to_string() };
        let spec = spec.trim();
        let tls = spec.starts_with("ipps://") || spec.starts_with("https://");
        if let Some(rest) = spec.strip_prefix("ipp://").or_else(|| spec.strip_prefix("http://")).or_else(|| spec.strip_prefix("ipps://")).or_else(|| spec.strip_prefix("https://")) {
            let (authority, path) = match rest.find('/') {
                Some(i) => (&rest[..i], &rest[i..]),
                None => return Err(bad("URI tanpa jalur printer, mis. ipp://host:631/printers/NAMA")),
            };
            let (host, port) = split_host_port(authority, 631).ok_or_else(|| bad("host atau port tidak sah"))?;
            return Ok(PrinterTarget { endpoint: Endpoint::Tcp { host, port, tls }, path: path.to_string(), display: spec.to_string() });
        }
        if spec.contains("://") {
            return Err(bad("hanya nama antrean CUPS atau URI ipp:// / ipps:// yang didukung"));
        }
        if cfg!(windows) || server.is_some_and(|s| s.trim() == WINDOWS) {
            return windows_printer(spec).ok_or_else(|| bad("nama printer Windows kosong, terlalu panjang atau berisi karakter kendali"));
        }
        if spec.is_empty() || spec.len() > 127 || !spec.chars().all(|c| c.is_ascii_graphic() && c != '/' && c != '#') {
            return Err(bad("nama antrean hanya huruf, angka, - dan _ (tanpa spasi atau /)"));
        }
        let endpoint = server_endpoint(server).map_err(|r| bad(&r))?;
        Ok(PrinterTarget { endpoint, path: format!("/printers/{spec}"), display: spec.to_string() })
    }

    /// Rebuilds a target recorded earlier (server as `Endpoint` displays it, the HTTP path, and
    /// the printer as given, whose ipps:// says the connection was TLS).
    pub fn from_record(server: &str, path: &str, display: &str) -> Result<Self, SpoolError> {
        let mut endpoint = server_endpoint(Some(server)).map_err(|reason| SpoolError::BadTarget { target: display.to_string(), reason })?;
        if let Endpoint::Tcp { tls, .. } = &mut endpoint {
            *tls = display.starts_with("ipps://") || display.starts_with("https://");
        }
        Ok(PrinterTarget { endpoint, path: path.to_string(), display: display.to_string() })
    }

    /// The queue name as CUPS knows it (the last path segment); a Windows printer's whole name.
    pub fn queue(&self) -> &str {
        if self.endpoint == Endpoint::Windows {
            return &self.path;
        }
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// The printer-uri attribute IPP requests carry.
    pub fn printer_uri(&self) -> String {
        match &self.endpoint {
            Endpoint::Tcp { host, port, tls } => format!("{}://{host}:{port}{}", if *tls { "ipps" } else { "ipp" }, self.path),
            Endpoint::Unix(_) => format!("ipp://localhost{}", self.path),
            Endpoint::Windows => self.path.clone(),
        }
    }
}

/// A printer of the Windows spooler: its name as Windows shows it (spaces and a `\\server\`
/// prefix allowed; at most 220 characters, no control characters).
fn windows_printer(name: &str) -> Option<PrinterTarget> {
    let ok = !name.is_empty() && name.chars().count() <= 220 && !name.chars().any(char::is_control);
    ok.then(|| PrinterTarget { endpoint: Endpoint::Windows, path: name.to_string(), display: name.to_string() })
}

/// CUPS_SERVER from the environment, as CUPS's own tools read it (unset or empty: the local socket).
pub fn server_from_env() -> Option<String> {
    std::env::var("CUPS_SERVER").ok().filter(|s| !s.trim().is_empty())
}

/// The spooler this PC prints through: Windows's own on Windows (its printers are what the
/// driver installed, whatever `CUPS_SERVER` says); elsewhere CUPS at `CUPS_SERVER` or the socket.
pub fn local_endpoint() -> Result<Endpoint, String> {
    if cfg!(windows) {
        return Ok(Endpoint::Windows);
    }
    server_endpoint(server_from_env().as_deref())
}

/// CUPS_SERVER as CUPS reads it: an absolute path is a domain socket; otherwise host[:port].
/// `winspool` (as attempts record it) is the Windows spooler.
pub fn server_endpoint(server: Option<&str>) -> Result<Endpoint, String> {
    match server.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(Endpoint::Unix(PathBuf::from(DEFAULT_SOCKET))),
        Some(WINDOWS) => Ok(Endpoint::Windows),
        Some(s) if s.starts_with('/') => Ok(Endpoint::Unix(PathBuf::from(s))),
        Some(s) => split_host_port(s, 631).map(|(host, port)| Endpoint::Tcp { host, port, tls: false }).ok_or_else(|| format!("CUPS_SERVER '{s}' tidak sah")),
    }
}

fn split_host_port(authority: &str, default_port: u16) -> Option<(String, u16)> {
    if authority.is_empty() {
        return None;
    }
    // [::1]:631
    if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(p) => p.parse().ok()?,
            None if after.is_empty() => default_port,
            None => return None,
        };
        return Some((host.to_string(), port));
    }
    match authority.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() => Some((host.to_string(), port.parse().ok()?)),
        Some(_) => None,
        None => Some((authority.to_string(), default_port)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_names_use_cups_server() {
        let t = PrinterTarget::parse("KARTU-1", Some("127.0.0.1:8631")).unwrap();
        assert_eq!(t.endpoint, Endpoint::Tcp { host: "127.0.0.1".into(), port: 8631, tls: false });
        assert_eq!(t.printer_uri(), "ipp://127.0.0.1:8631/printers/KARTU-1");
        let t = PrinterTarget::parse("KARTU-1", Some("/tmp/cups.sock")).unwrap();
        assert_eq!(t.endpoint, Endpoint::Unix("/tmp/cups.sock".into()));
        let t = PrinterTarget::parse("KARTU-1", None).unwrap();
        assert_eq!(t.endpoint, Endpoint::Unix(DEFAULT_SOCKET.into()));
    }

    #[test]
    fn uris_and_bad_names() {
        let t = PrinterTarget::parse("ipp://10.1.2.3/printers/X", None).unwrap();
        assert_eq!(t.endpoint, Endpoint::Tcp { host: "10.1.2.3".into(), port: 631, tls: false });
        assert_eq!(t.queue(), "X");
        let t = PrinterTarget::parse("ipps://cetak.kantor/printers/KARTU-1", None).unwrap();
        assert_eq!(t.endpoint, Endpoint::Tcp { host: "cetak.kantor".into(), port: 631, tls: true });
        assert_eq!(t.printer_uri(), "ipps://cetak.kantor:631/printers/KARTU-1");
        let again = PrinterTarget::from_record(&t.endpoint.to_string(), &t.path, &t.display).unwrap();
        assert_eq!(again, t, "a recorded ipps target is TLS again");
        assert!(PrinterTarget::parse("lpd://x/y", None).is_err());
        assert!(PrinterTarget::parse("a b", None).is_err());
        assert!(PrinterTarget::parse("ipp://host", None).is_err());
    }

    #[test]
    fn a_windows_printer_is_recorded_and_found_again() {
        let t = PrinterTarget::parse("HID FARGO DTC1500", Some(WINDOWS)).unwrap();
        assert_eq!((t.endpoint.clone(), t.queue()), (Endpoint::Windows, "HID FARGO DTC1500"));
        let again = PrinterTarget::from_record(&t.endpoint.to_string(), &t.path, &t.display).unwrap();
        assert_eq!(again, t);
        assert!(PrinterTarget::parse("kartu\u{7}", Some(WINDOWS)).is_err());
    }
}

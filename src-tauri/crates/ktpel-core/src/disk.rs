//! Facts about the disks the station writes to, asked of the operating system: how much space is
//! free (a backup is not started on a disk that cannot hold it) and whether two folders are on
//! one device (a second backup place on the same disk dies with the first).

use std::path::Path;

/// Bytes free to this user and the disk's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Space {
    pub free: u64,
    pub total: u64,
}

#[cfg(unix)]
pub fn space(path: &Path) -> std::io::Result<Space> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: a NUL-terminated path and a zeroed struct statvfs fills.
    if unsafe { libc::statvfs(c.as_ptr(), &mut s) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    let unit = s.f_frsize as u64;
    Ok(Space { free: s.f_bavail as u64 * unit, total: s.f_blocks as u64 * unit })
}

#[cfg(windows)]
pub fn space(path: &Path) -> std::io::Result<Space> {
    use std::os::windows::ffi::OsStrExt;
    use windows_sys::Win32::Storage::FileSystem::GetDiskFreeSpaceExW;
    let wide: Vec<u16> = path.as_os_str().encode_wide().chain(std::iter::once(0)).collect();
    let (mut free, mut total, mut all_free) = (0u64, 0u64, 0u64);
    // SAFETY: a NUL-terminated path; three u64 outputs.
    if unsafe { GetDiskFreeSpaceExW(wide.as_ptr(), &mut free, &mut total, &mut all_free) } == 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(Space { free, total })
}

/// Whether `a` and `b` (existing folders) are on one device.
#[cfg(unix)]
pub fn same_device(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    Ok(std::fs::metadata(a)?.dev() == std::fs::metadata(b)?.dev())
}

/// Whether `a` and `b` (existing folders) are on one device: the same drive letter or the same
/// network share, once the paths are resolved.
#[cfg(windows)]
pub fn same_device(a: &Path, b: &Path) -> std::io::Result<bool> {
    let root = |p: &Path| -> std::io::Result<String> {
        let full = std::fs::canonicalize(p)?;
        Ok(match full.components().next() {
            Some(std::path::Component::Prefix(prefix)) => prefix.as_os_str().to_string_lossy().to_uppercase(),
            _ => String::new(),
        })
    };
    Ok(root(a)? == root(b)?)
}

/// Megabytes, as the officer reads them.
pub fn mb(bytes: u64) -> String {
    format!("{} MB", bytes.div_ceil(1024 * 1024))
}

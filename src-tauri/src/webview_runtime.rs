//! The window's web engine must be on the PC before a window is made. On Linux it is a package
//! dependency (WebKitGTK). On Windows it is the Microsoft Edge WebView2 Runtime, which Windows 11
//! ships and Windows 10 may lack, or lose to a broken update; without it the window cannot be
//! made and a program without a console would vanish without a word. So it is asked first, and
//! when it is missing the officer is told in a message box (and the log) what to install.

/// Where the runtime is downloaded (Microsoft's Evergreen bootstrapper).
#[cfg_attr(not(windows), allow(dead_code))]
const DOWNLOAD: &str = "https://go.microsoft.com/fwlink/p/?LinkId=2124703";

/// The officer's words when the runtime could not be found (`why` is the system's reason).
#[cfg_attr(not(windows), allow(dead_code))]
fn missing_words(why: &str) -> String {
    format!(
        "Stasiun Cetak KTP-el tidak dapat membuka jendelanya: Microsoft Edge WebView2 Runtime tidak ada di komputer ini ({why}).\n\n\
         Pasang WebView2 Runtime dari {DOWNLOAD} (atau minta admin TI memasangnya), lalu buka aplikasi ini lagi.\n\n\
         Perintah ktpel.exe tetap dapat dipakai tanpa jendela."
    )
}

/// Ok when the window can be made; else the words to tell.
pub fn check() -> Result<(), String> {
    #[cfg(windows)]
    if let Err(e) = tauri::webview_version() {
        return Err(missing_words(&e.to_string()));
    }
    Ok(())
}

/// Logs `words` and shows them in a message box (Windows; elsewhere the log is the console).
pub fn tell(words: &str) {
    log::error!("{}", words.replace("\n\n", " "));
    #[cfg(windows)]
    {
        use windows_sys::Win32::UI::WindowsAndMessaging::{MessageBoxW, MB_ICONERROR, MB_OK};
        let wide = |s: &str| s.encode_utf16().chain(std::iter::once(0)).collect::<Vec<u16>>();
        let (text, title) = (wide(words), wide("Stasiun Cetak KTP-el"));
        // SAFETY: both strings are NUL-terminated and outlive the call; no owner window.
        unsafe { MessageBoxW(std::ptr::null_mut(), text.as_ptr(), title.as_ptr(), MB_OK | MB_ICONERROR) };
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_missing_runtime_is_named_with_where_to_get_it() {
        let words = super::missing_words("kode 0x80070002");
        assert!(words.contains("WebView2 Runtime") && words.contains(super::DOWNLOAD) && words.contains("0x80070002"), "{words}");
    }
}

//! What a person does to a window that WebDriver cannot: its close button. WebKitWebDriver's
//! "close window" drops the page and ends the session when it was the last one, which is not
//! what the app sees when the officer clicks ×. The window manager turns that click into the
//! WM_DELETE_WINDOW message; Xvfb runs no window manager, so the test sends the message itself,
//! through the X library the app's toolkit uses (loaded at run time, as the app loads it).

use std::ffi::{CStr, CString};

use x11_dl::xlib;

/// Asks every window titled exactly `title` on `display` to close, as its close button does.
/// The number of windows asked.
pub fn close_like_its_button(display: &str, title: &str) -> usize {
    let xl = xlib::Xlib::open().expect("libX11 (the app's toolkit needs it too)");
    let name = CString::new(display).expect("display name");
    // SAFETY: plain Xlib calls on a display this function opens and closes; every pointer Xlib
    // hands back is checked and freed with XFree as its manual says.
    unsafe {
        let dpy = (xl.XOpenDisplay)(name.as_ptr());
        assert!(!dpy.is_null(), "cannot open X display {display}");
        let protocols = (xl.XInternAtom)(dpy, c"WM_PROTOCOLS".as_ptr(), 0);
        let delete = (xl.XInternAtom)(dpy, c"WM_DELETE_WINDOW".as_ptr(), 0);
        let mut asked = 0;
        for w in all_windows(&xl, dpy, (xl.XDefaultRootWindow)(dpy)) {
            let mut got: *mut libc::c_char = std::ptr::null_mut();
            if (xl.XFetchName)(dpy, w, &mut got) == 0 || got.is_null() {
                continue;
            }
            let same = CStr::from_ptr(got).to_bytes() == title.as_bytes();
            (xl.XFree)(got.cast());
            if !same {
                continue;
            }
            let mut data = xlib::ClientMessageData::new();
            data.set_long(0, delete as libc::c_long);
            data.set_long(1, xlib::CurrentTime as libc::c_long);
            let message = xlib::XClientMessageEvent {
                type_: xlib::ClientMessage,
                serial: 0,
                send_event: 1,
                display: dpy,
                window: w,
                message_type: protocols,
                format: 32,
                data,
            };
            let mut event = xlib::XEvent { client_message: message };
            (xl.XSendEvent)(dpy, w, 0, xlib::NoEventMask, &mut event);
            asked += 1;
        }
        (xl.XFlush)(dpy);
        (xl.XCloseDisplay)(dpy);
        asked
    }
}

/// Every window under `root`, depth first.
unsafe fn all_windows(xl: &xlib::Xlib, dpy: *mut xlib::Display, root: xlib::Window) -> Vec<xlib::Window> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(w) = stack.pop() {
        let (mut parent, mut up) = (0, 0);
        let mut children: *mut xlib::Window = std::ptr::null_mut();
        let mut n = 0u32;
        // SAFETY: XQueryTree fills the out-parameters; the children array is freed below.
        if unsafe { (xl.XQueryTree)(dpy, w, &mut up, &mut parent, &mut children, &mut n) } != 0 && !children.is_null() {
            // SAFETY: Xlib returned `n` windows at `children`.
            stack.extend_from_slice(unsafe { std::slice::from_raw_parts(children, n as usize) });
            unsafe { (xl.XFree)(children.cast()) };
        }
        out.push(w);
    }
    out
}

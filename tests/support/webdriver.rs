//! A small W3C WebDriver client (the few commands the window tests need), spoken over HTTP to
//! tauri-driver, which forwards to WebKitWebDriver driving the app's real WebKitGTK window.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Session {
    base: String,
    id: String,
}

fn call(method: &str, url: &str, body: Option<Value>) -> Result<Value, String> {
    let req = ureq::request(method, url).timeout(Duration::from_secs(60));
    let res = match body {
        Some(b) => req.send_json(b),
        None => req.call(),
    };
    match res {
        Ok(r) => r.into_json::<Value>().map(|v| v["value"].clone()).map_err(|e| e.to_string()),
        Err(ureq::Error::Status(code, r)) => Err(format!("HTTP {code}: {}", r.into_string().unwrap_or_default())),
        Err(e) => Err(e.to_string()),
    }
}

impl Session {
    /// Starts the app at `application` through the driver at `driver` (http://127.0.0.1:PORT).
    pub fn start(driver: &str, application: &Path) -> Session {
        let caps = json!({ "capabilities": { "alwaysMatch": { "tauri:options": { "application": application } } } });
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            match call("POST", &format!("{driver}/session"), Some(caps.clone())) {
                Ok(v) => {
                    let id = v["sessionId"].as_str().expect("session id").to_string();
                    return Session { base: format!("{driver}/session/{id}"), id };
                }
                Err(e) if Instant::now() < deadline => {
                    eprintln!("webdriver: waiting for the driver ({e})");
                    std::thread::sleep(Duration::from_millis(500));
                }
                Err(e) => panic!("webdriver: no session: {e}"),
            }
        }
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        call(method, &format!("{}{path}", self.base), body)
    }

    /// The elements matching `css` now.
    pub fn all(&self, css: &str) -> Vec<String> {
        let v = self.cmd("POST", "/elements", Some(json!({ "using": "css selector", "value": css }))).unwrap_or(Value::Null);
        v.as_array().map(|a| a.iter().filter_map(|e| e[ELEMENT].as_str().map(String::from)).collect()).unwrap_or_default()
    }

    /// The first element matching `css`, waiting up to 20 s for it.
    pub fn find(&self, css: &str) -> String {
        self.wait(&format!("element {css}"), || self.all(css).into_iter().next())
    }

    /// Waits up to 20 s for `f` to give something; panics with `what` and a page dump otherwise.
    pub fn wait<T>(&self, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(v) = f() {
                return v;
            }
            if Instant::now() > deadline {
                panic!("webdriver: timed out waiting for {what}; page text:\n{}", self.page_text());
            }
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    pub fn click(&self, css: &str) {
        self.click_in(css, false);
    }

    /// Clicks a button that closes the window it is in: the driver may answer "no such window"
    /// when the window went before the click's answer did — the click's very effect.
    pub fn click_to_close(&self, css: &str) {
        self.click_in(css, true);
    }

    fn click_in(&self, css: &str, closes: bool) {
        let el = self.find(css);
        let mut last = String::new();
        let done = (0..60).any(|_| match self.cmd("POST", &format!("/element/{el}/click"), Some(json!({}))) {
            Ok(_) => true,
            Err(e) if closes && e.contains("no such window") => true,
            Err(e) => {
                // WebKitWebDriver does not scroll nested scroll areas: bring the element to the middle.
                if e.contains("not interactable") {
                    let _ = self.cmd("POST", "/execute/sync", Some(json!({ "script": "arguments[0].scrollIntoView({ block: 'center' });", "args": [{ ELEMENT: el }] })));
                }
                last = e;
                std::thread::sleep(Duration::from_millis(200));
                false
            }
        });
        assert!(done, "webdriver: cannot click {css}: {last}\npage text:\n{}", self.page_text());
    }

    /// Types into the element `css` names. A screen drawn again between finding the element and
    /// typing (the window redraws when the office's zone arrives) makes it stale: found again.
    pub fn type_into(&self, css: &str, text: &str) {
        let mut tries = 0;
        loop {
            let el = self.find(css);
            match self.cmd("POST", &format!("/element/{el}/value"), Some(json!({ "text": text }))) {
                Ok(_) => return,
                Err(e) if e.contains("stale element") && tries < 5 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(200));
                }
                Err(e) => panic!("type into {css}: {e}"),
            }
        }
    }

    pub fn clear(&self, css: &str) {
        let el = self.find(css);
        self.cmd("POST", &format!("/element/{el}/clear"), Some(json!({}))).unwrap_or_else(|e| panic!("clear {css}: {e}"));
    }

    /// The visible text of the first element matching `css` ("" if none).
    pub fn text(&self, css: &str) -> String {
        self.all(css).first().and_then(|el| self.cmd("GET", &format!("/element/{el}/text"), None).ok()).and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
    }

    /// Waits until the text of `css` contains `needle`; returns the text.
    pub fn wait_text(&self, css: &str, needle: &str) -> String {
        self.wait(&format!("'{needle}' in {css}"), || Some(self.text(css)).filter(|t| t.contains(needle)))
    }

    pub fn page_text(&self) -> String {
        self.all("body").first().and_then(|el| self.cmd("GET", &format!("/element/{el}/text"), None).ok()).and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
    }

    pub fn enabled(&self, css: &str) -> bool {
        let el = self.find(css);
        self.cmd("GET", &format!("/element/{el}/enabled"), None).ok().and_then(|v| v.as_bool()).unwrap_or(false)
    }

    /// Runs async JavaScript in the page; the script calls `arguments[arguments.length - 1](value)`.
    pub fn run_async(&self, script: &str, args: Value) -> Value {
        self.cmd("POST", "/execute/async", Some(json!({ "script": script, "args": args }))).unwrap_or_else(|e| panic!("script: {e}"))
    }

    /// Sets a <select>'s value as a person choosing an option would (the change event fires).
    pub fn choose(&self, css: &str, value: &str) {
        // The options may arrive after the list itself (the printers are asked of the spooler).
        let option = format!("{css} option[value='{value}']");
        self.wait(&option, || (!self.all(&option).is_empty()).then_some(()));
        let script = "const [css, v, done] = arguments; const s = document.querySelector(css); s.value = v; \
                      s.dispatchEvent(new Event('change', { bubbles: true })); done(s.value);";
        let got = self.run_async(script, json!([css, value]));
        assert_eq!(got, json!(value), "option {value} not in {css}");
    }

    /// The window's place and size: (x, y, width, height).
    pub fn window_rect(&self) -> (i64, i64, i64, i64) {
        let v = self.cmd("GET", "/window/rect", None).unwrap_or_else(|e| panic!("window rect: {e}"));
        let n = |k: &str| v[k].as_f64().unwrap_or(f64::NAN) as i64;
        (n("x"), n("y"), n("width"), n("height"))
    }

    /// Moves and resizes the window, as the officer dragging it would.
    pub fn set_window_rect(&self, x: i64, y: i64, width: i64, height: i64) {
        self.cmd("POST", "/window/rect", Some(json!({ "x": x, "y": y, "width": width, "height": height }))).unwrap_or_else(|e| panic!("set window rect: {e}"));
    }

    /// Closes the window as its close button does (the app ends with its last window).
    pub fn close_window(&self) {
        let _ = self.cmd("DELETE", "/window", None);
    }

    /// The handles of the app's windows the driver knows.
    pub fn window_handles(&self) -> Vec<String> {
        let v = self.cmd("GET", "/window/handles", None).unwrap_or(Value::Null);
        v.as_array().map(|a| a.iter().filter_map(|h| h.as_str().map(String::from)).collect()).unwrap_or_default()
    }

    /// The window the next commands go to.
    pub fn switch_to_window(&self, handle: &str) {
        self.cmd("POST", "/window", Some(json!({ "handle": handle }))).unwrap_or_else(|e| panic!("switch to window {handle}: {e}"));
    }

    pub fn window_handle(&self) -> String {
        self.cmd("GET", "/window", None).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
    }

    pub fn id(&self) -> &str {
        &self.id
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = call("DELETE", &self.base, None);
    }
}

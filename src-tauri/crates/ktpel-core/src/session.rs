//! Who is at the desk: the user who logged in, until they log out or leave the station idle for
//! longer than the configured minutes. A locked session refuses every action until the password
//! is entered again, so an unattended PC cannot print or hand over in someone else's name.

use std::time::{Duration, Instant};

use crate::auth::Actor;
use crate::error::{CoreError, Result};

/// What the window learns at log-in: who, and after how many idle minutes the screen locks.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct SessionInfo {
    pub actor: Actor,
    pub idle_lock_minutes: u32,
}

#[derive(Debug, Default)]
pub struct Session {
    user: Option<Actor>,
    last_seen: Option<Instant>,
    idle_minutes: u32,
}

impl Session {
    /// A user proved their password at `now`; they stay until idle for `idle_minutes`.
    pub fn start(&mut self, actor: Actor, idle_minutes: u32, now: Instant) {
        *self = Session { user: Some(actor), last_seen: Some(now), idle_minutes: idle_minutes.max(1) };
    }

    pub fn end(&mut self) {
        *self = Session::default();
    }

    /// The user at the desk, counting this call as activity; locks the session if it was idle
    /// too long (the lock is final: only a new log-in opens it).
    pub fn actor(&mut self, now: Instant) -> Result<Actor> {
        let (Some(user), Some(seen)) = (&self.user, self.last_seen) else { return Err(CoreError::NotLoggedIn) };
        let limit = Duration::from_secs(self.idle_minutes as u64 * 60);
        if now.saturating_duration_since(seen) > limit {
            let minutes = self.idle_minutes;
            self.end();
            return Err(CoreError::SessionLocked { minutes });
        }
        let user = user.clone();
        self.last_seen = Some(now.max(seen));
        Ok(user)
    }

    /// The user at the desk for a read the window makes by itself (a periodic refresh): the lock
    /// applies, but the read does not count as activity, or an open screen would never lock.
    pub fn peek(&mut self, now: Instant) -> Result<Actor> {
        let seen = self.last_seen;
        let actor = self.actor(now)?;
        self.last_seen = seen;
        Ok(actor)
    }

    /// The idle limit changed in the settings: it applies from now on.
    pub fn set_idle_minutes(&mut self, minutes: u32) {
        self.idle_minutes = minutes.max(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;

    fn op() -> Actor {
        Actor { username: "op".into(), full_name: "Op".into(), role: Role::Operator, desk: "meja-1".into() }
    }

    #[test]
    fn activity_keeps_the_session_and_idleness_locks_it() {
        let t0 = Instant::now();
        let mut s = Session::default();
        assert_eq!(s.actor(t0).unwrap_err().code(), "not_logged_in");
        s.start(op(), 5, t0);
        // Active every four minutes for twenty minutes: still logged in.
        for k in 1..=5 {
            assert_eq!(s.actor(t0 + Duration::from_secs(240 * k)).unwrap().username, "op");
        }
        // Then five minutes and one second without activity: locked, and it stays locked.
        let late = t0 + Duration::from_secs(1200 + 301);
        assert_eq!(s.actor(late).unwrap_err().code(), "session_locked");
        assert_eq!(s.actor(late).unwrap_err().code(), "not_logged_in");
    }

    #[test]
    fn refreshes_do_not_keep_an_idle_session_open() {
        let t0 = Instant::now();
        let mut s = Session::default();
        s.start(op(), 5, t0);
        // The queue refreshes itself every 10 s for six minutes; nobody touches the desk.
        for k in 1..=30 {
            assert!(s.peek(t0 + Duration::from_secs(10 * k)).is_ok());
        }
        assert_eq!(s.peek(t0 + Duration::from_secs(301)).unwrap_err().code(), "session_locked");
    }

    #[test]
    fn log_out_ends_the_session() {
        let t0 = Instant::now();
        let mut s = Session::default();
        s.start(op(), 5, t0);
        s.end();
        assert_eq!(s.actor(t0).unwrap_err().code(), "not_logged_in");
    }
}

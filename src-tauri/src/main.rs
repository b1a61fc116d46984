//! Entry point of the desktop station.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    stasiun_cetak_lib::run();
}

//! The desktop shell: Tauri commands that only adapt (arguments in, a call into `ktpel_core`, the
//! error mapped to `UiError`). All logic lives in the core; see `commands/` for the commands by
//! screen and `state.rs` for what they share.

mod backup;
mod commands;
mod error;
mod feed;
mod lobby_window;
mod logging;
mod retention;
mod single_instance;
mod state;
mod webview_memory;
mod webview_runtime;
mod window_place;

use ktpel_core::station::opening;

pub use error::UiError;
use state::AppState;

pub fn run() {
    // First of all, so whatever happens next is in the file a supervisor can look at.
    logging::start();
    log::info!("{} {} starting; log file {}", ktpel_core::about::PRODUCT, ktpel_core::about::VERSION, ktpel_core::paths::log_file().display());
    // A window without a console dies silently on a panic; the log keeps why.
    std::panic::set_hook(Box::new(|info| log::error!("the app stopped: {info}")));
    if let Err(words) = webview_runtime::check() {
        webview_runtime::tell(&words);
        std::process::exit(1);
    }
    // Where the data is and the desk's name, as the CLI decides them (`station::opening`); at
    // the very first start nobody has said where the data is, and the window asks.
    let path = ktpel_core::paths::default_db_path();
    let station = opening::open_this_desk().map_err(UiError::from);
    match &station {
        Ok(st) => {
            if let Ok(cfg) = st.config() {
                logging::apply_level(cfg.log_level);
            }
        }
        Err(e) => log::error!("station database: {}", e.message),
    }
    let mut builder = tauri::Builder::default();
    // One window per desk: a second launch brings the first to the front instead of opening the
    // same database twice. On Linux the plugin needs the session's D-Bus; without one (a bare X
    // session) the app still runs without that guard, and says so in the log.
    if single_instance::bus_available() {
        builder = builder.plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| single_instance::second_launch(app)));
    } else {
        log::warn!("no D-Bus session bus: a second launch of the app cannot be sent to this window");
    }
    // The window comes back where and as large as the officer left it.
    builder = builder.plugin(window_place::plugin());
    let result = builder
        .manage(AppState::new(station, path))
        .setup(|app| {
            feed::start(app.handle().clone());
            backup::start(app.handle().clone());
            retention::start(app.handle().clone());
            webview_memory::lean(app.handle());
            window_place::follow(app.handle());
            lobby_window::follow_the_desk(app.handle());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::session::masuk,
            commands::session::keluar,
            commands::session::aktif,
            commands::session::status,
            commands::session::meja,
            commands::session::meja_simpan,
            commands::place::tempat_data,
            commands::place::tempat_data_simpan,
            commands::desk::antrian,
            commands::desk::detail,
            commands::desk::siap_serah,
            commands::desk::serahkan,
            commands::desk::register,
            commands::desk::register_ekspor,
            commands::desk::register_buku_kertas,
            commands::desk::register_lanjutkan,
            commands::print::printer_daftar,
            commands::print::printer_pilih,
            commands::print::cek_blanko,
            commands::print::cetak,
            commands::print::batalkan_cetak,
            commands::admin::server_cetak,
            commands::admin::server_cetak_simpan,
            commands::admin::server_cetak_hapus,
            commands::print::hasil_terbuka,
            commands::print::hasil_baik,
            commands::print::hasil_rusak,
            commands::print::hasil_tidak_terambil,
            commands::print::pita,
            commands::print::chip_baca,
            commands::print::pita_ganti,
            commands::admin::pengaturan,
            commands::admin::pengaturan_ubah,
            commands::admin::printer_atur,
            commands::admin::kartu_kalibrasi,
            commands::admin::pengguna,
            commands::admin::pengguna_tambah,
            commands::supervision::cetak_ulang_daftar,
            commands::supervision::cetak_ulang_putuskan,
            commands::supervision::laporan,
            commands::supervision::laporan_ekspor,
            commands::supervision::laporan_tandatangani,
            commands::supervision::riwayat_permohonan,
            commands::supervision::riwayat_blanko,
            commands::supervision::cari_permohonan,
            commands::recovery::cadangan_terakhir,
            commands::recovery::pulihkan_cadangan,
            commands::about::tentang,
            commands::papers::kinerja,
            commands::papers::kinerja_ekspor,
            commands::papers::pemusnahan_menunggu,
            commands::papers::pemusnahan_daftar,
            commands::papers::pemusnahan_catat,
            commands::papers::pemusnahan_cetak,
            commands::papers::laporan_bulanan_ekspor,
            commands::papers::poster_simpan,
            commands::papers::layar_publik,
            commands::papers::layar_publik_jendela,
            commands::papers::layar_publik_tutup,
            commands::papers::layar_publik_penuh,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        log::error!("window: {e}");
        std::process::exit(1);
    }
}

//! Words as people write them on paper and screens (the data keeps SIAK's capitals).

/// "MAGETAN" → "Magetan", "KULON PROGO" → "Kulon Progo".
pub fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c.flat_map(char::to_lowercase)).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

const UNITS: [&str; 12] = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas"];

/// A count in Indonesian words, as official papers write it beside the figure ("12 (dua belas)").
pub fn terbilang(n: u64) -> String {
    fn words(n: u64) -> String {
        match n {
            0 => String::new(),
            1..=11 => UNITS[n as usize].to_string(),
            12..=19 => format!("{} belas", UNITS[(n - 10) as usize]),
            20..=99 => join(format!("{} puluh", UNITS[(n / 10) as usize]), words(n % 10)),
            100..=199 => join("seratus".into(), words(n - 100)),
            200..=999 => join(format!("{} ratus", UNITS[(n / 100) as usize]), words(n % 100)),
            1_000..=1_999 => join("seribu".into(), words(n - 1_000)),
            2_000..=999_999 => join(format!("{} ribu", words(n / 1_000)), words(n % 1_000)),
            1_000_000..=999_999_999 => join(format!("{} juta", words(n / 1_000_000)), words(n % 1_000_000)),
            _ => n.to_string(),
        }
    }
    fn join(a: String, b: String) -> String {
        if b.is_empty() { a } else { format!("{a} {b}") }
    }
    if n == 0 { "nol".into() } else { words(n) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_in_words() {
        let t = super::terbilang;
        assert_eq!(t(0), "nol");
        assert_eq!(t(1), "satu");
        assert_eq!(t(11), "sebelas");
        assert_eq!(t(12), "dua belas");
        assert_eq!(t(21), "dua puluh satu");
        assert_eq!(t(100), "seratus");
        assert_eq!(t(115), "seratus lima belas");
        assert_eq!(t(250), "dua ratus lima puluh");
        assert_eq!(t(1000), "seribu");
        assert_eq!(t(4812), "empat ribu delapan ratus dua belas");
        assert_eq!(t(2_000_001), "dua juta satu");
    }

    #[test]
    fn place_names_in_title_case() {
        assert_eq!(super::title_case("KULON  PROGO"), "Kulon Progo");
        assert_eq!(super::title_case(""), "");
    }
}

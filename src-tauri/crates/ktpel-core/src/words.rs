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

#[cfg(test)]
mod tests {
    #[test]
    fn place_names_in_title_case() {
        assert_eq!(super::title_case("KULON  PROGO"), "Kulon Progo");
        assert_eq!(super::title_case(""), "");
    }
}

//! "Did you mean ...?": the closest existing name to one that names nothing, for the findings of
//! a reference that misses (an Ingress or route backend).

use super::near_miss::edit_distance;

/// The largest edit distance at which a name counts as a typo of another.
const MAX_DISTANCE: usize = 2;

/// The candidate closest to `want`: within two edits, or equal once case and separators
/// (`-`, `_`, `.`) are ignored (`product-page` for `productpage`). Ties go to the first in
/// `candidates` order.
pub(super) fn closest<'c>(
    want: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, '-' | '_' | '.'))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = squash(want);
    candidates
        .into_iter()
        .filter(|c| *c != want)
        .filter_map(|c| {
            let d = if squash(c) == wanted {
                0
            } else {
                edit_distance(want, c)
            };
            (d <= MAX_DISTANCE).then_some((d, c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_names() {
        let names = ["details", "productpage", "ratings", "reviews"];
        assert_eq!(closest("product-page", names), Some("productpage"));
        assert_eq!(closest("reviewz", names), Some("reviews"));
        assert_eq!(closest("gateway", names), None);
        assert_eq!(closest("https", ["http", "grpc"]), Some("http"));
        assert_eq!(closest("9081", ["9080", "15021"]), Some("9080"));
        assert_eq!(
            closest("hello-world-v1", ["helloworld-v1", "helloworld-v2"]),
            Some("helloworld-v1")
        );
    }
}

//! Searching the catalogue: filters, ordering and "did you mean" suggestions.

/// Levenshtein distance between two strings, by characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b_chars: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b_chars.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b_chars.len() + 1);
        current.push(i + 1);
        for (j, cb) in b_chars.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            let deletion = previous[j + 1] + 1;
            let insertion = current[j] + 1;
            current.push(substitution.min(deletion).min(insertion));
        }
        previous = current;
    }
    previous[b_chars.len()]
}

/// The `limit` candidates closest to `target`: first those containing it, then by edit distance, ties by
/// name, so suggestions are stable.
pub fn closest<'a>(target: &str, candidates: impl Iterator<Item = &'a str>, limit: usize) -> Vec<String> {
    let target = target.to_ascii_lowercase();
    let mut scored: Vec<(usize, &str)> = candidates
        .map(|c| {
            let distance = if c.contains(&target) { 0 } else { edit_distance(&target, c) };
            (distance, c)
        })
        .collect();
    scored.sort();
    scored.into_iter().take(limit).map(|(_, c)| c.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_matches_hand_counts() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn closest_prefers_substring_then_distance() {
        let ids =
            ["aws/ec2/us-east-1/m7i.large", "aws/ec2/us-east-1/m7i.xlarge", "gcp/gce/us-east1/e2-standard-2"];
        let got = closest("aws/ec2/us-east-1/m7i.xlarg", ids.iter().copied(), 2);
        assert_eq!(got[0], "aws/ec2/us-east-1/m7i.xlarge");
    }
}

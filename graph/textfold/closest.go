package textfold

import "strings"

// Closest returns the index of the candidate closest to value, for a "did
// you mean…?" hint, and -1 when none is close. Both are folded (Fold) and
// trimmed, then compared by edit distance (Levenshtein, on runes): the
// closest is the candidate at the smallest distance, the first of equals,
// and it is close when the distance is at most a third of the shorter of
// the two (at least 1). A candidate equal to value once folded is at
// distance 0, so a value that differs only in case or accents finds it.
func Closest(value string, candidates []string) int {
	v := []rune(strings.TrimSpace(Fold(value)))
	best, bestDist := -1, 0
	for i, c := range candidates {
		r := []rune(strings.TrimSpace(Fold(c)))
		d := distance(v, r)
		if d > max(1, min(len(v), len(r))/3) {
			continue
		}
		if best < 0 || d < bestDist {
			best, bestDist = i, d
		}
	}
	return best
}

// Distance returns the Levenshtein distance between a and b, in runes: the
// fewest insertions, deletions and substitutions of one rune that turn a
// into b. It compares the strings as they are, not folded.
func Distance(a, b string) int {
	return distance([]rune(a), []rune(b))
}

// distance is Distance on runes.
func distance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, sub)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

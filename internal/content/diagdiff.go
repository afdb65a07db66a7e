package content

// Changes compares the diagnostics of two builds of one site and returns
// those of cur that old did not have (added) and those of old that cur no
// longer has (resolved), each in the order of its list. `cabildo serve`
// prints only these after an edit, so that the one new error is not lost
// among the thousands of warnings a large site may carry.
//
// A diagnostic is the same in both builds when its file, severity and
// message are: its line and column are left out, since writing a line
// above a problem moves it without changing it. When a file has the same
// problem several times, the first ones of each list pair up.
func Changes(old, cur Diagnostics) (added, resolved Diagnostics) {
	type key struct {
		file     string
		severity Severity
		msg      string
	}
	keyOf := func(d Diagnostic) key { return key{d.Pos.File, d.Severity, d.Msg} }
	unmatched := make(map[key]int, len(old)) // of old, by key
	for _, d := range old {
		unmatched[keyOf(d)]++
	}
	matched := make(map[key]int)
	for _, d := range cur {
		k := keyOf(d)
		if unmatched[k] > 0 {
			unmatched[k]--
			matched[k]++
			continue
		}
		added = append(added, d)
	}
	for _, d := range old {
		k := keyOf(d)
		if matched[k] > 0 {
			matched[k]--
			continue
		}
		resolved = append(resolved, d)
	}
	return added, resolved
}

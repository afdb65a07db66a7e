package ical

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkFolded fails unless data is CRLF-terminated lines of at most 75
// octets, each valid UTF-8 on its own (no fold inside a character), and
// returns the unfolded content lines.
func checkFolded(t testing.TB, data []byte) []string {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Fatalf("output does not end in CRLF")
	}
	var unfolded []string
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
		if strings.ContainsAny(line, "\r\n") {
			t.Fatalf("line %d has a bare CR or LF: %q", i+1, line)
		}
		if len(line) > maxLineOctets {
			t.Errorf("line %d has %d octets: %q", i+1, len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("line %d is not valid UTF-8 on its own (fold inside a character): %q", i+1, line)
		}
		if rest, ok := strings.CutPrefix(line, " "); ok && len(unfolded) > 0 {
			unfolded[len(unfolded)-1] += rest
		} else {
			unfolded = append(unfolded, line)
		}
	}
	return unfolded
}

func TestWriteFolded(t *testing.T) {
	lines := []string{
		"SHORT:x",
		"EXACT:" + strings.Repeat("a", maxLineOctets-len("EXACT:")),
		"OVER:" + strings.Repeat("a", maxLineOctets),
		"SPACES:" + strings.Repeat(" ", 200),
		"SUMMARY:" + strings.Repeat("ñ", 100), // 2-octet runes
		"SUMMARY:" + strings.Repeat("—", 100), // 3-octet runes
		"SUMMARY:" + strings.Repeat("🎉", 100), // 4-octet runes
		"SUMMARY:" + strings.Repeat("a🇨🇱ñ—\\,", 40),
	}
	// Shift each line by 0–3 octets so folds fall on every position
	// inside multi-byte characters.
	var in []string
	for _, l := range lines {
		for shift := range 4 {
			in = append(in, l[:strings.IndexByte(l, ':')+1]+strings.Repeat("x", shift)+l[strings.IndexByte(l, ':')+1:])
		}
	}
	var b bytes.Buffer
	if err := writeFolded(&b, strings.Join(in, "\r\n")+"\r\n"); err != nil {
		t.Fatal(err)
	}
	got := checkFolded(t, b.Bytes())
	if strings.Join(got, "\n") != strings.Join(in, "\n") {
		t.Errorf("unfolding does not restore the input:\n%q\nwant\n%q", got, in)
	}
}

// TestFeedFolded checks the sample feeds as a whole.
func TestFeedFolded(t *testing.T) {
	for _, zone := range zones {
		loc := mustLoad(t, zone)
		checkFolded(t, render(t, sampleCalendar(loc), sampleEvents(loc)))
	}
}

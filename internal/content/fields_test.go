package content

import "testing"

// TestFields: positions are found by key whatever order they were
// recorded in, and a key recorded twice keeps its last position, as the
// map the decoder used to fill did.
func TestFields(t *testing.T) {
	fs := SortFields([]Field{
		{Key: "title", Line: 2, Col: 8},
		{Key: "image.src", Line: 4, Col: 8},
		{Key: "attendees.10.name", Line: 9, Col: 11},
		{Key: "image", Line: 3, Col: 1},
		{Key: "title", Line: 7, Col: 8},
		{Key: "attendees.2.name", Line: 12, Col: 11},
	})
	d := &Doc{Fields: fs, Start: Pos{File: "content/lobby/x.md", Line: 1, Col: 1}}
	for _, c := range []struct {
		key  string
		want Pos
	}{
		{"title", Pos{"content/lobby/x.md", 7, 8}},
		{"image.src", Pos{"content/lobby/x.md", 4, 8}},
		{"image.alt", Pos{"content/lobby/x.md", 3, 1}}, // the enclosing key
		{"attendees.2.name", Pos{"content/lobby/x.md", 12, 11}},
		{"attendees.10.name", Pos{"content/lobby/x.md", 9, 11}},
		{"summary", Pos{"content/lobby/x.md", 1, 1}}, // not written: the front matter's start
	} {
		if got := d.Pos(c.key); got != c.want {
			t.Errorf("Pos(%q) = %v, want %v", c.key, got, c.want)
		}
	}
	if len(fs) != 5 || cap(fs) != 5 {
		t.Errorf("len %d, cap %d; want 5 and 5 (one per key, no spare room)", len(fs), cap(fs))
	}
	if !fs.Has("image") || fs.Has("image.alt") || (Fields)(nil).Has("title") {
		t.Error("Has answers wrong")
	}
}

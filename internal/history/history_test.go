package history

import (
	"reflect"
	"testing"
)

// TestEncodeDecode: a state read back is the state written, titles with
// tabs or line breaks (pasted from Word) are kept on one line, and lines
// a newer Cabildo might add are skipped rather than failing the build.
func TestEncodeDecode(t *testing.T) {
	st := &State{
		Pages: map[string]Page{
			"/eventos/feria/": {File: "content/eventos/feria.md", UID: "evento-feria@www.prueba.cl", Title: "Feria\tnavideña\r\n2026"},
			"/prensa/nota/":   {File: "content/prensa/nota/index.md", Title: "Nota"},
		},
		Events: map[string]Event{"evento-feria@www.prueba.cl": {Fingerprint: "9f8e", Sequence: 3, File: "content/eventos/feria.md"}},
	}
	b := st.Encode()
	if again := st.Encode(); string(again) != string(b) {
		t.Fatal("two encodings of one state differ")
	}
	got := Decode(append(b, "futuro\tx\ty\n"...))
	want := *st
	want.Pages = map[string]Page{
		"/eventos/feria/": {File: "content/eventos/feria.md", UID: "evento-feria@www.prueba.cl", Title: "Feria navideña 2026"},
		"/prensa/nota/":   {File: "content/prensa/nota/index.md", Title: "Nota"},
	}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("Decode(Encode(s)) = %+v\nwant %+v", *got, want)
	}
	if Decode(nil) != nil {
		t.Error("no record must decode to nil: no previous build, no warnings")
	}
}

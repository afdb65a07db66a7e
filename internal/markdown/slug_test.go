package markdown

import "testing"

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Feria Navideña en la Plaza", "feria-navidena-en-la-plaza"},
		{"Teléfono y horarios", "telefono-y-horarios"},
		{"¿Qué hace el Gabinete?", "que-hace-el-gabinete"},
		{"PINGÜINO Ñandú", "pinguino-nandu"},
		{"Avenida Bernardo O'Higgins", "avenida-bernardo-ohiggins"},
		{"Av. Principal 100, 2.º piso", "av-principal-100-2-o-piso"},
		{"  --Ya  existe--  ", "ya-existe"},
		{"Straße Øresund Æsir", "strasse-oresund-aesir"},
		{"ﬁesta ＡＢＣ", "fiesta-abc"},
		{"already-a-slug", "already-a-slug"},
		{"¡!", ""},
		{"", ""},
		{"日本語 y más", "y-mas"},
	}
	for _, tt := range tests {
		if got := Slugify(tt.in); got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIDsAreUnique(t *testing.T) {
	s := newIDs()
	var got []string
	for _, h := range []string{"Horario", "Horario 1", "Horario", "Horario", "¿?", "¡!"} {
		got = append(got, string(s.Generate([]byte(h), 0)))
	}
	want := []string{"horario", "horario-1", "horario-2", "horario-3", "seccion", "seccion-1"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("ids = %q, want %q", got, want)
		}
	}
}

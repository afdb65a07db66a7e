package render_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// The vCards are compared with testdata/contacts/<slug>.vcf; run
// go test -run TestVCard -update to rewrite them after a deliberate change,
// and read the diff.
func TestVCard(t *testing.T) {
	set := pressSite(t, pressNow)
	for _, slug := range []string{"jefa", "comunicaciones", "seguridad"} {
		t.Run(slug, func(t *testing.T) {
			got := file(t, set, "contactos/"+slug+".vcf")
			checkVCardSyntax(t, got)
			golden := filepath.Join("testdata", "contacts", slug+".vcf")
			if updateGolden() {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s:\n%s", slug, golden, got)
			}
		})
	}
}

// checkVCardSyntax checks what RFC 6350 requires of any vCard, so that a
// golden file cannot freeze a malformed one: CRLF line ends, lines of at
// most 75 octets, continuation lines that start with a space and do not
// split a UTF-8 sequence, BEGIN/VERSION first, END last, one FN.
func checkVCardSyntax(t *testing.T, v string) {
	t.Helper()
	if !strings.HasSuffix(v, "\r\n") || strings.Contains(strings.ReplaceAll(v, "\r\n", ""), "\n") {
		t.Errorf("lines must end in CRLF, and only there")
	}
	physical := strings.Split(strings.TrimSuffix(v, "\r\n"), "\r\n")
	var lines []string
	for _, l := range physical {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("fold splits a UTF-8 sequence: %q", l)
		}
		if strings.HasPrefix(l, " ") {
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	if len(lines) < 4 || lines[0] != "BEGIN:VCARD" || lines[1] != "VERSION:4.0" || lines[len(lines)-1] != "END:VCARD" {
		t.Errorf("bad envelope: %q", lines)
	}
	fn := 0
	for _, l := range lines {
		if strings.HasPrefix(l, "FN:") {
			fn++
		}
	}
	if fn != 1 {
		t.Errorf("%d FN properties, want 1", fn)
	}
}

// unfoldedVCard returns the logical lines of a vCard.
func unfoldedVCard(v string) []string {
	return strings.Split(strings.TrimSuffix(strings.ReplaceAll(v, "\r\n ", ""), "\r\n"), "\r\n")
}

func TestVCardValues(t *testing.T) {
	set := pressSite(t, pressNow)
	jefa := unfoldedVCard(file(t, set, "contactos/jefa.vcf"))
	for _, want := range []string{
		"KIND:individual",
		"FN:María José Pérez Soto",
		"TITLE:Jefa de Gabinete",
		"ORG:Municipalidad de Prueba;Gabinete de Alcaldía",
		"TEL;VALUE=uri;TYPE=work,voice:tel:+56225401756;ext=123", // the extension kept (RFC 3966, RFC 6350 6.4.1),
		"TEL;VALUE=uri;TYPE=work,voice:tel:+56987654321",
		"EMAIL;TYPE=work:gabinete@muni.example.cl",
		`ADR;TYPE=work:;;Av. Principal 100\, 2.º piso\; oficina 3;;;;`,
		`NOTE:Horario de atención: Lunes a jueves 08:30–17:30\; viernes 08:30–16:30\, salvo feriados (incluidos los días 18 y 19 de septiembre) \\ consulte`,
		"URL:https://muni.example.cl/contactos/#jefa",
	} {
		if !slices.Contains(jefa, want) {
			t.Errorf("jefa.vcf lacks %s\n%s", want, strings.Join(jefa, "\n"))
		}
	}
	// Without a name, the position is the FN and the entry an office.
	com := unfoldedVCard(file(t, set, "contactos/comunicaciones.vcf"))
	for _, want := range []string{"KIND:org", "FN:Unidad de Comunicaciones"} {
		if !slices.Contains(com, want) {
			t.Errorf("comunicaciones.vcf lacks %s", want)
		}
	}
	for _, l := range com {
		if strings.HasPrefix(l, "TITLE:") || strings.HasPrefix(l, "TEL") || strings.HasPrefix(l, "NOTE:") {
			t.Errorf("comunicaciones.vcf has %s, which its entry does not give", l)
		}
	}
}

var contactArticle = regexp.MustCompile(`(?s)<article class="card contact" id="([^"]+)".*?</article>`)

func TestContactsPage(t *testing.T) {
	set := pressSite(t, pressNow)
	page := file(t, set, "contactos/index.html")
	entries := map[string]string{}
	var order []string
	for _, m := range contactArticle.FindAllStringSubmatch(page, -1) {
		order = append(order, m[1])
		entries[m[1]] = m[0]
	}
	if want := []string{"seguridad", "jefa", "comunicaciones"}; !slices.Equal(order, want) {
		t.Fatalf("entries = %q, want %q (by order)", order, want)
	}
	tests := []struct {
		slug         string
		want, absent []string
	}{
		{"jefa", []string{
			`<h2 class="card__title" id="jefa-cargo">Jefa de Gabinete</h2>`,
			`<p class="contact__name">María José Pérez Soto</p>`,
			`<p class="card__meta">Gabinete de Alcaldía</p>`,
			`<dt>Teléfonos</dt>`,
			`<a href="tel:&#43;56225401756;ext=123">22 540 17 56 anexo 123</a>`, // shown as written, linked as E.164 with its extension
			`<a href="tel:&#43;56987654321">&#43;56 9 8765 4321</a>`,            // html/template writes "+" as &#43;
			`<a href="mailto:gabinete@muni.example.cl">gabinete@muni.example.cl</a>`,
			`<dt>Horario de atención</dt>`,
			`<p>Coordina la agenda del alcalde.</p>`,
			`<a href="/contactos/jefa.vcf" type="text/vcard">Guardar contacto (vCard)</a>`,
		}, nil},
		// No name, no phones, no hours, no body: no labels for them.
		{"comunicaciones", []string{
			`<h2 class="card__title" id="comunicaciones-cargo">Unidad de Comunicaciones</h2>`,
			`<dt>Correo electrónico</dt>`,
			`<a href="/contactos/comunicaciones.vcf"`,
		}, []string{"contact__name", "Nombre", "Teléfono", "Horario", "Dirección", `class="prose"`}},
		// The unit repeats the position: shown once.
		{"seguridad", []string{`<dt>Teléfono</dt>`, `<a href="tel:1404">1404</a>`}, []string{`<p class="card__meta">Central de Seguridad</p>`}},
	}
	for _, tt := range tests {
		e := entries[tt.slug]
		for _, s := range tt.want {
			if !strings.Contains(e, s) {
				t.Errorf("%s lacks %s\n%s", tt.slug, s, e)
			}
		}
		for _, s := range tt.absent {
			if strings.Contains(e, s) {
				t.Errorf("%s has %s\n%s", tt.slug, s, e)
			}
		}
	}
	if !strings.Contains(page, `"@type":"ContactPoint"`) {
		t.Errorf("no ContactPoint in the JSON-LD")
	}
	if n := strings.Count(page, "<h1"); n != 1 {
		t.Errorf("%d h1 elements, want 1", n)
	}
}

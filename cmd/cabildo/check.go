package main

import (
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"cabildo/internal/build"
	"cabildo/internal/content"
	"cabildo/internal/output"
)

func init() {
	commands = append(commands, command{"check", "revisa el sitio sin publicar nada: errores y avisos", runCheck})
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("check", stderr)
	var sf siteFlags
	sf.register(fl)
	asJSON := fl.Bool("json", false, "igual que -format json")
	format := fl.String("format", "texto", "cómo escribir los problemas (`FORMATO`): texto; json, para programas ([{file, line, column, severity, message}]); github, anotaciones de GitHub Actions; gitlab, informe Code Quality de GitLab")
	out := fl.String("out", "", "`CARPETA` de la última construcción, para avisar lo que desaparece o cambia sin declararse (por omisión, public/ dentro de -src)")
	strict := fl.Bool("strict", false, "tratar como errores las direcciones que desaparecen y los cambios de eventos no declarados")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageErr("argumento de más: %q", fl.Arg(0))
	}
	if *asJSON {
		*format = "json"
	}
	write, ok := reportFormats[*format]
	if !ok {
		return usageErr("formato desconocido %q: use %s", *format, reportFormatNames())
	}
	fsys, opt, err := sf.open()
	if err != nil {
		return err
	}
	if *out == "" {
		*out = filepath.Join(sf.src, "public")
	}
	opt.Previous, opt.Strict = output.StateOf(*out), *strict
	diags := check(fsys, opt)
	if err := write(stdout, diags); err != nil {
		return &exitError{2, err.Error()}
	}
	if diags.HasErrors() {
		return &exitError{code: 1}
	}
	return nil
}

// check builds the site in memory, writing nothing, and adds to the build's
// diagnostics what only an editor needs to hear about: warnings that do not
// change what is published.
func check(fsys fs.FS, opt build.Options) content.Diagnostics {
	res := build.Build(fsys, opt)
	diags := res.Diags
	if res.Site == nil {
		return diags
	}
	pub := res.Site.Publishable(opt.Now, opt.Drafts, opt.Future)
	// Pages and events may go without a summary, but then lists and link
	// previews have nothing to show.
	for _, p := range pub.Pages {
		missingSummary(&diags, &p.Doc, &p.Meta, "la página")
	}
	for _, e := range pub.Events {
		missingSummary(&diags, &e.Doc, &e.Meta, "el evento")
	}
	return diags.Sort()
}

func missingSummary(diags *content.Diagnostics, d *content.Doc, m *content.Meta, what string) {
	if strings.TrimSpace(m.Summary) == "" {
		diags.Warnf(d.Start, "%s no tiene resumen (summary): las listas y las vistas previas de enlaces en redes sociales y mensajería quedarán sin descripción; agregue una o dos oraciones de hasta %d caracteres", what, content.SummaryMax)
	}
}

// jsonDiag is one problem as bots read it.
type jsonDiag struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"` // "error" or "warning"
	Message  string `json:"message"`
}

func writeJSONDiags(w io.Writer, diags content.Diagnostics) error {
	out := make([]jsonDiag, 0, len(diags))
	for _, d := range diags {
		sev := "error"
		if d.Severity == content.SeverityWarning {
			sev = "warning"
		}
		out = append(out, jsonDiag{d.Pos.File, d.Pos.Line, d.Pos.Col, sev, d.Msg})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

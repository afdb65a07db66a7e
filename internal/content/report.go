package content

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"cabildo/internal/spanish"
)

// This file holds the office's own quarterly report (content/informes/
// <año>-t<n>.md): the Gabinete's function 6 is to report every quarter to
// the municipal administration on six areas of its management. The office
// writes the text of each area as a Markdown section with a fixed title,
// which is the easiest form to write (one document, in the order the
// regulation lists them) and to check line by line; the budget and the
// staff, which are figures, go in the front matter.

// KindReport is the type of content/informes/.
const KindReport Kind = "informe"

// BudgetLine is one line of a report's budget, in whole pesos.
type BudgetLine struct {
	Item     string `yaml:"item" required:"" doc:"Ítem o programa del presupuesto"`
	Planned  Money  `yaml:"planned" required:"" doc:"Monto presupuestado en el trimestre, en pesos"`
	Executed Money  `yaml:"executed" required:"" doc:"Monto ejecutado en el trimestre, en pesos"`
}

// BudgetTotal is the total the editor wrote; Cabildo computes it anyway
// and checks the written one against the lines.
type BudgetTotal struct {
	Planned  *Money `yaml:"planned" doc:"Total presupuestado; debe ser la suma de las líneas"`
	Executed *Money `yaml:"executed" doc:"Total ejecutado; debe ser la suma de las líneas"`
}

// Staff is the unit's staff at the quarter's end, by the legal kinds of
// municipal employment.
type Staff struct {
	Permanent *int   `yaml:"permanent" doc:"Personas de planta"`
	FixedTerm *int   `yaml:"fixed_term" doc:"Personas a contrata"`
	FeeBased  *int   `yaml:"fee_based" doc:"Personas a honorarios"`
	Note      string `yaml:"note" doc:"Observaciones sobre la dotación (vacantes, reemplazos)"`
}

// Total is the sum of the figures written.
func (s *Staff) Total() int {
	n := 0
	for _, p := range []*int{s.Permanent, s.FixedTerm, s.FeeBased} {
		if p != nil {
			n += *p
		}
	}
	return n
}

// Report is the Gabinete's quarterly report (content/informes/<año>-t<n>.md).
type Report struct {
	Meta        `yaml:",inline"`
	Budget      []BudgetLine `yaml:"budget" doc:"Presupuesto del trimestre: una línea por ítem con item, planned y executed"`
	BudgetTotal *BudgetTotal `yaml:"budget_total" doc:"Totales del presupuesto; opcional: Cabildo los calcula y revisa los que se escriban"`
	Staff       *Staff       `yaml:"staff" doc:"Dotación de la unidad al cierre del trimestre"`
	Doc         Doc          `yaml:"-"`

	// Quarter is read from the file name.
	Quarter Quarter `yaml:"-"`
}

func (r *Report) Document() *Doc  { return &r.Doc }
func (r *Report) Metadata() *Meta { return &r.Meta }
func (r *Report) URL() string     { return "/informes/" + r.Doc.Slug + "/" }

// Planned and Executed are the budget's totals, computed from its lines.
func (r *Report) Planned() Money {
	var t Money
	for _, l := range r.Budget {
		t += l.Planned
	}
	return t
}

func (r *Report) Executed() Money {
	var t Money
	for _, l := range r.Budget {
		t += l.Executed
	}
	return t
}

// ReportArea is one of the six areas the regulation lists (function 6).
type ReportArea struct {
	Code  string // "recursos-humanos": the heading's anchor
	Label string // the title editors write: "## Recursos humanos"
}

// ReportAreas are the areas in the order the regulation lists them; every
// report must have a section with each title.
var ReportAreas = []ReportArea{
	{"programatica", "Programática"},
	{"presupuestaria", "Presupuestaria"},
	{"recursos-humanos", "Recursos humanos"},
	{"politicas-publicas", "Administración y ejecución de las políticas públicas"},
	{"comunidad", "Relación con la comunidad y servicios entregados"},
	{"cumplimiento", "Cumplimiento de las disposiciones legales y reglamentarias"},
}

// heading is a level-1 or level-2 ATX heading of a body.
type heading struct {
	text string
	line int // of the file
	col  int // of the text
	next int // file line of the next such heading, or after the body
	// content reports whether anything but blank lines follows before
	// the next heading.
	content bool
}

// topHeadings lists the "# " and "## " headings of body, outside fenced
// code, with file lines counted from first.
func topHeadings(body []byte, first int) []heading {
	var out []heading
	fence := ""
	lines := bytes.Split(body, []byte("\n"))
	for i, raw := range lines {
		line := strings.TrimRight(string(raw), " \t\r")
		trimmed := strings.TrimLeft(line, " ")
		if indent := len(line) - len(trimmed); indent > 3 {
			if len(out) > 0 && fence == "" {
				out[len(out)-1].content = true
			}
			continue
		}
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fence = trimmed[:3]
			if len(out) > 0 {
				out[len(out)-1].content = true
			}
			continue
		}
		level := len(trimmed) - len(strings.TrimLeft(trimmed, "#"))
		if (level == 1 || level == 2) && (len(trimmed) == level || trimmed[level] == ' ' || trimmed[level] == '\t') {
			text := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(trimmed[level:]), "#"))
			col := len(line) - len(strings.TrimLeft(trimmed[level:], " \t")) + 1
			if len(out) > 0 {
				out[len(out)-1].next = first + i
			}
			out = append(out, heading{text: text, line: first + i, col: col})
			continue
		}
		if len(out) > 0 && trimmed != "" {
			out[len(out)-1].content = true
		}
	}
	if len(out) > 0 {
		out[len(out)-1].next = first + len(lines)
	}
	return out
}

// foldTitle compares titles as editors mean them: without accents, case
// or repeated spaces ("Programatica" is "Programática").
func foldTitle(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.Join(strings.Fields(s), " ")) {
		if f, ok := titleAccents[r]; ok {
			r = f
		}
		b.WriteRune(r)
	}
	return b.String()
}

var titleAccents = map[rune]rune{'á': 'a', 'é': 'e', 'í': 'i', 'ó': 'o', 'ú': 'u', 'ü': 'u'}

// report checks what the decoder cannot: the file name is a quarter, every
// area has its section (once, with text), and written totals add up.
func (v *validator) report(r *Report) {
	d := &r.Doc
	q, ok := ParseQuarter(d.Slug)
	if !ok {
		v.diags.Errorf(Pos{File: d.Path}, "nombre de archivo no válido «%s»: un informe se llama como su trimestre, año y número, por ejemplo 2026-t3.md (julio a septiembre de 2026)", d.Slug+".md")
	}
	r.Quarter = q
	if d.Body != nil || d.BodyAt.Len == 0 {
		v.reportAreas(r)
	}
	var planned, executed Money
	for _, l := range r.Budget {
		planned += l.Planned
		executed += l.Executed
	}
	for i, l := range r.Budget {
		if strings.TrimSpace(l.Item) == "" {
			v.diags.Errorf(d.PosAt("budget", i, "item"), "item no puede quedar en blanco: escriba el ítem o programa del presupuesto")
		}
	}
	if t := r.BudgetTotal; t != nil {
		if len(r.Budget) == 0 {
			v.diags.Errorf(d.Pos("budget_total"), "budget_total necesita las líneas del presupuesto (budget): escriba cada ítem con planned y executed, y Cabildo suma los totales")
		}
		if t.Planned != nil && len(r.Budget) > 0 && *t.Planned != planned {
			v.diags.Errorf(d.Pos("budget_total.planned"), "el total presupuestado escrito (%s) no es la suma de las líneas de budget (%s): corríjalo o bórrelo, y Cabildo lo calcula", *t.Planned, planned)
		}
		if t.Executed != nil && len(r.Budget) > 0 && *t.Executed != executed {
			v.diags.Errorf(d.Pos("budget_total.executed"), "el total ejecutado escrito (%s) no es la suma de las líneas de budget (%s): corríjalo o bórrelo, y Cabildo lo calcula", *t.Executed, executed)
		}
	}
	if s := r.Staff; s != nil {
		for key, n := range map[string]*int{"permanent": s.Permanent, "fixed_term": s.FixedTerm, "fee_based": s.FeeBased} {
			if n != nil && *n < 0 {
				v.diags.Errorf(d.Pos("staff."+key), "staff.%s no puede ser negativo: escriba cuántas personas hay (0 si no hay)", key)
			}
		}
	}
}

// reportAreas checks the six sections of a report's body.
func (v *validator) reportAreas(r *Report) {
	d := &r.Doc
	hs := topHeadings(d.Body, d.BodyLine)
	labels := make([]string, len(ReportAreas))
	byTitle := map[string]int{}
	for i, a := range ReportAreas {
		labels[i] = a.Label
		byTitle[foldTitle(a.Label)] = i
	}
	found := make([]*heading, len(ReportAreas))
	for i := range hs {
		h := &hs[i]
		pos := Pos{File: d.Path, Line: h.line, Col: h.col}
		a, ok := byTitle[foldTitle(h.text)]
		if !ok {
			if s := Suggest(h.text, labels); s != "" {
				v.diags.Errorf(pos, "título de área desconocido «%s»%s: las áreas del informe son %s", h.text, s, areaList())
			}
			continue
		}
		if prev := found[a]; prev != nil {
			v.diags.Errorf(pos, "el área «%s» ya tiene su sección en la línea %d: junte los dos textos bajo un solo título", ReportAreas[a].Label, prev.line)
			continue
		}
		found[a] = h
		if !h.content {
			v.diags.Errorf(pos, "el área «%s» no tiene texto: escriba bajo el título lo principal de la gestión del trimestre en esta área (si no hubo novedades, dígalo)", ReportAreas[a].Label)
		}
	}
	end := d.BodyLine + bytes.Count(d.Body, []byte("\n"))
	if end < d.BodyLine {
		end = d.BodyLine
	}
	// Missing areas are reported where their sections belong: at the
	// next area's title, or at the end of the text; several missing at
	// one place make one message, in the regulation's order.
	var order []Pos
	missing := map[Pos][]string{}
	for i, a := range ReportAreas {
		if found[i] != nil {
			continue
		}
		pos := Pos{File: d.Path, Line: max(end, 1), Col: 1}
		for _, f := range found[i+1:] {
			if f != nil {
				pos = Pos{File: d.Path, Line: f.line, Col: 1}
				break
			}
		}
		if missing[pos] == nil {
			order = append(order, pos)
		}
		missing[pos] = append(missing[pos], a.Label)
	}
	for _, pos := range order {
		labels := missing[pos]
		if len(labels) == 1 {
			v.diags.Errorf(pos, "falta el área «%s» del informe: agregue aquí el título «## %s» y, bajo él, el texto de esa área", labels[0], labels[0])
			continue
		}
		names, titles := make([]string, len(labels)), make([]string, len(labels))
		for i, l := range labels {
			names[i], titles[i] = "«"+l+"»", "«## "+l+"»"
		}
		v.diags.Errorf(pos, "faltan las áreas %s del informe: agregue aquí, en este orden, los títulos %s, cada uno con el texto de su área", joinY(names), joinY(titles))
	}
}

func joinY(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " y " + xs[len(xs)-1]
}

func areaList() string {
	labels := make([]string, len(ReportAreas))
	for i, a := range ReportAreas {
		labels[i] = "«" + a.Label + "»"
	}
	return joinY(labels)
}

// ReportDueDays is how many days after a quarter ends its report is
// expected, unless site.yaml says otherwise (reports.due_days).
const ReportDueDays = 30

// OverdueReports returns, oldest first, the quarters that ended more than
// the site's due days before now without a report in content/informes/,
// counting from the first quarter that has one: a site that has not
// started writing reports is not told about every quarter of its past,
// but once the office writes one, each later quarter is expected.
func (s *Site) OverdueReports(now time.Time) []Quarter {
	if len(s.Reports) == 0 {
		return nil
	}
	written := map[Quarter]bool{}
	first := Quarter{}
	for _, r := range s.Reports {
		q, ok := ParseQuarter(r.Doc.Slug)
		if !ok {
			continue
		}
		written[q] = true
		if first == (Quarter{}) || q.Before(first) {
			first = q
		}
	}
	if first == (Quarter{}) {
		return nil
	}
	due := s.Config.Reports.DueDays
	if due <= 0 {
		due = ReportDueDays
	}
	today := DateOf(now.In(s.Config.Location))
	var out []Quarter
	for q := first; !today.Before(q.LastDay().AddDays(due + 1)); q = q.Next() {
		if !written[q] {
			out = append(out, q)
		}
	}
	return out
}

// OverdueReportMessage is the warning for one missing report.
func OverdueReportMessage(q Quarter, now time.Time, s *Site) string {
	due := s.Config.Reports.DueDays
	if due <= 0 {
		due = ReportDueDays
	}
	return fmt.Sprintf("falta el informe del %s: el trimestre terminó el %s y el plazo es de %d días; créelo con «cabildo new informe %s» (content/informes/%s.md)", q.Label(), spanish.ShortDate(q.LastDay().In(time.UTC)), due, q.Slug(), q.Slug())
}

// ReportsPos is where overdue-report warnings point.
var ReportsPos = Pos{File: "content/informes"}

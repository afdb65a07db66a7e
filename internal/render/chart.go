package render

import (
	"fmt"
	"html/template"
	"strings"
)

// monthChart draws a quarter's activity per month as a grouped bar chart:
// inline SVG, so it needs no script and prints; role="img" with a <title>
// and a <desc> that says the figures in words, and the page shows the same
// figures in a table beside it (the chart only helps who would rather
// look). Colours come from the stylesheet (chart__bar--*), so a theme and
// the print stylesheet can change them; every bar also carries its number,
// so the series are not told apart by colour alone (WCAG 1.4.1).
func monthChart(rep *Report) template.HTML {
	if len(rep.ByMonth) == 0 {
		return ""
	}
	type series struct {
		class, label string
		value        func(*ReportMonth) int
	}
	all := []series{
		{"press", "Comunicados", func(m *ReportMonth) int { return m.Press }},
		{"held", "Actividades realizadas", func(m *ReportMonth) int { return m.Held }},
		{"lobby", "Registros de lobby", func(m *ReportMonth) int { return m.Lobby }},
	}
	top := 1
	for _, m := range rep.ByMonth {
		for _, s := range all {
			top = max(top, s.value(m))
		}
	}
	step := (top + 3) / 4
	top = step * ((top + step - 1) / step)
	const (
		width, height      = 640, 280
		left, right        = 36, 8
		plotTop, plotBotom = 56, 236
		barW, gap          = 36, 6
	)
	plotH := plotBotom - plotTop
	groupW := (width - left - right) / 3
	y := func(v int) int { return plotBotom - v*plotH/top }
	id := "grafico-" + rep.Slug()
	var b strings.Builder
	var desc []string
	for _, m := range rep.ByMonth {
		desc = append(desc, fmt.Sprintf("%s: %s, %s, %s", m.Label,
			pluralCount(m.Press, "comunicado", "comunicados"),
			pluralCount(m.Held, "actividad realizada", "actividades realizadas"),
			pluralCount(m.Lobby, "registro de lobby", "registros de lobby")))
	}
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-t %s-d" xmlns="http://www.w3.org/2000/svg">`, width, height, id, id)
	fmt.Fprintf(&b, `<title id="%s-t">Actividad por mes del %s</title>`, id, template.HTMLEscapeString(rep.Label()))
	fmt.Fprintf(&b, `<desc id="%s-d">%s.</desc>`, id, template.HTMLEscapeString(strings.Join(desc, "; ")))
	// Legend, one row above the plot.
	x := left
	for _, s := range all {
		fmt.Fprintf(&b, `<rect class="chart__bar--%s" x="%d" y="14" width="14" height="14"/><text x="%d" y="26">%s</text>`, s.class, x, x+20, s.label)
		x += 20 + 8*len(s.label) + 24
	}
	for v := 0; v <= top; v += step {
		fmt.Fprintf(&b, `<line class="chart__grid" x1="%d" x2="%d" y1="%d" y2="%d"/><text class="chart__tick" x="%d" y="%d">%d</text>`, left, width-right, y(v), y(v), left-6, y(v)+4, v)
	}
	for i, m := range rep.ByMonth {
		gx := left + i*groupW + (groupW-3*barW-2*gap)/2
		for j, s := range all {
			v := s.value(m)
			bx := gx + j*(barW+gap)
			fmt.Fprintf(&b, `<rect class="chart__bar--%s" x="%d" y="%d" width="%d" height="%d"/>`, s.class, bx, y(v), barW, plotBotom-y(v))
			fmt.Fprintf(&b, `<text class="chart__value" x="%d" y="%d">%d</text>`, bx+barW/2, y(v)-5, v)
		}
		fmt.Fprintf(&b, `<text class="chart__label" x="%d" y="%d">%s</text>`, left+i*groupW+groupW/2, plotBotom+24, template.HTMLEscapeString(upperFirst(m.Label)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func pluralCount(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprint(n) + " " + many
}

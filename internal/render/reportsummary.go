package render

import (
	"cabildo/internal/content"
)

// A quarter's figures as open data, beside its page:
//
//	/informes/<año>-t<n>/resumen.csv   one header row and one row (RFC 4180)
//	/informes/<año>-t<n>/resumen.json  an array with one object, same keys
//
// in the conventions of the lobby's open data (opendata.go): stable
// snake_case Spanish keys, ISO dates, whole pesos, null (empty in CSV) for
// what the office did not write. One row per quarter makes the files of
// several quarters easy to join into one spreadsheet.

func reportColumns() []column[*Report] {
	written := func(f func(*content.Report) any) func(*Report) any {
		return func(r *Report) any {
			if r.Written == nil {
				return nil
			}
			return f(r.Written)
		}
	}
	staff := func(f func(*content.Staff) *int) func(*Report) any {
		return written(func(w *content.Report) any {
			if w.Staff == nil || f(w.Staff) == nil {
				return nil
			}
			return int64(*f(w.Staff))
		})
	}
	budget := func(f func(*content.Report) content.Money) func(*Report) any {
		return written(func(w *content.Report) any {
			if len(w.Budget) == 0 {
				return nil
			}
			return int64(f(w))
		})
	}
	count := func(n func(*Report) int) func(*Report) any { return func(r *Report) any { return int64(n(r)) } }
	return []column[*Report]{
		col("trimestre", "Trimestre", "AAAA-tN", func(r *Report) any { return r.Slug() }),
		col("desde", "Primer día del trimestre", "fecha AAAA-MM-DD", func(r *Report) any { return r.FirstDay().String() }),
		col("hasta", "Último día del trimestre", "fecha AAAA-MM-DD", func(r *Report) any { return r.LastDay().String() }),
		col("en_curso", "El trimestre no ha terminado", "true o false", func(r *Report) any { return r.Current }),
		col("informe_escrito", "El Gabinete escribió su informe", "true o false", func(r *Report) any { return r.Written != nil }),
		col("comunicados", "Comunicados de prensa", "número entero", count(func(r *Report) int { return len(r.Press) })),
		col("actividades_realizadas", "Actividades realizadas", "número entero", count(func(r *Report) int { return len(r.Held) })),
		col("actividades_canceladas", "Actividades canceladas", "número entero", count(func(r *Report) int { return len(r.Cancelled) })),
		col("audiencias", "Audiencias de la Ley del Lobby", "número entero", count(func(r *Report) int { return len(r.Audiences) })),
		col("viajes", "Viajes de la Ley del Lobby", "número entero", count(func(r *Report) int { return len(r.Trips) })),
		col("costo_viajes", "Costo total de los viajes", "pesos, número entero", func(r *Report) any { return int64(r.TripCost) }),
		col("donativos", "Donativos de la Ley del Lobby", "número entero", count(func(r *Report) int { return len(r.Gifts) })),
		col("meses_sin_registros_lobby", "Meses terminados sin registros de lobby", "lista de AAAA-MM", func(r *Report) any {
			out := []string{}
			for _, m := range r.LobbyGaps {
				out = append(out, m.String())
			}
			return out
		}),
		col("presupuesto_planificado", "Presupuesto del trimestre", "pesos, número entero", budget((*content.Report).Planned)),
		col("presupuesto_ejecutado", "Presupuesto ejecutado", "pesos, número entero", budget((*content.Report).Executed)),
		col("dotacion_planta", "Personas de planta", "número entero", staff(func(s *content.Staff) *int { return s.Permanent })),
		col("dotacion_contrata", "Personas a contrata", "número entero", staff(func(s *content.Staff) *int { return s.FixedTerm })),
		col("dotacion_honorarios", "Personas a honorarios", "número entero", staff(func(s *content.Staff) *int { return s.FeeBased })),
	}
}

// reportSummary writes the quarter's resumen.csv and resumen.json.
func (r *Renderer) reportSummary(rep *Report) {
	t := makeTable("resumen", "Resumen del "+rep.Label(), "", reportColumns(), []*Report{rep})
	pos := content.Pos{File: "informes/" + rep.Slug()}
	if b, err := t.encodeCSV(); err != nil {
		r.errorf(pos, "%v", err)
	} else {
		r.add(rep.CSV(), b)
	}
	if b, err := t.encodeJSON(); err != nil {
		r.errorf(pos, "%v", err)
	} else {
		r.add(rep.JSON(), b)
	}
}

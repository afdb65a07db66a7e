package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"cabildo/internal/content"
)

// Open data of the lobby registries, under /lobby/datos/:
//
//	audiencias.csv  asistentes.csv  viajes.csv  donativos.csv
//	audiencias.json asistentes.json viajes.json donativos.json
//
// and the data dictionary /lobby/datos/ that documents every column.
//
// CSV files follow RFC 4180 (encoding/csv with CRLF line ends), UTF-8
// without BOM, with a header row. Each JSON file is an array of objects with
// exactly the CSV's keys, in the same order. Column names are stable
// snake_case in Spanish: renaming one breaks whoever reads the data, so a
// change here is a change of the published contract.
//
// Values are as editors wrote them: codes, not labels (the dictionary gives
// the labels), dates in ISO 8601 (2026-11-18), date-times with their offset
// (2026-11-18T09:00:00-03:00), money in whole pesos as integers. A list is
// a JSON array and, in CSV, its elements joined by " | ". A value that is not
// known is "" in CSV and null in JSON. A protected attendee is a row with an
// empty name and reservado true, so counts stay right without revealing who.

// listSep joins list values in CSV cells. Names of firms contain commas
// and, now and then, semicolons ("Telecom; Andinas"), which would make a
// cell ambiguous; a vertical bar does not occur in names.
const listSep = " | "

// Column is one documented column of a data set.
type Column struct {
	Key    string // "fecha_salida"
	Term   string // what it records, in the law's words
	Format string // "fecha AAAA-MM-DD", "número entero", …
}

// column is a Column and how to read it from a row of type T. value
// returns a string, []string, int64, bool or nil (unknown).
type column[T any] struct {
	Column
	value func(T) any
}

func col[T any](key, term, format string, value func(T) any) column[T] {
	return column[T]{Column{key, term, format}, value}
}

// DataSet is a published table, for the dictionary page.
type DataSet struct {
	Name        string // "audiencias": file names without extension
	Title       string
	Description string
	CSV, JSON   string // URLs
	Rows        int
	Columns     []Column
}

// DataFile links one data set in both formats.
type DataFile struct{ Name, CSV, JSON string }

// table is a data set with its rows, ready to encode.
type table struct {
	DataSet
	header []string
	rows   [][]any
}

func makeTable[T any](name, title, description string, cols []column[T], rows []T) *table {
	t := &table{DataSet: DataSet{Name: name, Title: title, Description: description,
		CSV: "/lobby/datos/" + name + ".csv", JSON: "/lobby/datos/" + name + ".json", Rows: len(rows)}}
	for _, c := range cols {
		t.Columns = append(t.Columns, c.Column)
		t.header = append(t.header, c.Key)
	}
	for _, row := range rows {
		vals := make([]any, len(cols))
		for i, c := range cols {
			vals[i] = c.value(row)
		}
		t.rows = append(t.rows, vals)
	}
	return t
}

// encodeCSV writes the table as RFC 4180 CSV with CRLF line ends.
func (t *table) encodeCSV() ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	if err := w.Write(t.header); err != nil {
		return nil, err
	}
	rec := make([]string, len(t.header))
	for _, row := range t.rows {
		for i, v := range row {
			rec[i] = csvCell(v)
		}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

func csvCell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []string:
		return strings.Join(x, listSep)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	}
	panic("opendata: unexpected value type")
}

// encodeJSON writes the table as an array of objects whose keys keep the
// column order (encoding/json would sort a map's keys), one object per
// line so that diffs between builds stay readable.
func (t *table) encodeJSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // names with "&" stay readable; this is not HTML
	b.WriteString("[")
	for i, row := range t.rows {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n{")
		for j, v := range row {
			if j > 0 {
				b.WriteString(",")
			}
			if err := enc.Encode(t.header[j]); err != nil {
				return nil, err
			}
			trimNewline(&b)
			b.WriteString(":")
			if list, ok := v.([]string); ok && list == nil {
				v = []string{} // an empty list is [], not null
			}
			if err := enc.Encode(v); err != nil {
				return nil, err
			}
			trimNewline(&b)
		}
		b.WriteString("}")
	}
	if len(t.rows) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("]\n")
	return b.Bytes(), nil
}

// trimNewline drops the newline json.Encoder writes after each value.
func trimNewline(b *bytes.Buffer) { b.Truncate(b.Len() - 1) }

// attendeeRow is one attendee of one audience: the rows of asistentes.
type attendeeRow struct {
	a     *AudienceView
	n     int // 1-based position in the audience's list
	v     AttendeeView
	wrote content.Attendee
}

// lobbyTables builds the four data sets from the resolved registries.
func (r *Renderer) lobbyTables(l *lobby) []*table {
	iso := func(t time.Time) any { return t.In(r.loc).Format(time.RFC3339) }
	date := func(d content.Date) any { return d.String() }
	abs := func(it content.Item) any { return r.AbsURL(it.URL()) }
	officialName := func(o *OfficialLink) any {
		if o == nil {
			return nil
		}
		return o.Name
	}
	officialPosition := func(o *OfficialLink) any {
		if o == nil {
			return nil
		}
		return o.Position
	}
	partyNames := func(ps []content.Party) any {
		out := make([]string, len(ps))
		for i, p := range ps {
			out[i] = p.Name
		}
		return out
	}

	audiences := makeTable("audiencias", "Audiencias y reuniones",
		"Una fila por audiencia o reunión con lobbistas o gestores de intereses particulares (Ley 20.730, artículo 8, n.º 1).",
		[]column[*AudienceView]{
			col("id", "Identificador del registro en este sitio", "texto", func(a *AudienceView) any { return a.Doc.Slug }),
			col("url", "Página del registro", "URL", func(a *AudienceView) any { return abs(a.Audience) }),
			col("titulo", "Título, como se muestra en el sitio", "texto", func(a *AudienceView) any { return a.Heading }),
			col("fecha", "Fecha de la audiencia", "fecha AAAA-MM-DD", func(a *AudienceView) any { return date(a.Date) }),
			col("inicio", "Hora de inicio", "fecha y hora ISO 8601 con diferencia horaria", func(a *AudienceView) any { return iso(a.Start) }),
			col("termino", "Hora de término", "fecha y hora ISO 8601 con diferencia horaria", func(a *AudienceView) any { return iso(a.End) }),
			col("sujetos_pasivos", "Sujetos pasivos presentes (identificadores; ver autoridades en /lobby/)", "lista", func(a *AudienceView) any { return append([]string(nil), a.Audience.Officials...) }),
			col("sujetos_pasivos_nombres", "Nombre de los sujetos pasivos, en el mismo orden", "lista", func(a *AudienceView) any {
				return mapOfficials(a.Officials, func(o *OfficialLink) string { return o.Name })
			}),
			col("sujetos_pasivos_cargos", "Cargo de los sujetos pasivos, en el mismo orden", "lista", func(a *AudienceView) any {
				return mapOfficials(a.Officials, func(o *OfficialLink) string { return o.Position })
			}),
			col("modalidad", "Forma: in_person (presencial) o videoconference (videoconferencia)", "código", func(a *AudienceView) any { return a.Audience.Modality }),
			col("lugar", "Lugar donde se realizó", "texto", func(a *AudienceView) any { return a.Place }),
			col("materia", "Materia específica tratada", "texto", func(a *AudienceView) any { return a.SubjectMatter }),
			col("decisiones", "Decisiones que se buscaba influir: administrative_act (acto administrativo), contract (contrato), policy_plan_program (política, plan o programa), legislative (proyecto de ley o reglamento), prevent (evitar la adopción de una decisión)", "lista de códigos", func(a *AudienceView) any { return append([]string(nil), a.DecisionCategories...) }),
			col("representados", "Personas o entidades cuyos intereses se representaron", "lista", func(a *AudienceView) any {
				return mapRepresented(a.Audience, func(p content.Represented) string { return p.Name })
			}),
			col("representados_tipo", "Tipo de cada representado, en el mismo orden: legal_person (persona jurídica) o natural_person (persona natural)", "lista de códigos", func(a *AudienceView) any {
				return mapRepresented(a.Audience, func(p content.Represented) string { return p.Kind })
			}),
			col("representados_rut", "RUT de cada representado, en el mismo orden; vacío para personas naturales", "lista", func(a *AudienceView) any {
				return mapRepresented(a.Audience, func(p content.Represented) string { return string(p.RUT) })
			}),
			col("asistentes", "Número de asistentes, incluidos los de identidad reservada (detalle en asistentes)", "número entero", func(a *AudienceView) any { return int64(len(a.Attendees)) }),
			col("infolobby_codigo", "Código del registro en InfoLobby", "texto", func(a *AudienceView) any { return a.InfolobbyCode }),
			col("infolobby_url", "Registro en InfoLobby", "URL", func(a *AudienceView) any { return a.InfolobbyURL }),
		}, l.audiences)

	var attendees []attendeeRow
	for _, a := range l.audiences {
		for i, at := range a.Attendees {
			attendees = append(attendees, attendeeRow{a: a, n: i + 1, v: at, wrote: a.Audience.Attendees[i]})
		}
	}
	attendeeTable := makeTable("asistentes", "Asistentes a las audiencias",
		"Una fila por asistente de cada audiencia (lobbistas y gestores de intereses particulares). Los asistentes de identidad reservada (dictamen CGR 13.392/2016) figuran sin nombre.",
		[]column[attendeeRow]{
			col("audiencia", "Identificador de la audiencia (columna id de audiencias)", "texto", func(x attendeeRow) any { return x.a.Doc.Slug }),
			col("fecha", "Fecha de la audiencia", "fecha AAAA-MM-DD", func(x attendeeRow) any { return date(x.a.Date) }),
			col("orden", "Posición del asistente en el registro", "número entero", func(x attendeeRow) any { return int64(x.n) }),
			col("reservado", "Identidad reservada", "true o false", func(x attendeeRow) any { return x.v.Protected }),
			col("nombre", "Nombre del asistente; vacío si es reservado", "texto", func(x attendeeRow) any { return x.v.Name }),
			col("remunerado", "Si recibe remuneración por la gestión (lobbista) o no (gestor de intereses particulares); vacío o null si no se informó", "true o false", func(x attendeeRow) any {
				if x.wrote.Paid == nil {
					return nil
				}
				return *x.wrote.Paid
			}),
			col("calidad", "Calidad del asistente: Lobbista o Gestor(a) de intereses particulares", "texto", func(x attendeeRow) any { return x.v.Role }),
			col("empleador", "Empleador o entidad para la que trabaja", "texto", func(x attendeeRow) any { return x.v.Employer }),
			col("representa", "A quiénes representa (nombres, como en representados)", "lista", func(x attendeeRow) any { return append([]string(nil), x.v.Represents...) }),
		}, attendees)

	trips := makeTable("viajes", "Viajes",
		"Una fila por viaje realizado por una autoridad en el ejercicio de sus funciones (Ley 20.730, artículo 8, n.º 2).",
		[]column[*TripView]{
			col("id", "Identificador del registro en este sitio", "texto", func(t *TripView) any { return t.Doc.Slug }),
			col("url", "Página del registro", "URL", func(t *TripView) any { return abs(t.Trip) }),
			col("titulo", "Título, como se muestra en el sitio", "texto", func(t *TripView) any { return t.Heading }),
			col("autoridad", "Sujeto pasivo que viajó (identificador)", "texto", func(t *TripView) any { return t.Trip.Official }),
			col("autoridad_nombre", "Nombre del sujeto pasivo", "texto", func(t *TripView) any { return officialName(t.Official) }),
			col("cargo", "Cargo del sujeto pasivo", "texto", func(t *TripView) any { return officialPosition(t.Official) }),
			col("fecha_salida", "Fecha de salida", "fecha AAAA-MM-DD", func(t *TripView) any { return date(t.StartDate) }),
			col("fecha_regreso", "Fecha de regreso; vacía si el viaje fue de un día", "fecha AAAA-MM-DD", func(t *TripView) any { return date(t.EndDate) }),
			col("destino", "Destino (ciudad o lugar)", "texto", func(t *TripView) any { return t.Destination.Place }),
			col("pais", "País de destino", "código ISO 3166-1 de dos letras", func(t *TripView) any { return t.Destination.Country }),
			col("objeto", "Objeto del viaje", "texto", func(t *TripView) any { return t.Purpose }),
			col("costo_total", "Costo total", "número entero, pesos chilenos", func(t *TripView) any { return int64(t.TotalCost) }),
			col("financistas", "Personas o entidades que financiaron el viaje", "lista", func(t *TripView) any { return partyNames(t.Funders) }),
		}, l.trips)

	gifts := makeTable("donativos", "Donativos",
		"Una fila por donativo oficial o protocolar, o regalo de cortesía, recibido por una autoridad (Ley 20.730, artículo 8, n.º 3).",
		[]column[*GiftView]{
			col("id", "Identificador del registro en este sitio", "texto", func(g *GiftView) any { return g.Doc.Slug }),
			col("url", "Página del registro", "URL", func(g *GiftView) any { return abs(g.Gift) }),
			col("titulo", "Título, como se muestra en el sitio", "texto", func(g *GiftView) any { return g.Heading }),
			col("autoridad", "Sujeto pasivo que lo recibió (identificador)", "texto", func(g *GiftView) any { return g.Gift.Official }),
			col("autoridad_nombre", "Nombre del sujeto pasivo", "texto", func(g *GiftView) any { return officialName(g.Official) }),
			col("cargo", "Cargo del sujeto pasivo", "texto", func(g *GiftView) any { return officialPosition(g.Official) }),
			col("fecha", "Fecha en que se recibió", "fecha AAAA-MM-DD", func(g *GiftView) any { return date(g.Date) }),
			col("descripcion", "Individualización del regalo o donativo", "texto", func(g *GiftView) any { return g.Description }),
			col("ocasion", "Ocasión en que se recibió", "texto", func(g *GiftView) any { return g.Occasion }),
			col("clasificacion", "Clasificación: official (oficial), protocol (protocolar) o courtesy (de cortesía); vacía si no se indicó", "código", func(g *GiftView) any { return g.Gift.Classification }),
			col("donantes", "Personas o entidades que lo entregaron", "lista", func(g *GiftView) any { return partyNames(g.Donors) }),
			col("donantes_tipo", "Tipo de cada donante, en el mismo orden: legal_person, natural_person o vacío", "lista de códigos", func(g *GiftView) any {
				out := make([]string, len(g.Donors))
				for i, p := range g.Donors {
					out[i] = p.Kind
				}
				return out
			}),
		}, l.gifts)

	return []*table{audiences, attendeeTable, trips, gifts}
}

func mapOfficials(os []*OfficialLink, f func(*OfficialLink) string) []string {
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = f(o)
	}
	return out
}

func mapRepresented(a *content.Audience, f func(content.Represented) string) []string {
	out := make([]string, len(a.Represented))
	for i, p := range a.Represented {
		out[i] = f(p)
	}
	return out
}

// DataView is the Data of the dictionary page /lobby/datos/.
type DataView struct {
	Sets      []DataSet
	Separator string
}

// openDataJobs encodes each table in both formats and renders the
// dictionary.
func (r *Renderer) openDataJobs(l *lobby) []func() {
	tables := r.lobbyTables(l)
	jobs := []func(){func() {
		v := &DataView{Separator: strings.TrimSpace(listSep)}
		for _, t := range tables {
			v.Sets = append(v.Sets, t.DataSet)
		}
		r.page("/lobby/datos/", "lobby-datos.html", &Page{
			Title:       "Datos abiertos de la Ley del Lobby",
			Description: "Audiencias, asistentes, viajes y donativos en CSV y JSON, con la descripción de cada columna.",
			Breadcrumbs: []Crumb{{"Inicio", "/"}, {"Ley del Lobby", "/lobby/"}},
			Data:        v,
		})
	}}
	for _, t := range tables {
		jobs = append(jobs, func() {
			// Both files are the table's header and rows: serve takes them
			// from the previous output when those hash the same
			// (memoFile), rather than encode 1,000 rows after every edit.
			inputs := struct {
				Header []string
				Rows   [][]any
			}{t.header, t.rows}
			if err := r.memoFile(t.CSV, inputs, t.encodeCSV); err != nil {
				r.errorf(content.Pos{File: "content/lobby"}, "no se pudo generar %s: %v", t.CSV, err)
				return
			}
			if err := r.memoFile(t.JSON, inputs, t.encodeJSON); err != nil {
				r.errorf(content.Pos{File: "content/lobby"}, "no se pudo generar %s: %v", t.JSON, err)
			}
		})
	}
	return jobs
}

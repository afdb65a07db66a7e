package sitegen

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The prose is "Spanish-ish": grammatical-looking sentences assembled from a
// small lexicon. What matters for a benchmark is that the Markdown has the
// shape and character mix (accents, ñ, punctuation) of real press releases,
// not that it makes sense.

var (
	determiners = []string{"el", "la", "los", "las", "un", "una", "este", "esta", "cada", "nuestro", "nuestra"}
	nouns       = []string{
		"municipio", "vecinos", "comuna", "programa", "proyecto", "sector", "barrio", "plaza", "calle",
		"avenida", "servicio", "atención", "salud", "educación", "cultura", "deporte", "seguridad",
		"desarrollo", "comunidad", "familia", "niñez", "juventud", "organización", "junta de vecinos",
		"territorio", "inversión", "obra", "pavimentación", "iluminación", "área verde", "reciclaje",
		"residuo", "agua potable", "transporte", "consultorio", "escuela", "liceo", "biblioteca", "taller",
		"feria", "jornada", "operativo", "convenio", "gobierno regional", "ministerio", "recurso",
		"fondo concursable", "postulación", "beneficio", "subsidio", "vivienda", "emprendimiento",
		"comercio local", "empleo", "capacitación", "participación", "concejo municipal", "alcaldía",
		"dirección", "oficina", "equipo", "funcionaria", "mejoramiento", "mantención", "construcción",
		"etapa", "temporada", "ciclovía", "paradero", "luminaria", "cancha", "sede social", "huerto",
	}
	adjectives = []string{
		"municipal", "comunal", "nuevo", "nueva", "público", "pública", "local", "social", "integral",
		"sostenible", "vecinal", "gratuito", "gratuita", "regional", "histórico", "histórica", "principal",
		"moderno", "accesible", "inclusiva", "segura", "participativo", "ambiental", "deportiva",
	}
	verbs = []string{
		"permite", "busca", "considera", "contempla", "beneficia", "fortalece", "mejora", "impulsa",
		"promueve", "garantiza", "incluye", "amplía", "recupera", "acerca", "articula", "financia",
		"coordina", "prioriza", "renueva", "acompaña", "reconoce", "convoca",
	}
	prepositions = []string{"en", "con", "para", "desde", "hasta", "durante", "entre", "sobre", "junto a", "frente a"}
	connectors   = []string{"y", "mientras", "porque", "aunque", "de modo que", "así como"}
	speechVerbs  = []string{"señaló", "explicó", "indicó", "agregó", "destacó", "afirmó", "sostuvo"}

	headings = []string{
		"Una obra esperada por la comunidad", "Cómo postular", "Plazos y requisitos", "Inversión y financiamiento",
		"Lo que viene", "Participación de los vecinos", "Detalles de la iniciativa", "Antecedentes",
		"Beneficiarios", "Próximos pasos", "Horarios y lugares de atención", "Un trabajo conjunto",
		"Más información", "Resultados de la primera etapa", "Compromiso con la comuna",
	}

	neighborhoods = []string{
		"Los Aromos", "Villa Sur", "El Bosque", "Las Acacias", "San Rafael", "Población Esperanza",
		"Santa Elena", "Los Copihues", "El Mirador", "Villa Los Andes", "La Portada", "Los Quillayes",
		"Las Araucarias", "El Peñón", "Villa O'Higgins", "Lo Cañas", "Los Maitenes", "La Higuera",
		"Villa Ñuble", "El Arrayán", "Los Boldos", "Santa Teresa", "San Ignacio", "La Quebrada",
	}
	streets = []string{
		"Av. Principal", "Calle Los Copihues", "Pasaje Las Acacias", "Av. Libertador Bernardo O'Higgins",
		"Calle Gabriela Mistral", "Av. Pedro de Valdivia", "Calle Violeta Parra", "Av. Los Presidentes",
		"Calle Arturo Prat", "Pasaje El Roble", "Calle Manuel Rodríguez", "Av. Vicuña Mackenna",
	}
	firstNames = []string{
		"María", "José", "Camila", "Juan", "Valentina", "Francisco", "Constanza", "Matías", "Javiera",
		"Sebastián", "Catalina", "Diego", "Fernanda", "Cristóbal", "Daniela", "Felipe", "Ignacia",
		"Rodrigo", "Paz", "Tomás", "Antonia", "Nicolás", "Josefa", "Benjamín", "Ximena", "Héctor",
	}
	surnames = []string{
		"González", "Muñoz", "Rojas", "Díaz", "Pérez", "Soto", "Contreras", "Silva", "Martínez",
		"Sepúlveda", "Morales", "Rodríguez", "López", "Fuentes", "Hernández", "Torres", "Araya",
		"Flores", "Espinoza", "Valenzuela", "Castillo", "Tapia", "Reyes", "Gutiérrez", "Castro",
		"Pizarro", "Álvarez", "Vásquez", "Sánchez", "Fernández", "Ramírez", "Carrasco", "Núñez",
	}
	companyStems = []string{
		"Inmobiliaria", "Constructora", "Asesorías", "Transportes", "Comercial", "Servicios", "Ingeniería",
		"Inversiones", "Agrícola", "Distribuidora", "Consultora", "Tecnologías",
	}
	companyForms = []string{"SpA", "S.A.", "Ltda.", "EIRL"}
	nonProfits   = []string{
		"Junta de Vecinos", "Club Deportivo", "Centro de Padres", "Agrupación Cultural",
		"Comité de Vivienda", "Club de Adulto Mayor", "Fundación", "Corporación",
	}
	externalLinks = []string{
		"https://www.bcn.cl/leychile/navegar?idNorma=1008761",
		"https://www.infolobby.cl/",
		"https://www.gob.cl/",
		"https://www.subdere.gov.cl/",
		"https://www.chileatiende.gob.cl/",
		"https://www.minvu.gob.cl/",
		"https://www.mma.gob.cl/",
		"https://www.senda.gob.cl/",
		"https://www.consejotransparencia.cl/",
		"https://www.sence.gob.cl/",
	}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// between returns an int in [lo, hi].
func between(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

func personName(r *rand.Rand) string {
	return pick(r, firstNames) + " " + pick(r, surnames) + " " + pick(r, surnames)
}

func companyName(r *rand.Rand) string {
	return pick(r, companyStems) + " " + pick(r, surnames) + " " + pick(r, companyForms)
}

func nonProfitName(r *rand.Rand) string {
	return pick(r, nonProfits) + " " + pick(r, neighborhoods)
}

// prose writes Markdown prose into b. Each sentence is assembled in the
// scratch buffer s first, so it can be capitalised without re-copying b.
type prose struct {
	r *rand.Rand
	b *strings.Builder
	s []byte // reused across sentences
}

func (p *prose) word(w string) {
	p.s = append(p.s, w...)
}

func (p *prose) nounPhrase() {
	p.word(pick(p.r, determiners))
	p.s = append(p.s, ' ')
	p.word(pick(p.r, nouns))
	if chance(p.r, 0.4) {
		p.s = append(p.s, ' ')
		p.word(pick(p.r, adjectives))
	}
	if chance(p.r, 0.25) {
		p.s = append(p.s, " de "...)
		p.word(pick(p.r, neighborhoods))
	}
}

// sentence writes one sentence; some carry emphasis, so the renderer sees
// inline markup and not only plain paragraphs.
func (p *prose) sentence() {
	p.s = p.s[:0]
	p.nounPhrase()
	p.s = append(p.s, ' ')
	p.word(pick(p.r, verbs))
	p.s = append(p.s, ' ')
	p.nounPhrase()
	for i := p.r.IntN(3); i > 0; i-- {
		p.s = append(p.s, ' ')
		p.word(pick(p.r, prepositions))
		p.s = append(p.s, ' ')
		p.nounPhrase()
	}
	if chance(p.r, 0.3) {
		p.s = append(p.s, ", "...)
		p.word(pick(p.r, connectors))
		p.s = append(p.s, ' ')
		p.nounPhrase()
		p.s = append(p.s, ' ')
		p.word(pick(p.r, verbs))
		p.s = append(p.s, ' ')
		p.nounPhrase()
	}
	switch p.r.IntN(10) {
	case 0:
		p.s = append(p.s, ", *"...)
		p.word(pick(p.r, speechVerbs) + " la autoridad")
		p.s = append(p.s, "*"...)
	case 1:
		p.s = append(p.s, " **"...)
		p.word(pick(p.r, adjectives))
		p.s = append(p.s, "**"...)
	}
	p.s = append(p.s, '.')
	// Capitalise the first letter (it may be a multi-byte one: "Él").
	c, n := utf8.DecodeRune(p.s)
	p.b.WriteRune(unicode.ToUpper(c))
	p.b.Write(p.s[n:])
}

func (p *prose) paragraph(minSentences, maxSentences int) {
	for i := between(p.r, minSentences, maxSentences); i > 0; i-- {
		p.sentence()
		if i > 1 {
			p.b.WriteByte(' ')
		}
	}
	p.b.WriteString("\n\n")
}

// slugify folds a Spanish title into the slug alphabet of CONTENT.md
// (lower-case ASCII letters, digits and '-'), at most max bytes, cut at a
// word boundary.
func slugify(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		switch c {
		case 'á', 'à', 'ä':
			c = 'a'
		case 'é', 'è', 'ë':
			c = 'e'
		case 'í', 'ï':
			c = 'i'
		case 'ó', 'ö':
			c = 'o'
		case 'ú', 'ü':
			c = 'u'
		case 'ñ':
			c = 'n'
		}
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(c)
			continue
		}
		dash = true
	}
	out := b.String()
	if len(out) > max {
		out = out[:max]
		if i := strings.LastIndexByte(out, '-'); i > 0 {
			out = out[:i]
		}
	}
	return out
}

package content

// Section is one type of content: the folder its files live in, whether
// their names start with a date, what the type is called, and how an item
// of it is made. Sections is the one table of types: the loader classifies
// files by it, and `cabildo new`, `cabildo schema` and the CMS iterate it,
// so a new type is one row here plus its struct.
type Section struct {
	Kind   Kind
	Folder string // "content/prensa"; "content" for pages
	Dated  bool   // file names start with AAAA-MM-DD-
	Title  string // the type's name in Spanish: "Comunicado de prensa"
	New    func() Item
}

// Sections lists every type, in the order of CONTENT.md.
var Sections = []Section{
	{KindPress, "content/prensa", true, "Comunicado de prensa", func() Item { return &PressRelease{} }},
	{KindEvent, "content/eventos", true, "Evento", func() Item { return &Event{} }},
	{KindAudience, "content/lobby/audiencias", true, "Audiencia de lobby", func() Item { return &Audience{} }},
	{KindTrip, "content/lobby/viajes", true, "Viaje (Ley del Lobby)", func() Item { return &Trip{} }},
	{KindGift, "content/lobby/donativos", true, "Donativo (Ley del Lobby)", func() Item { return &Gift{} }},
	{KindContact, "content/contactos", false, "Contacto del directorio", func() Item { return &Contact{} }},
	{KindPage, "content", false, "Página", func() Item { return &Page{} }},
	{KindReport, "content/informes", false, "Informe trimestral del Gabinete", func() Item { return &Report{} }},
	{KindPublication, "content/publicaciones", false, "Publicación", func() Item { return &Publication{} }},
	{KindInstitution, "content/instituciones", false, "Autoridad o institución", func() Item { return &Institution{} }},
}

// SectionOf returns the section of kind k.
func SectionOf(k Kind) (Section, bool) {
	for _, s := range Sections {
		if s.Kind == k {
			return s, true
		}
	}
	return Section{}, false
}

// SectionAt returns the section whose items live directly in folder
// ("content/prensa"). Pages, whose folder is content/ itself, are not
// returned: content/ holds sections too, and the loader decides there.
func SectionAt(folder string) (Section, bool) {
	for _, s := range Sections {
		if s.Folder == folder && s.Kind != KindPage {
			return s, true
		}
	}
	return Section{}, false
}

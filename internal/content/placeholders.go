package content

// Texts that `cabildo new` writes where the editor must write their own
// (package archetype writes them from here, so there is one list). A file
// that still holds one of them once it is no longer a draft is an error:
// «Escriba aquí un resumen…» would be published. Values that are plausible
// as they are (an address, a phone) are examples, not placeholders, and
// are not listed.
const (
	PlaceholderSummary         = "Escriba aquí un resumen de una o dos oraciones."
	PlaceholderSummaryExample  = "Una o dos oraciones que resuman el contenido."
	PlaceholderPressBody       = "Escriba aquí el texto del comunicado. El primer párrafo debe responder qué, quién, cuándo y dónde."
	PlaceholderEventBody       = "Escriba aquí la descripción del evento: programa, a quién está dirigido y cómo participar."
	PlaceholderContactBody     = "Puede describir aquí las funciones de la unidad."
	PlaceholderPageBody        = "Escriba aquí el texto de la página."
	PlaceholderReportArea      = "Escriba aquí lo principal de la gestión del trimestre en esta área."
	PlaceholderPlaceName       = "Nombre del lugar"
	PlaceholderAudiencePlace   = "Lugar de la audiencia"
	PlaceholderSubjectMatter   = "Describa la materia tratada."
	PlaceholderPersonName      = "Nombre Apellido"
	PlaceholderDestination     = "Ciudad de destino"
	PlaceholderPurpose         = "Describa el objeto del viaje."
	PlaceholderFunder          = "Nombre de quien financió el viaje"
	PlaceholderGiftDescription = "Describa lo que se recibió."
	PlaceholderOccasion        = "Ocasión en que se recibió."
	PlaceholderDonor           = "Nombre de quien donó"
	PlaceholderPosition        = "Cargo o nombre de la unidad"
	PlaceholderAlt             = "Describa lo que muestra la imagen"
	PlaceholderCaption         = "Pie de foto"
	PlaceholderCredit          = "Nombre del fotógrafo"
	PlaceholderDocumentTitle   = "Nombre del documento"
	PlaceholderCorrection      = "Qué se corrigió."
	PlaceholderAccessNotes     = "Otros detalles de accesibilidad"
	PlaceholderEmployer        = "Empresa que le paga"
	PlaceholderRepresented     = "Nombre o razón social"
)

// Placeholders lists the texts above, longest first, so that a text that
// contains another is reported as itself.
var Placeholders = []string{
	PlaceholderPressBody, PlaceholderEventBody, PlaceholderReportArea, PlaceholderContactBody,
	PlaceholderSummary, PlaceholderSummaryExample, PlaceholderPageBody,
	PlaceholderFunder, PlaceholderSubjectMatter, PlaceholderGiftDescription,
	PlaceholderPurpose, PlaceholderOccasion, PlaceholderPosition,
	PlaceholderAlt, PlaceholderAccessNotes, PlaceholderAudiencePlace,
	PlaceholderDonor, PlaceholderDocumentTitle, PlaceholderRepresented,
	PlaceholderEmployer, PlaceholderDestination, PlaceholderCredit,
	PlaceholderCorrection, PlaceholderPlaceName, PlaceholderPersonName,
	PlaceholderCaption,
}

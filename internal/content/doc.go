// Package content is Cabildo's domain model: the site, its pages, press
// releases, events, lobby-law records (Ley 20.730) and contacts, the values
// editors write in them (dates, local date-times, phones, money, RUTs), and
// the rules that make a site valid.
//
// It is the leaf of the program: it knows nothing of files, YAML, Markdown or
// HTML. Package load fills these types from a content folder and records, in
// each item's Doc, where every value was written, so that the validation here
// can name the file, line and column of any mistake.
//
// The contract with editors is ../shared/CONTENT.md; the struct tags below are
// its machine-readable form. Each field's `yaml` tag is the key editors write,
// `doc` its Spanish description (used in error messages and JSON Schemas),
// `required` marks a key that must be present and `enum` lists the accepted
// codes, separated by "|".
//
// Diagnostics are reported, never thrown: every check appends to a
// Diagnostics list so that one build shows every mistake at once.
package content

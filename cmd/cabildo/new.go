package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"time"

	"cabildo/internal/archetype"
	"cabildo/internal/content"
	"cabildo/internal/load"
)

func init() {
	commands = append(commands, command{"new", "crea un texto nuevo con todas sus claves explicadas", runNew})
}

func runNew(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("new", stderr)
	src := fl.String("src", ".", "`CARPETA` del sitio (la que contiene content/)")
	fecha := fl.String("fecha", "", "fecha del texto (`AAAA-MM-DD`), al comienzo del nombre del archivo; por omisión, la de -inicio o la de hoy en la zona horaria del sitio")
	inicio := fl.String("inicio", "", "inicio de un evento (`AAAA-MM-DDTHH:MM`, su start); también da la fecha del nombre del archivo si no hay -fecha")
	carpeta := fl.Bool("carpeta", false, "crea una carpeta con index.md (comunicados y eventos), para guardar las fotos y documentos junto al texto")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "uso: cabildo new [-src CARPETA] [-fecha AAAA-MM-DD] [-inicio AAAA-MM-DDTHH:MM] [-carpeta] <tipo> \"Título\"\n\ntipos: %s\n\n", archetype.Names())
		printOptions(stderr, fl)
	}
	// Flags may come before or after the type and the title.
	var pos []string
	for rest := args; ; {
		if err := parseFlags(fl, rest); err != nil {
			return err
		}
		if fl.NArg() == 0 {
			break
		}
		pos = append(pos, fl.Arg(0))
		rest = fl.Args()[1:]
	}
	if len(pos) != 2 {
		fl.Usage()
		return usageErr("indique el tipo y el título, como: cabildo new prensa \"Feria navideña en la plaza\"")
	}
	kind, ok := archetype.Lookup(pos[0])
	if !ok {
		return usageErr("tipo desconocido %q: use uno de %s", pos[0], archetype.Names())
	}
	title := strings.TrimSpace(pos[1])
	if title == "" {
		return usageErr("el título está vacío")
	}

	root, err := os.OpenRoot(*src)
	if err != nil {
		return usageErr("no se puede abrir la carpeta del sitio %s: %v", *src, err)
	}
	defer root.Close()
	cfg, diags := load.Config(root.FS())
	if diags.HasErrors() {
		// The file can still be written; its dates use the zone read so far.
		fmt.Fprintf(stderr, "aviso: %s tiene errores (revíselos con cabildo check); se usa la zona horaria %s\n", load.SiteFile, cfg.Location)
	}
	day := content.DateOf(time.Now().In(cfg.Location))
	if *inicio != "" {
		if kind.Kind != content.KindEvent {
			return usageErr("-inicio solo sirve para eventos: cabildo new -inicio 2027-01-15T19:00 evento \"Título\"")
		}
		start, err := content.ParseWhen(*inicio, cfg.Location)
		if err != nil {
			return usageErr("-inicio: %v", err)
		}
		// The file is named after the day the event starts, not the day
		// it was announced.
		day = content.DateOf(start.Instant(cfg.Location).In(cfg.Location))
	}
	if *fecha != "" {
		if day, err = content.ParseDate(*fecha); err != nil {
			return usageErr("-fecha: %v", err)
		}
	}
	name, err := kind.Path(title, day)
	if err != nil {
		return usageErr("%v", err)
	}
	if *carpeta {
		if kind.Kind != content.KindPress && kind.Kind != content.KindEvent {
			return usageErr("-carpeta solo sirve para comunicados y eventos: cabildo new -carpeta prensa \"Título\"")
		}
		// A bundle: the text is index.md, and its photos and documents
		// go beside it, referred to by their bare names (foto.jpg).
		name = archetype.Bundle(name)
	}
	if twin := archetype.Twin(name); exists(root, twin) {
		return &exitError{1, fmt.Sprintf("%s ya existe: no se crea %s, que se publicaría en la misma dirección; ábralo para editarlo, o use otro título o -fecha", twin, name)}
	}
	if err := root.MkdirAll(path.Dir(name), 0o755); err != nil {
		return &exitError{2, err.Error()}
	}
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return &exitError{1, fmt.Sprintf("%s ya existe: no se sobrescribe; ábralo para editarlo, o use otro título o -fecha", name)}
	}
	if err != nil {
		return &exitError{2, err.Error()}
	}
	if _, err := f.Write(archetype.Generate(kind, title, day, &cfg, *inicio)); err != nil {
		f.Close()
		root.Remove(name)
		return &exitError{2, err.Error()}
	}
	if err := f.Close(); err != nil {
		return &exitError{2, err.Error()}
	}
	fmt.Fprintf(stdout, "%s creado como borrador: complete los datos y quite «draft: true» para publicarlo\n", name)
	if *carpeta {
		fmt.Fprintf(stdout, "guarde las fotos y documentos en %s/ y nómbrelos sin carpeta: image: { src: foto.jpg, alt: \"…\" }\n", path.Dir(name))
	}
	return nil
}

// exists says whether the file name is in root; a file that cannot be
// looked at counts as missing, and creating it then reports why.
func exists(root *os.Root, name string) bool {
	_, err := root.Stat(name)
	return err == nil
}

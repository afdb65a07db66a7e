package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// ErrUnsafeDir is wrapped by the errors of Write that refuse a target
// directory because replacing it could destroy something that is not a
// previous output.
var ErrUnsafeDir = errors.New("carpeta de salida rechazada")

// Prefixes of the siblings Write creates beside the output directory
// "public": ".public.tmp-*" while building (and, after an exchange, the
// old tree being deleted), ".public.old-*" for the old tree in the
// two-rename fallback.
func tmpPrefix(base string) string { return "." + base + ".tmp-" }
func oldPrefix(base string) string { return "." + base + ".old-" }

// resolveTarget returns the absolute, symlink-free path of the output
// directory and refuses the ones whose replacement would be a disaster:
// the file system root and any directory that contains the current
// directory or the user's home. If dir is a symbolic link, the directory it
// points to is the one replaced; the link itself is kept.
func resolveTarget(dir string) (string, error) {
	if dir == "" {
		return "", fmt.Errorf("%w: no se indicó la carpeta de salida", ErrUnsafeDir)
	}
	abs, err := realPath(dir)
	if err != nil {
		return "", err
	}
	refuse := func(why string) error {
		return fmt.Errorf("%w: no se puede usar %s como carpeta de salida porque %s y se reemplaza completa en cada compilación; elija otra con -out",
			ErrUnsafeDir, dir, why)
	}
	if filepath.Dir(abs) == abs {
		return "", refuse("es la raíz del sistema de archivos")
	}
	if cwd, err := os.Getwd(); err == nil {
		if cwd, err := realPath(cwd); err == nil && within(cwd, abs) {
			return "", refuse("contiene la carpeta actual")
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		if home, err := realPath(home); err == nil && within(home, abs) {
			return "", refuse("contiene la carpeta personal del usuario")
		}
	}
	return abs, nil
}

// realPath makes p absolute and resolves the symbolic links of its
// existing part; a missing last element is kept as written.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err == nil {
		return real, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	parent, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return abs, nil // Write creates the parents; nothing to resolve yet.
		}
		return "", err
	}
	return filepath.Join(parent, filepath.Base(abs)), nil
}

// within reports whether path is dir or lies below it. Both are clean and
// absolute.
func within(path, dir string) bool {
	if path == dir {
		return true
	}
	if !strings.HasSuffix(dir, string(filepath.Separator)) {
		dir += string(filepath.Separator)
	}
	return strings.HasPrefix(path, dir)
}

// checkOwned refuses to replace an existing directory that is neither
// empty nor marked as a previous output. It reports whether dir exists.
func checkOwned(dir string) (exists bool, err error) {
	fi, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !fi.IsDir() {
		return true, fmt.Errorf("%w: %s existe y no es una carpeta; elija otra ruta con -out", ErrUnsafeDir, dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return true, err
	}
	if len(entries) == 0 {
		return true, nil
	}
	if i, ok := slices.BinarySearchFunc(entries, MarkerName, func(e fs.DirEntry, name string) int {
		return strings.Compare(e.Name(), name)
	}); ok && entries[i].Type().IsRegular() {
		return true, nil
	}
	return true, fmt.Errorf("%w: la carpeta %s no está vacía y no fue generada por cabildo (no tiene el archivo %s); "+
		"elija otra carpeta con -out o vacíela, porque cabildo reemplaza completa la carpeta de salida",
		ErrUnsafeDir, dir, MarkerName)
}

// recoverLeftovers repairs what a build killed mid-way left beside the
// output directory dir. If dir is missing but an old tree was set aside by
// the two-rename fallback, that complete old tree is put back. Every other
// leftover is garbage (a half-built new tree or a half-deleted old one)
// and is removed. The caller holds the parent's lock, so no other build
// is using them.
func recoverLeftovers(dir string, workers int) error {
	parent, base := filepath.Split(dir)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return err
	}
	var olds, garbage []string
	for _, e := range entries {
		switch name := e.Name(); {
		case strings.HasPrefix(name, oldPrefix(base)):
			olds = append(olds, filepath.Join(parent, name))
		case strings.HasPrefix(name, tmpPrefix(base)):
			garbage = append(garbage, filepath.Join(parent, name))
		}
	}
	if len(olds) > 0 {
		if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
			// Only one build runs at a time, so there is at most one old
			// tree; should there be more, the newest is the last published.
			slices.SortFunc(olds, func(a, b string) int { return modTime(b).Compare(modTime(a)) })
			if err := os.Rename(olds[0], dir); err != nil {
				return fmt.Errorf("no se pudo restaurar la versión anterior del sitio desde %s: %w", olds[0], err)
			}
			olds = olds[1:]
		}
		garbage = append(garbage, olds...)
	}
	for _, g := range garbage {
		if err := removeTree(g, workers); err != nil {
			return fmt.Errorf("no se pudo borrar %s, restos de una compilación interrumpida: %w", g, err)
		}
	}
	return nil
}

// modTime is the modification time of path, or the zero time if it
// cannot be read.
func modTime(path string) time.Time {
	if fi, err := os.Lstat(path); err == nil {
		return fi.ModTime()
	}
	return time.Time{}
}

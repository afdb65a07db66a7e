package imaging

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
)

// Store processes images once: it keeps every Result under a key made of
// the source's bytes, the operation and EncoderVersion (content-addressed:
// a photo renamed or copied to another release is not processed again; a
// new Cabildo that encodes differently does not reuse old files).
//
// With a folder, results are kept on disk (.cabildo/cache/resultados/
// beside content/), so that the next build does no image work; to avoid even
// reading an unchanged photo, the folder also remembers, by file path,
// size and modification time, the key of the bytes last seen there (the
// same test the build's stamp makes). Without a folder, results are kept
// in memory for the Store's life (serve keeps one Store while it runs).
//
// A Store is safe for concurrent use.
type Store struct {
	dir string
	mu  sync.Mutex
	mem map[string]*Result // by key; only without dir

	hits, misses atomic.Int64
}

// NewStore returns a Store that keeps its results in dir, or in memory if
// dir is "".
func NewStore(dir string) *Store {
	return &Store{dir: dir, mem: map[string]*Result{}}
}

// Stats reports how many images the Store took from its cache and how
// many it processed since it was made.
func (s *Store) Stats() (hits, misses int64) { return s.hits.Load(), s.misses.Load() }

// key is the cache key of data processed with op.
func key(data []byte, op Op) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", EncoderVersion, op)
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

// statKey names what the Store remembers of the file at name in fsys:
// the key of its bytes when it had this size and modification time.
func statKey(name string, info fs.FileInfo, op Op) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d\x00%d", EncoderVersion, op, name, info.Size(), info.ModTime().UnixNano())
	return hex.EncodeToString(h.Sum(nil))
}

// ProcessFile is Process for the file name of fsys, through the cache.
func (s *Store) ProcessFile(fsys fs.FS, name string, op Op) (*Result, error) {
	var sk string
	if s.dir != "" {
		if info, err := fs.Stat(fsys, name); err == nil {
			sk = statKey(name, info, op)
			// What the path led to last time: the key and the index of
			// its entry, so a rebuild reads one small file per image.
			if rec, err := os.ReadFile(s.path("rutas", sk)); err == nil {
				k, index, _ := bytes.Cut(rec, []byte("\n"))
				if res, err := s.loadIndex(string(k), index); err == nil {
					s.hits.Add(1)
					return res, nil
				}
			}
		}
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, errorf("no se pudo leer la imagen: %v", err)
	}
	res, k, err := s.process(name, data, op)
	if err == nil && sk != "" && res.Files[0].Path != "" {
		s.write(s.path("rutas", sk), append([]byte(k+"\n"), indexOf(res)...))
	}
	return res, err
}

func (s *Store) process(name string, data []byte, op Op) (*Result, string, error) {
	k := key(data, op)
	if s.dir == "" {
		s.mu.Lock()
		res := s.mem[k]
		s.mu.Unlock()
		if res != nil {
			s.hits.Add(1)
			return res, k, nil
		}
	} else if res, err := s.load(k); err == nil {
		s.hits.Add(1)
		return res, k, nil
	}
	s.misses.Add(1)
	res, err := Process(name, data, op)
	if err != nil {
		return nil, k, err // errors are cheap to find again, and get fixed
	}
	if s.dir == "" {
		s.mu.Lock()
		s.mem[k] = res
		s.mu.Unlock()
	} else {
		s.save(k, res)
	}
	return res, k, nil
}

func (s *Store) path(kind, k string) string {
	return filepath.Join(s.dir, kind, k[:2], k)
}

// A result on disk is a folder named by its key (under resultados/): one
// file per File, named by its place and extension ("0.jpg", "1.webp",
// …), and indice.json describing them, written last, so that a folder
// without it is an entry a killed build left unfinished. The files are
// readable by all: a build publishes them as hard links (see File.Path),
// so a rebuild neither reads nor copies an unchanged photo's variants.
type diskFile struct {
	Suffix string `json:"s"`
	Width  int    `json:"w"`
	Height int    `json:"h"`
	Format Format `json:"f"`
	Size   int64  `json:"n"`
}

const indexName = "indice.json"

// save writes res to the cache and makes its files point there,
// dropping their bytes from memory.
func (s *Store) save(k string, res *Result) {
	dir := s.path("resultados", k)
	paths := make([]string, len(res.Files))
	infos := make([]fs.FileInfo, len(res.Files))
	for i, f := range res.Files {
		paths[i] = filepath.Join(dir, fmt.Sprintf("%d%s", i, f.Format.Ext()))
		if !s.write(paths[i], f.Data) {
			return // the result stays in memory; the cache only costs time
		}
		var err error
		if infos[i], err = os.Stat(paths[i]); err != nil {
			return
		}
	}
	if !s.write(filepath.Join(dir, indexName), indexOf(res)) {
		return
	}
	for i := range res.Files {
		res.Files[i].Data, res.Files[i].Path, res.Files[i].info = nil, paths[i], infos[i]
	}
}

// indexOf describes the files of res, for indice.json.
func indexOf(res *Result) []byte {
	head := make([]diskFile, len(res.Files))
	for i, f := range res.Files {
		head[i] = diskFile{f.Suffix, f.Width, f.Height, f.Format, f.Size}
	}
	index, _ := json.Marshal(head)
	return index
}

var errBadCache = errors.New("entrada del caché dañada")

// load returns the result kept under k, its files pointing into the
// cache; a file missing or of another size makes the entry a miss.
func (s *Store) load(k string) (*Result, error) {
	index, err := os.ReadFile(filepath.Join(s.path("resultados", k), indexName))
	if err != nil {
		return nil, err
	}
	return s.loadIndex(k, index)
}

// loadIndex is load with the entry's index already read.
func (s *Store) loadIndex(k string, index []byte) (*Result, error) {
	if len(k) < 2 {
		return nil, errBadCache
	}
	dir := s.path("resultados", k)
	var head []diskFile
	if err := json.Unmarshal(index, &head); err != nil || len(head) == 0 {
		return nil, errBadCache
	}
	res := &Result{Files: make([]File, len(head))}
	for i, h := range head {
		p := filepath.Join(dir, fmt.Sprintf("%d%s", i, h.Format.Ext()))
		info, err := os.Stat(p)
		if err != nil || info.Size() != h.Size {
			return nil, errBadCache
		}
		res.Files[i] = File{Suffix: h.Suffix, Width: h.Width, Height: h.Height, Format: h.Format, Size: h.Size, Path: p, info: info}
	}
	return res, nil
}

// write writes a cache file whole or not at all (a temporary file renamed
// into place), so a build killed halfway leaves no half entry, and
// reports whether it did. A cache that cannot be written only costs
// time: errors are not reported.
func (s *Store) write(p string, data []byte) bool {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return false
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return false
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(0o644) // published as it is, by a hard link
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), p)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err == nil
}

package imaging

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"cabildo/internal/atomicfile"
	"cabildo/internal/fileid"
)

// Store processes images once: it keeps every Result under a key made of
// the source's bytes, the operation and EncoderVersion (content-addressed:
// a photo renamed or copied to another release is not processed again; a
// new Cabildo that encodes differently does not reuse old files).
//
// With a folder, results are kept on disk (.cabildo/cache/resultados/
// beside content/), so that the next build does no image work. To avoid
// even reading an unchanged photo, the folder also holds one file of
// routes (rutas.gob): for each image path the last build published, its
// size and modification time then (the same test the build's stamp
// makes), the key of its bytes and the size and modification time of
// each file of its result. A rebuild reads that one file and looks at
// nothing else in the cache: the publisher tells an unchanged output
// from the recorded size and time (output.Stager.AddFile); a file of the
// cache that has gone missing since is found when it is needed
// (Refresh). Without a folder, results are kept in memory for the
// Store's life (serve keeps one Store while it runs).
//
// A Store is safe for concurrent use.
type Store struct {
	dir string
	mu  sync.Mutex
	mem map[string]*Result // by key; only without dir

	routesRead chan struct{}    // closed once routes holds what rutas.gob says
	routes     map[string]route // by statKey: what rutas.gob said
	used       map[string]route // what this Store looked up or made
	changed    bool             // used differs from routes

	hits, misses atomic.Int64
}

// route is what the Store remembers of an image path: the key of its
// bytes and the files of the result, each with its modification time.
type route struct {
	Key   string
	Files []diskFile
}

const routesName = "rutas.gob"

// NewStore returns a Store that keeps its results in dir, or in memory if
// dir is "". It starts reading the routes at once, in the background: the
// build reads and decodes the site meanwhile, and its first image does
// not wait for them.
func NewStore(dir string) *Store {
	s := &Store{dir: dir, mem: map[string]*Result{}, used: map[string]route{}, routesRead: make(chan struct{})}
	if dir == "" {
		close(s.routesRead)
		return s
	}
	go func() {
		defer close(s.routesRead)
		data, err := os.ReadFile(filepath.Join(s.dir, routesName))
		if err == nil && gob.NewDecoder(bytes.NewReader(data)).Decode(&s.routes) != nil {
			s.routes = nil // unreadable: every image is looked up by its bytes
		}
	}()
	return s
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

// statKey names what the Store remembers of the image src: the key of
// its bytes when it had this size and modification time.
func statKey(src Source, op Op) string {
	b := make([]byte, 0, 128)
	b = append(append(append(append(b, EncoderVersion...), 0), op.String()...), 0)
	b = append(append(b, src.Name...), 0)
	b = append(strconv.AppendInt(b, src.Size, 10), 0)
	b = strconv.AppendInt(b, src.ModTime.UnixNano(), 10)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Source is an image file of the site, as the build's scan of the
// folder saw it: its size and modification time decide whether the
// Store may answer from its routes without reading it.
type Source struct {
	Name    string // "content/prensa/plaza/foto.jpg"
	Size    int64
	ModTime time.Time // zero: the Store looks at the file
}

// ProcessFile is Process for the image src of fsys, through the cache.
func (s *Store) ProcessFile(fsys fs.FS, src Source, op Op) (*Result, error) {
	var sk string
	if s.dir != "" {
		if src.ModTime.IsZero() {
			if info, err := fs.Stat(fsys, src.Name); err == nil {
				src.Size, src.ModTime = info.Size(), info.ModTime()
			}
		}
		if !src.ModTime.IsZero() {
			sk = statKey(src, op)
			if rt, ok := s.route(sk); ok {
				if res, ok := rt.result(s); ok {
					s.hits.Add(1)
					return res, nil
				}
			}
		}
	}
	return s.processSource(fsys, src.Name, sk, op)
}

// Refresh is ProcessFile without the routes: for a result whose files
// went missing from the cache after they were recorded. It reads the
// image again and checks every file of the cache it hands out.
func (s *Store) Refresh(fsys fs.FS, src Source, op Op) (*Result, error) {
	var sk string
	if s.dir != "" && !src.ModTime.IsZero() {
		sk = statKey(src, op)
	}
	return s.processSource(fsys, src.Name, sk, op)
}

func (s *Store) processSource(fsys fs.FS, name, sk string, op Op) (*Result, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, errorf("no se pudo leer la imagen: %v", err)
	}
	res, k, err := s.process(name, data, op)
	if err == nil && sk != "" && res.Files[0].Path != "" {
		s.remember(sk, route{Key: k, Files: diskFiles(res)})
	}
	return res, err
}

// route returns the route recorded under sk and keeps it for the next
// Flush.
func (s *Store) route(sk string) (route, bool) {
	<-s.routesRead
	s.mu.Lock()
	rt, ok := s.routes[sk]
	s.mu.Unlock()
	if !ok {
		return rt, false
	}
	if rt.identify(s) {
		s.remember(sk, rt)
		return rt, true
	}
	s.mu.Lock()
	s.used[sk] = rt
	s.mu.Unlock()
	return rt, true
}

// identify gives the files of a route written without their IDs (by a
// Cabildo before fileid) the IDs the system has for them, once: a stat
// each. It reports whether it changed rt, which is then a copy.
func (rt *route) identify(s *Store) bool {
	if !fileid.Listed || len(rt.Key) < 2 || len(rt.Files) == 0 || rt.Files[0].Ino != 0 {
		return false
	}
	files := slices.Clone(rt.Files)
	dir := s.path("resultados", rt.Key)
	for i, h := range files {
		info, err := os.Stat(entryFile(dir, i, h.Format))
		if err != nil {
			return false // publishing finds it missing and makes it again
		}
		id := fileid.Of(info)
		files[i].Dev, files[i].Ino = id.Dev, id.Ino
	}
	rt.Files = files
	return true
}

func (s *Store) remember(sk string, rt route) {
	s.mu.Lock()
	s.used[sk] = rt
	s.changed = true
	s.mu.Unlock()
}

// result is the Result the route describes, its files in the cache,
// which are not looked at (see Store).
func (rt route) result(s *Store) (*Result, bool) {
	if len(rt.Key) < 2 || len(rt.Files) == 0 {
		return nil, false
	}
	dir := s.path("resultados", rt.Key)
	res := &Result{Files: make([]File, len(rt.Files))}
	for i, h := range rt.Files {
		p := entryFile(dir, i, h.Format)
		res.Files[i] = File{Suffix: h.Suffix, Width: h.Width, Height: h.Height, Format: h.Format, Size: h.Size, Path: p,
			info: recordedInfo{name: p, size: h.Size, mod: time.Unix(0, h.ModTime), id: fileid.ID{Dev: h.Dev, Ino: h.Ino}}}
	}
	return res, true
}

// Flush writes the routes of the images this Store looked up or
// processed, if they are not what rutas.gob holds already: the next
// build then finds each of them with no other read. Routes of images it
// did not see (removed from the site) are dropped. A nil Store has none.
func (s *Store) Flush() {
	if s == nil || s.dir == "" {
		return
	}
	<-s.routesRead
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.changed && len(s.used) == len(s.routes) {
		return
	}
	var data bytes.Buffer
	err := gob.NewEncoder(&data).Encode(s.used)
	if err == nil && s.write(filepath.Join(s.dir, routesName), data.Bytes()) {
		s.routes, s.changed = maps.Clone(s.used), false
		// What Cabildo versions before the routes file kept instead: a
		// record per image path, now never read.
		os.RemoveAll(filepath.Join(s.dir, "rutas"))
	}
}

// recordedInfo is a cache file as the routes describe it.
type recordedInfo struct {
	name string
	size int64
	mod  time.Time
	id   fileid.ID
}

var _ fileid.Identified = recordedInfo{}

func (i recordedInfo) FileID() fileid.ID { return i.id }

func (i recordedInfo) Name() string       { return filepath.Base(i.name) }
func (i recordedInfo) Size() int64        { return i.size }
func (i recordedInfo) Mode() fs.FileMode  { return 0o644 }
func (i recordedInfo) ModTime() time.Time { return i.mod }
func (i recordedInfo) IsDir() bool        { return false }
func (i recordedInfo) Sys() any           { return nil }

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

// entryFile names the i-th file, of format f, of the result in folder
// dir (a path from s.path, clean already: no Join needed): "0.jpg".
func entryFile(dir string, i int, f Format) string {
	return dir + string(filepath.Separator) + strconv.Itoa(i) + f.Ext()
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
	// ModTime is the file's modification time in nanoseconds, and Dev
	// and Ino its fileid.ID (zero where the system has none), in the
	// routes only: indice.json is written before they are known.
	ModTime  int64  `json:"t,omitempty"`
	Dev, Ino uint64 `json:"-"`
}

const indexName = "indice.json"

// save writes res to the cache and makes its files point there,
// dropping their bytes from memory.
func (s *Store) save(k string, res *Result) {
	dir := s.path("resultados", k)
	paths := make([]string, len(res.Files))
	infos := make([]fs.FileInfo, len(res.Files))
	for i, f := range res.Files {
		paths[i] = entryFile(dir, i, f.Format)
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
	index, _ := json.Marshal(diskFiles(res))
	return index
}

// diskFiles describes the files of res, with their modification times
// when they are files of the cache.
func diskFiles(res *Result) []diskFile {
	head := make([]diskFile, len(res.Files))
	for i, f := range res.Files {
		head[i] = diskFile{Suffix: f.Suffix, Width: f.Width, Height: f.Height, Format: f.Format, Size: f.Size}
		if f.info != nil {
			id := fileid.Of(f.info)
			head[i].ModTime, head[i].Dev, head[i].Ino = f.info.ModTime().UnixNano(), id.Dev, id.Ino
		}
	}
	return head
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
		p := entryFile(dir, i, h.Format)
		info, err := os.Stat(p)
		if err != nil || info.Size() != h.Size {
			return nil, errBadCache
		}
		res.Files[i] = File{Suffix: h.Suffix, Width: h.Width, Height: h.Height, Format: h.Format, Size: h.Size, Path: p, info: info}
	}
	return res, nil
}

// write writes a cache file whole or not at all (atomicfile: readable by
// all, since it is published as it is, by a hard link), so a build killed
// halfway leaves no half entry, and reports whether it did. A cache that
// cannot be written only costs time: errors are not reported.
func (s *Store) write(p string, data []byte) bool { return atomicfile.Write(p, data) == nil }

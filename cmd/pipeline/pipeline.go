package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/bedside-health/bedside/engine/clinical"
	_ "github.com/bedside-health/bedside/engine/clinical/models" // registers every model
	"github.com/bedside-health/bedside/engine/clinical/task"
)

// metricsNS is the namespace of the pipeline's counters and distributions.
const metricsNS = "bedside"

func init() {
	beam.RegisterType(reflect.TypeOf((*record)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*result)(nil)).Elem())
	register.DoFn3x1[context.Context, fileio.ReadableFile, func(record), error](&readFn{})
	register.DoFn3x1[context.Context, record, func(string, result), error](&predictFn{})
	register.DoFn3x1[context.Context, string, func(*result) bool, error](&writeFn{})
	register.Emitter1[record]()
	register.Emitter2[string, result]()
	register.Iter1[result]()
	register.Function2x0(markerFn)
}

// config is what the command line asks for.
type config struct {
	Inputs       []string // files or globs on any Beam filesystem
	Models       []string // model names, or "notes"
	ModelsDir    string   // manifest.json and weights, on any Beam filesystem
	Output       string   // prefix of the prediction files
	Errors       string   // prefix of the error files
	Shards       int
	MaxLineBytes int
}

// build adds the pipeline to s: read, reshuffle (so that the work of one
// large file spreads over every worker), predict, and write sorted shards.
func build(s beam.Scope, c config) {
	var files []beam.PCollection
	for _, in := range c.Inputs {
		files = append(files, fileio.ReadMatches(s, fileio.MatchFiles(s, in), fileio.ReadUncompressed()))
	}
	lines := beam.ParDo(s, &readFn{MaxLineBytes: c.MaxLineBytes}, beam.Flatten(s, files...))
	lines = beam.Reshuffle(s, lines)
	results := beam.ParDo(s, &predictFn{ModelsDir: c.ModelsDir, Models: c.Models, Shards: c.Shards}, lines)
	// One empty marker per file, so that every shard is written even when
	// no line falls in it and the set of files is always N of N.
	var keys []string
	for _, m := range c.Models {
		for i := 0; i < c.Shards; i++ {
			keys = append(keys, shardKey(false, m, i), shardKey(true, m, i))
		}
	}
	markers := beam.ParDo(s, markerFn, beam.Create(s, stringsToAny(keys)...))
	grouped := beam.GroupByKey(s, beam.Flatten(s, results, markers))
	beam.ParDo0(s, &writeFn{Output: c.Output, Errors: c.Errors, Shards: c.Shards}, grouped)
}

func stringsToAny(v []string) []any {
	out := make([]any, len(v))
	for i, s := range v {
		out[i] = s
	}
	return out
}

// markerFn is the empty result that makes a shard exist.
func markerFn(k string, emit func(string, result)) { emit(k, result{}) }

// shardKey names an output file: kind, model and shard number.
func shardKey(isErr bool, model string, shard int) string {
	k := "out"
	if isErr {
		k = "err"
	}
	return fmt.Sprintf("%s/%s/%05d", k, model, shard)
}

// readFn turns a file into records: one per non-blank JSON line, or one per
// CSV row when the name ends in .csv. A blank line is no input (bedside
// predict skips it too) and is only counted.
type readFn struct {
	MaxLineBytes int
}

func (fn *readFn) ProcessElement(ctx context.Context, f fileio.ReadableFile, emit func(record)) error {
	rc, err := f.Open(ctx)
	if err != nil {
		return err
	}
	defer rc.Close()
	name := f.Metadata.Path
	if strings.HasSuffix(strings.ToLower(name), ".csv") {
		return fn.readCSV(ctx, name, rc, emit)
	}
	rows := beam.NewCounter(metricsNS, "rows_read")
	blank := beam.NewCounter(metricsNS, "blank_lines")
	br := bufio.NewReaderSize(rc, 64<<10)
	for n := int64(1); ; n++ {
		line, tooLong, err := readLine(br, fn.MaxLineBytes)
		if err == io.EOF && len(line) == 0 && !tooLong {
			return nil
		}
		if err != nil && err != io.EOF {
			return err
		}
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte("\ufeff"))
		}
		switch {
		case tooLong:
			rows.Inc(ctx, 1)
			emit(record{File: name, Line: n, Kind: kindLineTooLong, Err: fmt.Sprintf("the line is longer than %d bytes", fn.MaxLineBytes)})
		case len(bytes.TrimSpace(line)) == 0:
			blank.Inc(ctx, 1)
		default:
			rows.Inc(ctx, 1)
			emit(record{File: name, Line: n, Data: bytes.TrimSpace(line)})
		}
		if err == io.EOF {
			return nil
		}
	}
}

// readLine reads one line without its newline. A line longer than max is
// consumed and reported as too long rather than held in memory.
func readLine(br *bufio.Reader, max int) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > max+1 {
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimSuffix(line, []byte("\n")), tooLong, err
	}
}

// readCSV emits each data row with the header, so that the model's own
// task.Read parses it as part of the whole file would be.
func (fn *readFn) readCSV(ctx context.Context, name string, r io.Reader, emit func(record)) error {
	rows := beam.NewCounter(metricsNS, "rows_read")
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		// without a header no row can be read; the whole file is one bad line
		rows.Inc(ctx, 1)
		emit(record{File: name, Line: 1, Kind: kindBadHeader, Err: err.Error()})
		return nil
	}
	if err != nil {
		return err
	}
	idCol := -1
	for i, h := range header {
		if strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")) == "id" {
			idCol = i
		}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if errors.As(err, &pe) {
			rows.Inc(ctx, 1)
			emit(record{File: name, Line: int64(pe.StartLine), Kind: kindBadCSVRow, Err: pe.Err.Error()})
			continue
		}
		if err != nil {
			return err
		}
		line, _ := cr.FieldPos(0)
		rows.Inc(ctx, 1)
		r := record{File: name, Line: int64(line), CSV: true}
		if idCol >= 0 && idCol < len(rec) {
			r.ID = strings.TrimSpace(rec[idCol])
		}
		if len(rec) != len(header) {
			r.Kind, r.Err = kindBadCSVRow, fmt.Sprintf("has %d fields, the header has %d", len(rec), len(header))
		} else {
			r.Data = csvRecord(header, rec)
		}
		emit(r)
	}
}

// predictFn runs every model on a record. The models are loaded in Setup
// through a per-process cache, so a worker loads each model once however
// many DoFn instances and bundles it runs.
type predictFn struct {
	ModelsDir string
	Models    []string
	Shards    int

	models  []*model
	preds   []beam.Counter
	latency []beam.Distribution
	errs    map[string]beam.Counter
}

func (fn *predictFn) Setup(ctx context.Context) error {
	fn.errs = map[string]beam.Counter{}
	for _, name := range fn.Models {
		m, err := loadCached(ctx, fn.ModelsDir, name)
		if err != nil {
			return err
		}
		fn.models = append(fn.models, m)
		fn.preds = append(fn.preds, beam.NewCounter(metricsNS, "predictions_"+name))
		fn.latency = append(fn.latency, beam.NewDistribution(metricsNS, "latency_us_"+name))
	}
	return nil
}

func (fn *predictFn) ProcessElement(ctx context.Context, r record, emit func(string, result)) error {
	shard := shardOf(r.File, r.Line, fn.Shards)
	for i, m := range fn.models {
		start := time.Now()
		res := m.apply(r)
		fn.latency[i].Update(ctx, time.Since(start).Microseconds())
		if res.Error {
			c, ok := fn.errs[res.Kind]
			if !ok {
				c = beam.NewCounter(metricsNS, "errors_"+res.Kind)
				fn.errs[res.Kind] = c
			}
			c.Inc(ctx, 1)
		} else {
			fn.preds[i].Inc(ctx, 1)
		}
		emit(shardKey(res.Error, m.name, shard), res)
	}
	return nil
}

var (
	cacheMu sync.Mutex
	cache   = map[string]*cachedModel{}
)

type cachedModel struct {
	mu sync.Mutex
	m  *model
}

// loadCached loads a model once per process. A failure is not kept, so a
// retried bundle tries again (a bucket read can fail once).
func loadCached(ctx context.Context, dir, name string) (*model, error) {
	cacheMu.Lock()
	c, ok := cache[dir+"\x00"+name]
	if !ok {
		c = &cachedModel{}
		cache[dir+"\x00"+name] = c
	}
	cacheMu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		m, err := loadModel(ctx, dir, name)
		if err != nil {
			return nil, err
		}
		c.m = m
	}
	return c.m, nil
}

// loadModel loads one --model from dir (any Beam filesystem) through the
// project's verified loader; the note analysis needs no weights.
func loadModel(ctx context.Context, dir, name string) (*model, error) {
	if name == notesModel {
		return &model{name: name}, nil
	}
	t, ok := task.Lookup(name)
	if !ok {
		return nil, fmt.Errorf("unknown model %q (known: %s, %s)", name, strings.Join(clinical.Names(), ", "), notesModel)
	}
	p, _, err := clinical.LoadFS(beamFS{ctx: ctx, root: dir}, name)
	if err != nil {
		return nil, fmt.Errorf("model %s from %s: %w", name, dir, err)
	}
	return &model{name: name, task: t, p: p}, nil
}

// beamFS reads a directory on any Beam filesystem (local, gs://, s3://)
// for clinical.LoadFS, which only needs whole files.
type beamFS struct {
	ctx  context.Context
	root string
}

func (b beamFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("beamFS reads whole files only")}
}

func (b beamFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	full := strings.TrimSuffix(b.root, "/") + "/" + name
	f, err := filesystem.New(b.ctx, full)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return filesystem.Read(b.ctx, f, full)
}

// writeFn writes one shard: its lines sorted by input file and line, so
// the output is the same bytes whatever the runner's order. The file is
// replaced whole, so a retried bundle rewrites the same content.
type writeFn struct {
	Output, Errors string
	Shards         int
}

func (fn *writeFn) ProcessElement(ctx context.Context, key string, iter func(*result) bool) error {
	parts := strings.SplitN(key, "/", 3)
	if len(parts) != 3 {
		return fmt.Errorf("bad shard key %q", key)
	}
	var lines []result
	var r result
	for iter(&r) {
		if r.JSON != nil {
			lines = append(lines, r)
		}
	}
	sort.Slice(lines, func(i, j int) bool {
		if lines[i].File != lines[j].File {
			return lines[i].File < lines[j].File
		}
		return lines[i].Line < lines[j].Line
	})
	var buf bytes.Buffer
	for _, l := range lines {
		buf.Write(l.JSON)
		buf.WriteByte('\n')
	}
	prefix := fn.Output
	if parts[0] == "err" {
		prefix = fn.Errors
	}
	var shard int
	fmt.Sscanf(parts[2], "%d", &shard)
	name := shardName(prefix, parts[1], shard, fn.Shards)
	fsys, err := filesystem.New(ctx, name)
	if err != nil {
		return err
	}
	defer fsys.Close()
	return filesystem.Write(ctx, fsys, name, buf.Bytes())
}

// shardName is prefix-model-SSSSS-of-NNNNN.jsonl.
func shardName(prefix, model string, shard, n int) string {
	return fmt.Sprintf("%s-%s-%05d-of-%05d.jsonl", prefix, model, shard, n)
}

package wasmbuild

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// Shrink rewrites a Go wasm binary (GOOS=js GOARCH=wasm, built with -s -w)
// for the wire, without touching its code. Two things that Go's linker
// writes cost a phone on a slow network ~150 KB brotli in the worker and
// ~210 KB in the app, and buy it nothing:
//
//   - The file and line tables of the runtime's pclntab (41% of the worker's
//     pclntab after brotli). Only tracebacks and runtime.Caller read them;
//     the stack unwinder, the garbage collector and defer read the
//     stack-pointer and pcdata tables, which stay. Each function's pcfile and
//     pcln offsets become 0, which the runtime reads as "no table" (pcvalue
//     returns -1 and funcline1 answers "?", 0), and the bytes only those
//     tables used become zeros. Function names stay, so a panic still names
//     its functions.
//   - The data section as tens of thousands of small segments: the linker
//     starts a new one after every 8 zero bytes, and the offsets of ~50,000
//     segments do not compress. Shrink writes the same memory image as one
//     segment per run of data, splitting only at long zero runs.
//
// Anything Shrink does not recognise (another pclntab version, a data
// segment that is not an active i32.const segment of memory 0, overlapping
// segments, a table offset out of range) is an error, never a guess: the
// build then fails and says why.
func Shrink(wasm []byte) ([]byte, ShrinkStats, error) {
	var st ShrinkStats
	secs, err := sections(wasm)
	if err != nil {
		return nil, st, err
	}
	var data *section
	for i := range secs {
		switch secs[i].id {
		case 11:
			if data != nil {
				return nil, st, errors.New("wasm: two data sections")
			}
			data = &secs[i]
		case 12:
			// A data count section would have to agree with the new count;
			// Go's linker writes none.
			return nil, st, errors.New("wasm: data count section present; Shrink does not rewrite it")
		}
	}
	if data == nil {
		return nil, st, errors.New("wasm: no data section")
	}
	img, err := readSegments(wasm[data.body:data.end])
	if err != nil {
		return nil, st, err
	}
	st.SegmentsBefore = img.segments
	// Memory past the last segment reads as zeros, and a table's trailing
	// zeros may have been left out of the segments (Shrink itself drops
	// them): read the tables from the image with zeros after it. Only
	// zeros are written there, and writeSegments drops trailing zeros.
	img.mem = append(img.mem, make([]byte, 1<<16)...)
	if st.LineTableBytes, err = dropLineTables(img.mem); err != nil {
		return nil, st, err
	}
	body, n := writeSegments(img)
	st.SegmentsAfter = n

	out := make([]byte, 0, len(wasm))
	out = append(out, wasm[:data.start]...)
	out = append(out, 11)
	out = binary.AppendUvarint(out, uint64(len(body)))
	out = append(out, body...)
	out = append(out, wasm[data.end:]...)
	return out, st, nil
}

// ShrinkStats says what Shrink did, for `bedside wasm -sizes`.
type ShrinkStats struct {
	SegmentsBefore, SegmentsAfter int
	// LineTableBytes is how many bytes of the pclntab's pc tables were
	// used only by the file and line tables and are now zero.
	LineTableBytes int
}

type section struct {
	id               byte
	start, body, end int // section id byte, first byte of the body, end
}

func sections(wasm []byte) ([]section, error) {
	if len(wasm) < 8 || string(wasm[:4]) != "\x00asm" || binary.LittleEndian.Uint32(wasm[4:8]) != 1 {
		return nil, errors.New("wasm: not a version 1 WebAssembly binary")
	}
	var secs []section
	r := &reader{b: wasm, i: 8}
	for r.i < len(r.b) {
		start := r.i
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		n, err := r.uleb()
		if err != nil {
			return nil, err
		}
		body := r.i
		if _, err := r.bytes(n); err != nil {
			return nil, err
		}
		secs = append(secs, section{id: id, start: start, body: body, end: r.i})
	}
	return secs, nil
}

// image is the initial linear memory the data segments describe, from
// base on; bytes no segment covers are zero, as wasm memory starts.
type image struct {
	base     int
	mem      []byte
	segments int
}

// maxImage bounds the memory image Shrink will build: Go's wasm data is a
// few MB, and a corrupt offset must not make the build allocate gigabytes.
const maxImage = 256 << 20

func readSegments(body []byte) (*image, error) {
	r := &reader{b: body}
	n, err := r.uleb()
	if err != nil {
		return nil, err
	}
	type seg struct {
		off  int
		data []byte
	}
	segs := make([]seg, 0, min(n, len(body)))
	lo, hi := -1, 0
	for range n {
		flags, err := r.uleb()
		if err != nil {
			return nil, err
		}
		if flags != 0 {
			return nil, fmt.Errorf("wasm: data segment with flags %d (only active segments of memory 0 are expected)", flags)
		}
		if op, err := r.byte(); err != nil || op != 0x41 {
			return nil, errors.New("wasm: data segment offset is not an i32.const")
		}
		off, err := r.sleb32()
		if err != nil {
			return nil, err
		}
		if end, err := r.byte(); err != nil || end != 0x0b {
			return nil, errors.New("wasm: data segment offset is not a single i32.const")
		}
		l, err := r.uleb()
		if err != nil {
			return nil, err
		}
		b, err := r.bytes(l)
		if err != nil {
			return nil, err
		}
		if off < 0 || off+l > maxImage {
			return nil, fmt.Errorf("wasm: data segment at %d+%d is out of range", off, l)
		}
		segs = append(segs, seg{off, b})
		if lo < 0 || off < lo {
			lo = off
		}
		hi = max(hi, off+l)
	}
	if r.i != len(body) {
		return nil, errors.New("wasm: bytes after the last data segment")
	}
	if lo < 0 {
		return nil, errors.New("wasm: no data segments")
	}
	img := &image{base: lo, mem: make([]byte, hi-lo), segments: n}
	written := make([]bool, hi-lo)
	for _, s := range segs {
		for i := range s.data {
			if written[s.off-lo+i] {
				return nil, fmt.Errorf("wasm: data segments overlap at %d", s.off+i)
			}
			written[s.off-lo+i] = true
		}
		copy(img.mem[s.off-lo:], s.data)
	}
	return img, nil
}

func (r *reader) sleb32() (int, error) {
	var x int64
	var shift uint
	for {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		x |= int64(c&0x7f) << shift
		shift += 7
		if c < 0x80 {
			if shift < 64 && c&0x40 != 0 {
				x |= -1 << shift
			}
			break
		}
		if shift >= 35 {
			return 0, errors.New("wasm: i32.const too long")
		}
	}
	if x < -1<<31 || x >= 1<<31 {
		return 0, errors.New("wasm: i32.const out of range")
	}
	// The offset is an unsigned address: i32.const -1 is 0xffffffff.
	return int(uint32(int32(x))), nil
}

// minZeroRun is the shortest run of zeros that ends a segment: a segment
// header costs ~8 bytes, and runs this long are rare enough (a few per
// binary: bss-like tables) that splitting there costs nothing after brotli
// and keeps megabytes of zeros out of the binary.
const minZeroRun = 4096

func writeSegments(img *image) ([]byte, int) {
	type run struct{ from, to int }
	var runs []run
	m := img.mem
	for i := 0; i < len(m); {
		for i < len(m) && m[i] == 0 {
			i++
		}
		if i == len(m) {
			break
		}
		from, zeros := i, 0
		for ; i < len(m) && zeros < minZeroRun; i++ {
			if m[i] == 0 {
				zeros++
			} else {
				zeros = 0
			}
		}
		runs = append(runs, run{from, i - zeros})
	}
	var body []byte
	body = binary.AppendUvarint(body, uint64(len(runs)))
	for _, r := range runs {
		body = append(body, 0, 0x41)
		body = appendSleb32(body, int32(uint32(img.base+r.from)))
		body = append(body, 0x0b)
		body = binary.AppendUvarint(body, uint64(r.to-r.from))
		body = append(body, m[r.from:r.to]...)
	}
	return body, len(runs)
}

func appendSleb32(b []byte, v int32) []byte {
	x := int64(v)
	for {
		c := byte(x & 0x7f)
		x >>= 7
		if (x == 0 && c&0x40 == 0) || (x == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// pclntab layout, Go 1.20 and later (runtime/symtab.go: pcHeader, _func).
const (
	pclnMagic    = 0xfffffff1
	pcHeaderSize = 8 + 8*8 // magic, pads, minLC, ptrSize; 8 words
	funcSize     = 44      // _func up to its pcdata offsets
)

// dropLineTables finds the pclntab in mem and removes its file and line
// tables (see Shrink); it returns the number of pc-table bytes zeroed.
func dropLineTables(mem []byte) (int, error) {
	h, err := findPCHeader(mem)
	if err != nil {
		return 0, err
	}
	word := func(i int) int { return int(binary.LittleEndian.Uint64(mem[h+8+8*i:])) }
	nfunc, cuOff, fileOff, pcOff, funcOff := word(0), word(4), word(5), word(6), word(7)
	cutab, filetab, pctab := mem[h+cuOff:h+fileOff], mem[h+fileOff:h+pcOff], mem[h+pcOff:h+funcOff]
	ftab := mem[h+funcOff:]
	if len(ftab) < 8*(nfunc+1) {
		return 0, errors.New("pclntab: function table truncated")
	}
	keep := make([]bool, len(pctab))
	u32 := func(b []byte, i int) uint32 { return binary.LittleEndian.Uint32(b[i:]) }
	for f := range nfunc {
		fo := int(u32(ftab, 8*f+4))
		if fo < 8*(nfunc+1) || fo+funcSize > len(ftab) {
			return 0, fmt.Errorf("pclntab: function %d is out of range", f)
		}
		fn := ftab[fo:]
		npcdata := int(u32(fn, 28))
		if fo+funcSize+4*npcdata > len(ftab) {
			return 0, fmt.Errorf("pclntab: function %d's pcdata is out of range", f)
		}
		kept := []uint32{u32(fn, 16)} // pcsp
		for i := range npcdata {
			kept = append(kept, u32(fn, funcSize+4*i))
		}
		for _, off := range kept {
			if err := markTable(pctab, int(off), keep); err != nil {
				return 0, fmt.Errorf("pclntab: function %d: %w", f, err)
			}
		}
		for _, field := range []int{20, 24} { // pcfile, pcln
			if off := u32(fn, field); int(off) >= len(pctab) {
				return 0, fmt.Errorf("pclntab: function %d's line table is out of range", f)
			}
			binary.LittleEndian.PutUint32(fn[field:], 0)
		}
	}
	zeroed := 0
	for i, k := range keep {
		if !k && pctab[i] != 0 {
			pctab[i] = 0
			zeroed++
		}
	}
	// Only the file tables read these, through pcfile.
	clear(cutab)
	clear(filetab)
	return zeroed, nil
}

// findPCHeader returns the offset of the one pcHeader in mem whose fields
// make sense; zero or several candidates are an error.
func findPCHeader(mem []byte) (int, error) {
	magic := binary.LittleEndian.AppendUint32(nil, pclnMagic)
	magic = append(magic, 0, 0, 1, 8) // pads, minLC 1 (wasm), ptrSize 8
	found := -1
	for from := 0; ; {
		i := bytes.Index(mem[from:], magic)
		if i < 0 {
			break
		}
		h := from + i
		from = h + 1
		if !plausibleHeader(mem, h) {
			continue
		}
		if found >= 0 {
			return 0, errors.New("pclntab: two candidate headers")
		}
		found = h
	}
	if found < 0 {
		return 0, errors.New("pclntab: no Go 1.20+ wasm pclntab header (is this a GOOS=js GOARCH=wasm binary of a supported Go?)")
	}
	return found, nil
}

func plausibleHeader(mem []byte, h int) bool {
	if h+pcHeaderSize > len(mem) {
		return false
	}
	w := make([]uint64, 8)
	for i := range w {
		w[i] = binary.LittleEndian.Uint64(mem[h+8+8*i:])
	}
	nfunc := w[0]
	// funcname, cu, file, pc, func offsets: increasing, inside mem.
	prev := uint64(pcHeaderSize)
	for _, off := range w[3:] {
		if off < prev || off > uint64(len(mem)-h) {
			return false
		}
		prev = off
	}
	return nfunc > 0 && nfunc < 1<<24 && w[7]+8*(nfunc+1) <= uint64(len(mem)-h)
}

// markTable marks the bytes of the pc-value table at off in pctab: pairs of
// varints (value delta, pc delta) ending with a zero value delta after the
// first pair. Offset 0 means no table.
func markTable(pctab []byte, off int, keep []bool) error {
	if off == 0 {
		return nil
	}
	if off >= len(pctab) {
		return errors.New("pc table out of range")
	}
	r := &reader{b: pctab, i: off}
	for first := true; ; first = false {
		v, err := r.uvarint()
		if err != nil {
			return err
		}
		if v == 0 && !first {
			break
		}
		if _, err := r.uvarint(); err != nil {
			return err
		}
	}
	for i := off; i < r.i; i++ {
		keep[i] = true
	}
	return nil
}

func (r *reader) uvarint() (uint64, error) {
	v, n := binary.Uvarint(r.b[r.i:])
	if n <= 0 {
		return 0, errors.New("pc table: bad varint")
	}
	r.i += n
	return v, nil
}

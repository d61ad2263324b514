package wasmbuild

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildShrinkProg builds testdata/shrinkprog as the site's binaries are
// built (-trimpath -s -w), without Shrink.
func buildShrinkProg(t *testing.T) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "prog.wasm")
	cmd := exec.Command(goTool(), "build", "-trimpath", "-ldflags", "-s -w", "-o", out, ".")
	cmd.Dir = filepath.Join("testdata", "shrinkprog")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func runUnderNode(t *testing.T, wasm []byte) string {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("SKIP: node not found; install nodejs to run wasm binaries in tests")
	}
	goroot, err := exec.Command(goTool(), "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "prog.wasm")
	if err := os.WriteFile(f, wasm, 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "go_js_wasm_exec"), f).CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	return string(out)
}

func TestShrunkProgramRunsAlike(t *testing.T) {
	orig := buildShrinkProg(t)
	small, st, err := Shrink(orig)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d -> %d bytes; %d -> %d data segments; %d line-table bytes zeroed",
		len(orig), len(small), st.SegmentsBefore, st.SegmentsAfter, st.LineTableBytes)
	if st.SegmentsAfter >= st.SegmentsBefore || st.LineTableBytes == 0 {
		t.Errorf("Shrink did nothing: %+v", st)
	}
	before, after := runUnderNode(t, orig), runUnderNode(t, small)
	if !strings.Contains(before, "line main.go:") {
		t.Fatalf("the unshrunk program should know its line:\n%s", before)
	}
	// The only difference Shrink may make is the file and line.
	want := strings.Split(before, "\n")
	for i, l := range want {
		if strings.HasPrefix(l, "line ") {
			want[i] = "line ?:0"
		}
	}
	if got := strings.Split(after, "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("shrunk program printed\n%s\nwant\n%s", after, strings.Join(want, "\n"))
	}
}

func TestShrinkChangesOnlyTheDataSection(t *testing.T) {
	orig := buildShrinkProg(t)
	small, _, err := Shrink(orig)
	if err != nil {
		t.Fatal(err)
	}
	a, err := sections(orig)
	if err != nil {
		t.Fatal(err)
	}
	b, err := sections(small)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("%d sections became %d", len(a), len(b))
	}
	for i := range a {
		if a[i].id != b[i].id {
			t.Fatalf("section %d: id %d became %d", i, a[i].id, b[i].id)
		}
		if a[i].id != 11 && !bytes.Equal(orig[a[i].body:a[i].end], small[b[i].body:b[i].end]) {
			t.Errorf("section %d (id %d) changed", i, a[i].id)
		}
		if a[i].id != 11 {
			continue
		}
		// The memory image is the same except for the file and line tables.
		ia, err := readSegments(orig[a[i].body:a[i].end])
		if err != nil {
			t.Fatal(err)
		}
		ib, err := readSegments(small[b[i].body:b[i].end])
		if err != nil {
			t.Fatal(err)
		}
		h, err := findPCHeader(ia.mem)
		if err != nil {
			t.Fatal(err)
		}
		word := func(k int) int { return int(binary.LittleEndian.Uint64(ia.mem[h+8+8*k:])) }
		tables := [2]int{h + word(4), h + word(7)} // cutab, filetab and pctab
		nfunc, ftab := word(0), h+word(7)
		lineFields := map[int]bool{}
		for f := range nfunc {
			fo := ftab + int(binary.LittleEndian.Uint32(ia.mem[ftab+8*f+4:]))
			for k := fo + 20; k < fo+28; k++ {
				lineFields[k] = true
			}
		}
		// The image may now start later (leading zeros dropped) and end
		// earlier (trailing zeros); compare on absolute addresses.
		at := func(img *image, addr int) byte {
			if k := addr - img.base; k >= 0 && k < len(img.mem) {
				return img.mem[k]
			}
			return 0
		}
		diffs := 0
		for k := range ia.mem {
			x, y := ia.mem[k], at(ib, ia.base+k)
			if x == y {
				continue
			}
			if y != 0 || !(k >= tables[0] && k < tables[1] || lineFields[k]) {
				t.Fatalf("byte at %d changed %#x -> %#x outside the line tables", ia.base+k, x, y)
			}
			diffs++
		}
		if diffs == 0 {
			t.Error("no byte of the line tables changed")
		}
		if end := ib.base + len(ib.mem); ib.base < ia.base || end > ia.base+len(ia.mem) {
			t.Errorf("image grew: [%d,%d) from [%d,%d)", ib.base, end, ia.base, ia.base+len(ia.mem))
		}
	}
}

func TestShrinkTwiceIsShrinkOnce(t *testing.T) {
	once, _, err := Shrink(buildShrinkProg(t))
	if err != nil {
		t.Fatal(err)
	}
	twice, st, err := Shrink(once)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(once, twice) {
		t.Error("a second Shrink changed the binary")
	}
	if st.LineTableBytes != 0 || st.SegmentsBefore != st.SegmentsAfter {
		t.Errorf("a second Shrink found more to do: %+v", st)
	}
}

// module assembles a wasm binary from (id, body) sections.
func module(secs ...[]byte) []byte {
	b := []byte("\x00asm\x01\x00\x00\x00")
	for _, s := range secs {
		b = append(b, s[0])
		b = binary.AppendUvarint(b, uint64(len(s)-1))
		b = append(b, s[1:]...)
	}
	return b
}

type seg struct {
	off  int32
	data []byte
}

func dataSection(segs ...seg) []byte {
	b := []byte{11}
	b = binary.AppendUvarint(b, uint64(len(segs)))
	for _, s := range segs {
		b = append(b, 0, 0x41)
		b = appendSleb32(b, s.off)
		b = append(b, 0x0b)
		b = binary.AppendUvarint(b, uint64(len(s.data)))
		b = append(b, s.data...)
	}
	return b
}

// fakePclntab lays out a pcHeader, its tables and two functions the way
// Go's linker does. Function 0's pcsp table is also function 1's pcln
// table (the linker shares identical tables), so it must survive.
func fakePclntab() []byte {
	pctab := []byte{0,
		2, 1, 0, // 1: shared: pcsp of f0, pcln of f1
		4, 3, 0, // 4: pcfile of f0
		6, 5, 0, // 7: pcln of f0
		8, 9, 0, // 10: pcdata[0] of f1
		12, 11, 0, // 13: pcfile of f1
	}
	funcname := []byte("main.f0\x00main.f1\x00")
	cutab := []byte{0, 0, 0, 0}
	filetab := []byte("main.go\x00")
	const nfunc = 2
	offFuncname := pcHeaderSize
	offCu := offFuncname + len(funcname)
	offFile := offCu + len(cutab)
	offPc := offFile + len(filetab)
	offFunc := offPc + len(pctab)
	ftab := make([]byte, 8*(nfunc+1))
	f0 := make([]byte, funcSize)
	f1 := make([]byte, funcSize+4)
	put := binary.LittleEndian.PutUint32
	put(f0[16:], 1)
	put(f0[20:], 4)
	put(f0[24:], 7)
	put(f1[4:], 8)
	put(f1[16:], 0)
	put(f1[20:], 13)
	put(f1[24:], 1)
	put(f1[28:], 1)
	put(f1[funcSize:], 10)
	put(ftab[4:], uint32(len(ftab)))
	put(ftab[8+4:], uint32(len(ftab)+len(f0)))
	h := binary.LittleEndian.AppendUint32(nil, pclnMagic)
	h = append(h, 0, 0, 1, 8)
	for _, w := range []int{nfunc, 1, 0, offFuncname, offCu, offFile, offPc, offFunc} {
		h = binary.LittleEndian.AppendUint64(h, uint64(w))
	}
	var b []byte
	for _, part := range [][]byte{h, funcname, cutab, filetab, pctab, ftab, f0, f1} {
		b = append(b, part...)
	}
	return b
}

func TestShrinkDropsOnlyTheLineTables(t *testing.T) {
	p := fakePclntab()
	in := module([]byte{1, 0}, dataSection(seg{4096, p}))
	out, st, err := Shrink(in)
	if err != nil {
		t.Fatal(err)
	}
	secs, err := sections(out)
	if err != nil {
		t.Fatal(err)
	}
	img, err := readSegments(out[secs[1].body:secs[1].end])
	if err != nil {
		t.Fatal(err)
	}
	if img.base != 4096 {
		t.Fatalf("image moved to %d", img.base)
	}
	got := img.mem
	pc := pcHeaderSize + 16 + 4 + 8 // after funcname, cutab, filetab
	wantPC := []byte{0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 8, 9, 0, 0, 0, 0}
	if !bytes.Equal(got[pc:pc+len(wantPC)], wantPC) {
		t.Errorf("pctab = %v, want %v (shared and pcdata tables kept, file and line tables zeroed)", got[pc:pc+len(wantPC)], wantPC)
	}
	if st.LineTableBytes != 6 {
		t.Errorf("LineTableBytes = %d, want 6", st.LineTableBytes)
	}
	f0 := pc + len(wantPC) + 24
	for _, k := range []int{f0 + 20, f0 + 24, f0 + funcSize + 20, f0 + funcSize + 24} {
		if v := binary.LittleEndian.Uint32(got[k:]); v != 0 {
			t.Errorf("line-table offset at %d = %d, want 0", k, v)
		}
	}
	if v := binary.LittleEndian.Uint32(got[f0+16:]); v != 1 {
		t.Errorf("f0's pcsp = %d, want 1", v)
	}
	if !bytes.Equal(got[pcHeaderSize:pcHeaderSize+16], []byte("main.f0\x00main.f1\x00")) {
		t.Error("function names changed")
	}
}

func TestShrinkMergesSegments(t *testing.T) {
	p := fakePclntab()
	long := make([]byte, minZeroRun)
	in := module(dataSection(
		seg{100, []byte{1, 2}},
		seg{110, []byte{3}}, // a short gap: merged
		seg{111, p},
		seg{int32(111 + len(p) + len(long)), []byte{4}}, // after a long gap: its own
	))
	out, st, err := Shrink(in)
	if err != nil {
		t.Fatal(err)
	}
	if st.SegmentsBefore != 4 || st.SegmentsAfter != 2 {
		t.Errorf("segments %d -> %d, want 4 -> 2", st.SegmentsBefore, st.SegmentsAfter)
	}
	secs, _ := sections(out)
	img, err := readSegments(out[secs[0].body:secs[0].end])
	if err != nil {
		t.Fatal(err)
	}
	if img.base != 100 || img.mem[10] != 3 || img.mem[len(img.mem)-1] != 4 {
		t.Errorf("memory image moved: base %d", img.base)
	}
}

func TestShrinkRefusesWhatItDoesNotKnow(t *testing.T) {
	p := fakePclntab()
	passive := []byte{11, 1, 1, 1, 9}
	twoConsts := []byte{11, 1, 0, 0x41, 0, 0x41, 0, 0x0b, 1, 9}
	badMagic := bytes.Clone(p)
	badMagic[0] = 0xf0
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"An empty file is not wasm", nil, "not a version 1"},
		{"A truncated section is an error", module(dataSection(seg{0, p}))[:40], "truncated"},
		{"A module without data has nothing to shrink", module([]byte{1, 0}), "no data section"},
		{"A data count section is not rewritten", module([]byte{12, 1}, dataSection(seg{0, p})), "data count"},
		{"A passive segment is refused", module(passive), "flags 1"},
		{"An offset that is not one i32.const is refused", module(twoConsts), "single i32.const"},
		{"Overlapping segments are refused", module(dataSection(seg{0, p}, seg{8, []byte{1}})), "overlap"},
		{"An offset past 256 MB is refused", module(dataSection(seg{-1, p})), "out of range"},
		{"A binary of another pclntab version is refused", module(dataSection(seg{0, badMagic})), "no Go 1.20+"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Shrink(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to say %q", err, tc.want)
			}
		})
	}
}

func FuzzShrink(f *testing.F) {
	p := fakePclntab()
	f.Add(module(dataSection(seg{4096, p})))
	f.Add(module([]byte{1, 0}, dataSection(seg{0, []byte{1}}, seg{100, p})))
	f.Fuzz(func(t *testing.T, in []byte) {
		out, _, err := Shrink(in)
		if err != nil {
			return
		}
		// What Shrink writes, it reads back, and a second pass changes nothing.
		again, _, err := Shrink(out)
		if err != nil {
			t.Fatalf("Shrink cannot read its own output: %v", err)
		}
		if !bytes.Equal(again, out) {
			t.Fatal("a second Shrink changed the binary")
		}
	})
}

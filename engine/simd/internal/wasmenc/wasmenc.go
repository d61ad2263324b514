// Package wasmenc writes WebAssembly binary modules: just enough of the
// format for a module that imports its memory (env.mem) and exports
// functions made of core and SIMD128 instructions. Go's compiler cannot
// emit SIMD128, so engine/simd generates its kernels with this instead of
// depending on a C or JS toolchain.
package wasmenc

import (
	"bytes"
	"encoding/binary"
	"math"
)

// ValType is a value type's encoding.
type ValType byte

// The value types the kernels use.
const (
	I32  ValType = 0x7F
	F32  ValType = 0x7D
	V128 ValType = 0x7B
)

func uleb(w *bytes.Buffer, v uint64) {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			w.WriteByte(c)
			return
		}
		w.WriteByte(c | 0x80)
	}
}

func sleb(w *bytes.Buffer, v int64) {
	for {
		c := byte(v & 0x7f)
		s := c & 0x40
		v >>= 7
		if (v == 0 && s == 0) || (v == -1 && s != 0) {
			w.WriteByte(c)
			return
		}
		w.WriteByte(c | 0x80)
	}
}

// Func is one function under construction. Instructions are appended in
// order; locals are referred to by the index Param and Local return.
type Func struct {
	Name    string
	Export  bool
	Index   int
	params  []ValType
	results []ValType
	locals  []ValType
	code    bytes.Buffer
}

func (f *Func) Param(t ValType) int { f.params = append(f.params, t); return len(f.params) - 1 }
func (f *Func) Result(t ValType)    { f.results = append(f.results, t) }
func (f *Func) Local(t ValType) int {
	f.locals = append(f.locals, t)
	return len(f.params) + len(f.locals) - 1
}

func (f *Func) op(b ...byte)     { f.code.Write(b) }
func (f *Func) u(v uint64)       { uleb(&f.code, v) }
func (f *Func) simd(op uint32)   { f.op(0xFD); f.u(uint64(op)) }
func (f *Func) memarg(off int32) { f.u(0); f.u(uint64(off)) } // alignment hint 1: never a penalty

// Control flow and locals.
func (f *Func) Block()           { f.op(0x02, 0x40) }
func (f *Func) Loop()            { f.op(0x03, 0x40) }
func (f *Func) If()              { f.op(0x04, 0x40) }
func (f *Func) Else()            { f.op(0x05) }
func (f *Func) End()             { f.op(0x0B) }
func (f *Func) Br(depth int)     { f.op(0x0C); f.u(uint64(depth)) }
func (f *Func) BrIf(depth int)   { f.op(0x0D); f.u(uint64(depth)) }
func (f *Func) Call(g *Func)     { f.op(0x10); f.u(uint64(g.Index)) }
func (f *Func) Select()          { f.op(0x1B) }
func (f *Func) Get(i int)        { f.op(0x20); f.u(uint64(i)) }
func (f *Func) Set(i int)        { f.op(0x21); f.u(uint64(i)) }
func (f *Func) Tee(i int)        { f.op(0x22); f.u(uint64(i)) }
func (f *Func) I32Const(v int32) { f.op(0x41); sleb(&f.code, int64(v)) }
func (f *Func) F32Const(v float32) {
	f.op(0x43)
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], math.Float32bits(v))
	f.code.Write(b[:])
}

// Scalar memory and arithmetic.
func (f *Func) I32Load(off int32)  { f.op(0x28); f.memarg(off) }
func (f *Func) F32Load(off int32)  { f.op(0x2A); f.memarg(off) }
func (f *Func) F32Store(off int32) { f.op(0x38); f.memarg(off) }
func (f *Func) F64Load(off int32)  { f.op(0x2B); f.memarg(off) }
func (f *Func) F64Store(off int32) { f.op(0x39); f.memarg(off) }
func (f *Func) I32Eqz()            { f.op(0x45) }
func (f *Func) I32LtU()            { f.op(0x49) }
func (f *Func) I32GeU()            { f.op(0x4F) }
func (f *Func) F32Eq()             { f.op(0x5B) }
func (f *Func) F32Lt()             { f.op(0x5D) }
func (f *Func) I32Add()            { f.op(0x6A) }
func (f *Func) I32Sub()            { f.op(0x6B) }
func (f *Func) I32Mul()            { f.op(0x6C) }
func (f *Func) I32And()            { f.op(0x71) }
func (f *Func) I32Or()             { f.op(0x72) }
func (f *Func) I32Shl()            { f.op(0x74) }
func (f *Func) I32ShrU()           { f.op(0x76) }
func (f *Func) F32Add()            { f.op(0x92) }
func (f *Func) F32Sub()            { f.op(0x93) }
func (f *Func) F32Mul()            { f.op(0x94) }
func (f *Func) F32Neg()            { f.op(0x8C) }
func (f *Func) F32Div()            { f.op(0x95) }
func (f *Func) F64Add()            { f.op(0xA0) }
func (f *Func) F32ConvertI32S()    { f.op(0xB2) }
func (f *Func) F64PromoteF32()     { f.op(0xBB) }

// SIMD128.
func (f *Func) V128Load(off int32)  { f.simd(0x00); f.memarg(off) }
func (f *Func) V128Store(off int32) { f.simd(0x0B); f.memarg(off) }
func (f *Func) V128Const(b [16]byte) {
	f.simd(0x0C)
	f.code.Write(b[:])
}
func (f *Func) F32x4Const(v float32) {
	var b [16]byte
	for i := 0; i < 4; i++ {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
	}
	f.V128Const(b)
}
func (f *Func) Shuffle(lanes [16]byte) { f.simd(0x0D); f.code.Write(lanes[:]) }
func (f *Func) F32x4Splat()            { f.simd(0x13) }
func (f *Func) F32x4ExtractLane(l byte) {
	f.simd(0x1F)
	f.op(l)
}
func (f *Func) V128AndNot()  { f.simd(0x4F) }
func (f *Func) V128Or()      { f.simd(0x50) }
func (f *Func) V128Xor()     { f.simd(0x51) }
func (f *Func) V128AnyTrue() { f.simd(0x53) }
func (f *Func) I32x4ExtractLane(l byte) {
	f.simd(0x1B)
	f.op(l)
}
func (f *Func) F32x4Lt()   { f.simd(0x43) }
func (f *Func) F32x4Le()   { f.simd(0x45) }
func (f *Func) F32x4Add()  { f.simd(0xE4) }
func (f *Func) F32x4Sub()  { f.simd(0xE5) }
func (f *Func) F32x4Mul()  { f.simd(0xE6) }
func (f *Func) F32x4Div()  { f.simd(0xE7) }
func (f *Func) F32x4PMin() { f.simd(0xEA) }
func (f *Func) F32x4PMax() { f.simd(0xEB) }

// Module collects functions; its memory is always imported as env.mem
// with no maximum, so it accepts any memory, Go's included.
type Module struct {
	funcs []*Func
}

// NewFunc adds a function; exported ones are exported under name.
func (m *Module) NewFunc(name string, export bool) *Func {
	f := &Func{Name: name, Export: export, Index: len(m.funcs)}
	m.funcs = append(m.funcs, f)
	return f
}

// Exports lists the names and parameter counts of the exported functions.
func (m *Module) Exports() map[string]int {
	e := map[string]int{}
	for _, f := range m.funcs {
		if f.Export {
			e[f.Name] = len(f.params)
		}
	}
	return e
}

func section(out *bytes.Buffer, id byte, body *bytes.Buffer) {
	out.WriteByte(id)
	uleb(out, uint64(body.Len()))
	out.Write(body.Bytes())
	body.Reset()
}

func name(w *bytes.Buffer, s string) { uleb(w, uint64(len(s))); w.WriteString(s) }

// Bytes encodes the module. The same functions give the same bytes.
func (m *Module) Bytes() []byte {
	var out, b bytes.Buffer
	out.Write([]byte{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00})

	type sig struct{ p, r string }
	sigIdx := map[sig]int{}
	var sigs []sig
	fsig := make([]int, len(m.funcs))
	for i, f := range m.funcs {
		s := sig{string(valBytes(f.params)), string(valBytes(f.results))}
		idx, ok := sigIdx[s]
		if !ok {
			idx = len(sigs)
			sigIdx[s] = idx
			sigs = append(sigs, s)
		}
		fsig[i] = idx
	}
	uleb(&b, uint64(len(sigs)))
	for _, s := range sigs {
		b.WriteByte(0x60)
		uleb(&b, uint64(len(s.p)))
		b.WriteString(s.p)
		uleb(&b, uint64(len(s.r)))
		b.WriteString(s.r)
	}
	section(&out, 1, &b)

	uleb(&b, 1) // import env.mem: memory, limits min 0, no max
	name(&b, "env")
	name(&b, "mem")
	b.Write([]byte{0x02, 0x00, 0x00})
	section(&out, 2, &b)

	uleb(&b, uint64(len(m.funcs)))
	for i := range m.funcs {
		uleb(&b, uint64(fsig[i]))
	}
	section(&out, 3, &b)

	n := 0
	for _, f := range m.funcs {
		if f.Export {
			n++
		}
	}
	uleb(&b, uint64(n))
	for _, f := range m.funcs {
		if f.Export {
			name(&b, f.Name)
			b.WriteByte(0x00)
			uleb(&b, uint64(f.Index))
		}
	}
	section(&out, 7, &b)

	uleb(&b, uint64(len(m.funcs)))
	for _, f := range m.funcs {
		var body bytes.Buffer
		var groups [][2]int // run-length encoded locals
		for _, t := range f.locals {
			if n := len(groups); n > 0 && groups[n-1][1] == int(t) {
				groups[n-1][0]++
			} else {
				groups = append(groups, [2]int{1, int(t)})
			}
		}
		uleb(&body, uint64(len(groups)))
		for _, g := range groups {
			uleb(&body, uint64(g[0]))
			body.WriteByte(byte(g[1]))
		}
		body.Write(f.code.Bytes())
		body.WriteByte(0x0B)
		uleb(&b, uint64(body.Len()))
		b.Write(body.Bytes())
	}
	section(&out, 10, &b)
	return out.Bytes()
}

func valBytes(v []ValType) []byte {
	b := make([]byte, len(v))
	for i, t := range v {
		b[i] = byte(t)
	}
	return b
}

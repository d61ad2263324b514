package wasmbuild

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Sizes says what a wasm binary's bytes are: code by Go package (from the
// function names in the "name" section, which only binaries built without
// -s have; the code is the same either way), and the data and other
// sections as a whole.
type Sizes struct {
	Total    int
	Code     int
	Data     int // data segments: type descriptors, strings, pclntab, embedded files
	Other    int // every other section (names, imports, tables...)
	Packages []PackageSize
}

// PackageSize is the code of one Go package, in bytes of function bodies.
type PackageSize struct {
	Package string
	Code    int
	Funcs   int
}

var errTruncated = errors.New("wasm: truncated")

type reader struct {
	b []byte
	i int
}

func (r *reader) byte() (byte, error) {
	if r.i >= len(r.b) {
		return 0, errTruncated
	}
	c := r.b[r.i]
	r.i++
	return c, nil
}

func (r *reader) uleb() (int, error) {
	var x uint64
	for shift := uint(0); shift < 35; shift += 7 {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		x |= uint64(c&0x7f) << shift
		if c < 0x80 {
			if x > uint64(len(r.b)) && x > 1<<31 {
				return 0, errors.New("wasm: number too large")
			}
			return int(x), nil
		}
	}
	return 0, errors.New("wasm: LEB128 number too long")
}

func (r *reader) bytes(n int) ([]byte, error) {
	if n < 0 || n > len(r.b)-r.i {
		return nil, errTruncated
	}
	s := r.b[r.i : r.i+n]
	r.i += n
	return s, nil
}

// ReadSizes parses a wasm binary; it never panics on bad input.
func ReadSizes(wasm []byte) (*Sizes, error) {
	secs, err := sections(wasm)
	if err != nil {
		return nil, err
	}
	s := &Sizes{Total: len(wasm)}
	var bodies []int
	names := map[int]string{}
	imports := 0
	for _, sc := range secs {
		id, n := sc.id, sc.end-sc.body
		sec := &reader{b: wasm[sc.body:sc.end]}
		switch id {
		case 2:
			if imports, err = countFuncImports(sec); err != nil {
				return nil, err
			}
			s.Other += n
		case 10:
			s.Code += n
			if bodies, err = codeBodies(sec); err != nil {
				return nil, err
			}
		case 11:
			s.Data += n
		case 0:
			s.Other += n
			if err := readNames(sec, names); err != nil {
				return nil, err
			}
		default:
			s.Other += n
		}
	}
	if len(names) == 0 {
		return s, errors.New("wasm: no function names (built with -s?); sizes by package need a build without -s")
	}
	per := map[string]*PackageSize{}
	for i, size := range bodies {
		pkg := packageOf(names[imports+i])
		p := per[pkg]
		if p == nil {
			p = &PackageSize{Package: pkg}
			per[pkg] = p
		}
		p.Code += size
		p.Funcs++
	}
	for _, p := range per {
		s.Packages = append(s.Packages, *p)
	}
	sort.Slice(s.Packages, func(i, j int) bool {
		a, b := s.Packages[i], s.Packages[j]
		if a.Code != b.Code {
			return a.Code > b.Code
		}
		return a.Package < b.Package
	})
	return s, nil
}

func countFuncImports(r *reader) (int, error) {
	n, err := r.uleb()
	if err != nil {
		return 0, err
	}
	funcs := 0
	for range n {
		for range 2 { // module and field names
			l, err := r.uleb()
			if err != nil {
				return 0, err
			}
			if _, err := r.bytes(l); err != nil {
				return 0, err
			}
		}
		kind, err := r.byte()
		if err != nil {
			return 0, err
		}
		switch kind {
		case 0: // function: type index
			funcs++
			_, err = r.uleb()
		case 1: // table: element type, limits
			if _, err = r.byte(); err == nil {
				err = skipLimits(r)
			}
		case 2: // memory: limits
			err = skipLimits(r)
		case 3: // global: value type, mutability
			_, err = r.bytes(2)
		default:
			err = fmt.Errorf("wasm: unknown import kind %d", kind)
		}
		if err != nil {
			return 0, err
		}
	}
	return funcs, nil
}

func skipLimits(r *reader) error {
	flags, err := r.byte()
	if err != nil {
		return err
	}
	if _, err := r.uleb(); err != nil {
		return err
	}
	if flags&1 == 1 {
		_, err = r.uleb()
	}
	return err
}

func codeBodies(r *reader) ([]int, error) {
	n, err := r.uleb()
	if err != nil {
		return nil, err
	}
	var sizes []int
	for range n {
		start := r.i
		l, err := r.uleb()
		if err != nil {
			return nil, err
		}
		if _, err := r.bytes(l); err != nil {
			return nil, err
		}
		sizes = append(sizes, r.i-start)
	}
	return sizes, nil
}

// readNames reads the function names (subsection 1) of a custom section
// called "name"; other custom sections are skipped.
func readNames(r *reader, names map[int]string) error {
	l, err := r.uleb()
	if err != nil {
		return err
	}
	title, err := r.bytes(l)
	if err != nil || string(title) != "name" {
		return err
	}
	for r.i < len(r.b) {
		sub, err := r.byte()
		if err != nil {
			return err
		}
		size, err := r.uleb()
		if err != nil {
			return err
		}
		body, err := r.bytes(size)
		if err != nil {
			return err
		}
		if sub != 1 {
			continue
		}
		s := &reader{b: body}
		n, err := s.uleb()
		if err != nil {
			return err
		}
		for range n {
			idx, err := s.uleb()
			if err != nil {
				return err
			}
			l, err := s.uleb()
			if err != nil {
				return err
			}
			name, err := s.bytes(l)
			if err != nil {
				return err
			}
			names[idx] = string(name)
		}
	}
	return nil
}

// packageOf maps a Go wasm function name to its package. The linker writes
// import paths with '/' and '-' as '_' ("github.com_x_y.F", "encoding_json.F"),
// so the package ends at the first '.' after the module host's dots; our own
// packages and the standard library (no '_' in their paths) are written back
// with '/', other modules are left as the linker wrote them.
func packageOf(name string) string {
	if name == "" {
		return "(unnamed)"
	}
	for _, p := range []string{"go:", "type:", "type_.", "eq.", "hash."} {
		name = strings.TrimPrefix(name, p)
	}
	const ours = "github.com_bedside_health_bedside_"
	for _, host := range []string{"github.com_", "gonum.org_", "golang.org_", "vendor_golang.org_"} {
		if !strings.HasPrefix(name, host) {
			continue
		}
		dot := strings.IndexByte(name[len(host):], '.')
		if dot < 0 {
			return name
		}
		pkg := name[:len(host)+dot]
		if strings.HasPrefix(pkg, ours) {
			return "bedside/" + strings.ReplaceAll(pkg[len(ours):], "_", "/")
		}
		return pkg
	}
	if dot := strings.IndexByte(name, '.'); dot > 0 {
		return strings.ReplaceAll(name[:dot], "_", "/")
	}
	return name
}

// Command shrinkprog exercises what Shrink must leave working in a Go wasm
// binary: stack growth and copying (the stack-pointer and pcdata tables),
// garbage collection of pointers held on the stack (stack maps), defer and
// recover, goroutines, maps and function names. Its output must be the same
// before and after Shrink except for the one line that prints a file and
// line, which Shrink drops on purpose.
package main

import (
	"fmt"
	"runtime"
	"strings"
)

type node struct {
	next *node
	val  [4]int
}

// deep recurses with pointers live on every frame, forcing the stack to
// grow (and be copied) and the collector to scan it.
func deep(n int, list *node) int {
	if n == 0 {
		runtime.GC()
		s := 0
		for p := list; p != nil; p = p.next {
			s += p.val[0]
		}
		return s
	}
	var pad [64]byte
	pad[n%64] = byte(n)
	return deep(n-1, &node{next: list, val: [4]int{n, int(pad[n%64])}})
}

func divide(a, b int) (q int, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("recovered: %v", v)
		}
	}()
	return a / b, nil
}

func main() {
	fmt.Println("sum", deep(20000, nil))
	for _, b := range []int{3, 0} {
		q, err := divide(7, b)
		fmt.Println("divide", q, err)
	}
	done := make(chan map[string]int)
	for g := range 4 {
		go func() {
			m := map[string]int{}
			for i := range 10000 {
				m[strings.Repeat("x", i%7)] += g + i
			}
			done <- m
		}()
	}
	total := 0
	for range 4 {
		for _, v := range <-done {
			total += v
		}
	}
	fmt.Println("maps", total)
	pc, file, line, ok := runtime.Caller(0)
	fmt.Println("func", runtime.FuncForPC(pc).Name(), ok)
	fmt.Printf("line %s:%d\n", file[strings.LastIndex(file, "/")+1:], line)
}
